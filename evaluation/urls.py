from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("evaluation/", views.pilot_list, name="pilot_list"),
    path("evaluation/<slug:slug>/", views.dashboard, name="dashboard"),
    path("evaluation/<slug:slug>/children/", views.children, name="children"),
    path("evaluation/<slug:slug>/families/", views.families, name="families"),
    path("evaluation/<slug:slug>/justice-journey/", views.justice, name="justice"),
    path("evaluation/<slug:slug>/how-quickly/", views.timeliness, name="timeliness"),
    path("evaluation/<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("evaluation/<slug:slug>/count-again/", views.recount, name="recount"),
    path("evaluation/<slug:slug>/report.pdf", views.report_pdf, name="report_pdf"),
    path("evaluation/<slug:slug>/tables/<slug:table>.csv", views.table_csv, name="table_csv"),
    path("evaluation/<slug:slug>/report-sections/", views.narrative_edit, name="narrative_edit"),
    path("evaluation/<slug:slug>/action-plan/", views.action_plan, name="action_plan"),
    path(
        "evaluation/<slug:slug>/action-plan/<int:plan_action_id>/",
        views.plan_action_edit,
        name="plan_action_edit",
    ),
    path("evaluation/<slug:slug>/training/", views.training, name="training"),
    path(
        "evaluation/<slug:slug>/training/add/",
        views.training_session_edit,
        name="training_session_add",
    ),
    path(
        "evaluation/<slug:slug>/training/<uuid:session_id>/",
        views.training_session_edit,
        name="training_session_edit",
    ),
    path("evaluation/<slug:slug>/costs/", views.unit_costs, name="unit_costs"),
    path("evaluation/<slug:slug>/costs/add/", views.unit_cost_edit, name="unit_cost_add"),
    path(
        "evaluation/<slug:slug>/costs/<int:cost_id>/", views.unit_cost_edit, name="unit_cost_edit"
    ),
    path("feedback/new-link/", views.feedback_link_create, name="feedback_link_create"),
    path("feedback/paper/", views.feedback_paper, name="feedback_paper"),
    path("feedback/thank-you/", views.feedback_thanks, name="feedback_thanks"),
    path("feedback/<str:token>/", views.feedback_answer, name="feedback_answer"),
]

urlpatterns += [
    path("national/", views.national, name="national"),
    path("national/<int:year>/figures.csv", views.national_csv, name="national_csv"),
    path("national/<int:year>/report.pdf", views.national_report_pdf, name="national_report_pdf"),
]
