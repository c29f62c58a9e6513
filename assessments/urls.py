from django.urls import path

from . import child_views, consent_steps, new_case_steps, views

app_name = "assessments"

urlpatterns = [
    path("", views.my_cases, name="my_cases"),
    path("add/", views.case_create, name="case_create"),
    path("paper-pack/", views.paper_pack, name="paper_pack"),
    *[
        path(
            f"add/{step.slug}/",
            views.case_step,
            {"step": step.slug},
            name=step.url_name.removeprefix("assessments:"),
        )
        for step in new_case_steps.STEPS
    ],
    path("add/may-be-known/", views.case_known, name="case_known"),
    path("add/check/", views.case_check, name="case_check"),
    path("<uuid:child_id>/", views.child_detail, name="child_detail"),
    path("<uuid:child_id>/edit/", views.child_edit, name="child_edit"),
    path("<uuid:child_id>/actions/", views.child_actions, name="child_actions"),
    path("<uuid:child_id>/family/", views.child_family, name="child_family"),
    path("<uuid:child_id>/sharing/", views.child_sharing, name="child_sharing"),
    path("<uuid:child_id>/sibling/", views.sibling_add, name="sibling_add"),
    path("<uuid:child_id>/parent/<uuid:link_id>/", views.parent_edit, name="parent_edit"),
    path(
        "<uuid:child_id>/parent/<uuid:link_id>/journey/",
        views.parent_journey,
        name="parent_journey",
    ),
    path(
        "<uuid:child_id>/parent/<uuid:link_id>/journey/add/",
        views.justice_event_add,
        name="justice_event_add",
    ),
    path(
        "<uuid:child_id>/journey/<uuid:event_id>/",
        views.justice_event_edit,
        name="justice_event_edit",
    ),
    path(
        "<uuid:child_id>/journey/<uuid:event_id>/remove/",
        views.justice_event_remove,
        name="justice_event_remove",
    ),
    path("<uuid:child_id>/carers/add/", views.carer_edit, name="carer_add"),
    path("<uuid:child_id>/carers/<uuid:carer_id>/", views.carer_edit, name="carer_edit"),
    path("<uuid:child_id>/offer/", views.offer_create, name="offer_create"),
    path("<uuid:child_id>/conversations/start/", views.assessment_start, name="assessment_start"),
    path("<uuid:child_id>/actions/add/", views.action_edit, name="action_add"),
    path("actions/<uuid:action_id>/", views.action_edit, name="action_edit"),
    path("conversations/<uuid:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path(
        "conversations/<uuid:assessment_id>/check/", views.assessment_check, name="assessment_check"
    ),
    path("conversations/<uuid:assessment_id>/drawings/add/", views.drawing_add, name="drawing_add"),
    path("drawings/<uuid:drawing_id>/", views.drawing_file, name="drawing_file"),
    path("conversations/<uuid:assessment_id>/this-is-me/", views.this_is_me, name="this_is_me"),
    path(
        "conversations/<uuid:assessment_id>/this-is-me.pdf",
        views.this_is_me_pdf,
        name="this_is_me_pdf",
    ),
    path(
        "conversations/<uuid:assessment_id>/this-is-me-keepsake.pdf",
        views.this_is_me_keepsake,
        name="this_is_me_keepsake",
    ),
    path(
        "conversations/<uuid:assessment_id>/you-said-we-did/",
        views.you_said_we_did,
        name="you_said_we_did",
    ),
    path(
        "conversations/<uuid:assessment_id>/you-said-we-did.pdf",
        views.you_said_we_did_pdf,
        name="you_said_we_did_pdf",
    ),
    path(
        "conversations/<uuid:assessment_id>/you-said-we-did/given/",
        views.you_said_we_did_given,
        name="you_said_we_did_given",
    ),
    path("<uuid:child_id>/practitioners/", views.child_allocate, name="child_allocate"),
    path(
        "<uuid:child_id>/join-requests/<uuid:request_id>/",
        views.join_request,
        name="join_request",
    ),
    path("<uuid:child_id>/consents/add/", views.consent_create, name="consent_create"),
    *[
        path(
            f"<uuid:child_id>/consents/add/{step.slug}/",
            views.consent_step,
            {"step": step.slug},
            name=step.url_name.removeprefix("assessments:"),
        )
        for step in consent_steps.STEPS
    ],
    path("<uuid:child_id>/consents/add/check/", views.consent_check, name="consent_check"),
    path("consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<uuid:child_id>/safeguarding-override/", views.override_create, name="override_create"),
    path("safeguarding-overrides/<uuid:override_id>/end/", views.override_end, name="override_end"),
    path(
        "conversations/<uuid:assessment_id>/with-child/setup/",
        child_views.child_mode_setup,
        name="child_mode_setup",
    ),
    path(
        "conversations/<uuid:assessment_id>/with-child/<int:step>/",
        child_views.child_mode_step,
        name="child_mode_step",
    ),
    path(
        "conversations/<uuid:assessment_id>/with-child/thank-you/",
        child_views.child_mode_done,
        name="child_mode_done",
    ),
    path(
        "conversations/<uuid:assessment_id>/with-child/hand-back/",
        child_views.child_mode_hand_back,
        name="child_mode_hand_back",
    ),
    # Last: the section slugs must not shadow the named conversation pages above.
    path(
        "conversations/<uuid:assessment_id>/<slug:slug>/",
        views.assessment_section,
        name="assessment_section",
    ),
]
