from django.urls import path

from . import views

app_name = "caseload"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("team/", views.team, name="team"),
    path("team/inbox/", views.inbox, name="inbox"),
    path("team/inbox/<uuid:hand_on_id>/", views.hand_on_answer, name="hand_on_answer"),
    path("team/<int:user_id>/", views.team_member, name="team_member"),
    path("team/<int:user_id>/close/", views.team_member_close, name="team_member_close"),
    path("safeguarding/", views.safeguarding_search, name="safeguarding_search"),
    path("safeguarding/overrides/", views.safeguarding_overrides, name="safeguarding_overrides"),
]
