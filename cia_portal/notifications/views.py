from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from cia_portal.accounts.guards import GET_ONLY, POST_ONLY, role_page
from cia_portal.accounts.models import Role

from . import selectors, services

PER_PAGE = 25
EVERY_ROLE = tuple(Role.values)


@role_page(*EVERY_ROLE, methods=GET_ONLY)
def notification_list(request):
    page = Paginator(selectors.notification_list_for(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@role_page(*EVERY_ROLE, methods=GET_ONLY)
def notification_open(request, notification_id):
    """Marks it read and goes where the work is; that page is guarded like any other."""
    notification = selectors.notification_get_for(request.user, notification_id)
    services.notification_open(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notification_list")


@role_page(*EVERY_ROLE, methods=POST_ONLY)
def notifications_read_all(request):
    services.notifications_read_all(user=request.user)
    return redirect("notification_list")
