from django.urls import path

from . import views

app_name = "chronology"

urlpatterns = [
    path("<uuid:child_id>/chronology/", views.chronology, name="chronology"),
    path("<uuid:child_id>/chronology.pdf", views.chronology_pdf, name="chronology_pdf"),
    path("<uuid:child_id>/notes/", views.notes, name="notes"),
    path("<uuid:child_id>/hand-on/", views.hand_on, name="hand_on"),
    path("<uuid:child_id>/keeping-in-touch/", views.keeping_in_touch, name="keeping_in_touch"),
    path(
        "<uuid:child_id>/keeping-in-touch/<uuid:link_id>/",
        views.parent_contact_edit,
        name="parent_contact_edit",
    ),
    path(
        "<uuid:child_id>/release/<uuid:link_id>/",
        views.release_plan_edit,
        name="release_plan_edit",
    ),
    path("<uuid:child_id>/notes/add/", views.note_edit, name="note_add"),
    path("<uuid:child_id>/notes/<uuid:note_id>/", views.note_detail, name="note_detail"),
    path("<uuid:child_id>/notes/<uuid:note_id>/change/", views.note_edit, name="note_edit"),
]
