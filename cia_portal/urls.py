from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from . import views
from .accounts import idle
from .accounts import views as account_views
from .audit import views as audit_views
from .notifications import views as notification_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Asked for by browsers whatever the page says: the same icon, from the static files.
    path("favicon.ico", RedirectView.as_view(url=static("images/favicon.ico"), permanent=True)),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-in/code/", account_views.two_factor_verify, name="two_factor_verify"),
    path("sign-in/set-up/", account_views.two_factor_setup, name="two_factor_setup"),
    path("account/recovery-codes/", account_views.recovery_codes, name="recovery_codes"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/keep-alive/", idle.keep_alive, name="session_keep_alive"),
    path("children/", include("assessments.urls")),
    path("children/", include("records.urls")),
    path("children/", include("chronology.urls")),
    path("", include("referrals.urls")),
    path("", include("evaluation.urls")),
    path("", include("caseload.urls")),
    path("families/", include("families.urls")),
    path("audit/", audit_views.audit_trail, name="audit_trail"),
    path("audit/export.csv", audit_views.audit_trail_csv, name="audit_trail_csv"),
    path("notifications/", notification_views.notification_list, name="notification_list"),
    path(
        "notifications/<uuid:notification_id>/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/read/",
        notification_views.notifications_read_all,
        name="notifications_read_all",
    ),
    path("django-admin/", admin.site.urls),
]

handler400 = "cia_portal.views.bad_request"
handler404 = "cia_portal.views.page_not_found"
handler500 = "cia_portal.views.server_error"
