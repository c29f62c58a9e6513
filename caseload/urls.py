from django.urls import path

from . import views

app_name = "caseload"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("safeguarding/", views.safeguarding_search, name="safeguarding_search"),
    path("safeguarding/overrides/", views.safeguarding_overrides, name="safeguarding_overrides"),
]
