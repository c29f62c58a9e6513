from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("<slug:kind>/", views.directory_list, name="directory_list"),
    path("<slug:kind>/add/", views.entry_edit, name="entry_add"),
    path("<slug:kind>/export.csv", views.directory_export, name="directory_export"),
    path("<slug:kind>/import/", views.directory_import, name="directory_import"),
    path("<slug:kind>/<uuid:entry_id>/", views.entry_edit, name="entry_edit"),
    path("<slug:kind>/<uuid:entry_id>/action/", views.entry_action, name="entry_action"),
]
