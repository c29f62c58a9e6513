from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/add/", views.referral_create, name="referral_create"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral_detail"),
    path(
        "referrals/<uuid:referral_id>/family/",
        views.referral_link_family,
        name="referral_link_family",
    ),
    path("hearings/", views.hearings, name="hearings"),
    path("services/referrals/<uuid:onward_id>/", views.service_referral, name="service_referral"),
    path(
        "children/actions/<uuid:action_id>/onward/",
        views.onward_referrals,
        name="onward_referrals",
    ),
    path(
        "children/actions/<uuid:action_id>/onward/<uuid:onward_id>/",
        views.onward_referral_update,
        name="onward_referral_update",
    ),
    path("directory/<slug:kind>/", views.directory_list, name="directory_list"),
    path("directory/<slug:kind>/add/", views.entry_edit, name="entry_add"),
    path("directory/<slug:kind>/export.csv", views.directory_export, name="directory_export"),
    path("directory/<slug:kind>/import/", views.directory_import, name="directory_import"),
    path("directory/<slug:kind>/<uuid:entry_id>/", views.entry_edit, name="entry_edit"),
    path("directory/<slug:kind>/<uuid:entry_id>/retire/", views.entry_retire, name="entry_retire"),
    path("directory/<slug:kind>/<uuid:entry_id>/action/", views.entry_action, name="entry_action"),
]
