from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("<uuid:child_id>/record/", views.record, name="record"),
    path("<uuid:child_id>/record/whole-record.pdf", views.record_pdf, name="record_pdf"),
    path("<uuid:child_id>/record/whole-record.json", views.record_json, name="record_json"),
]
