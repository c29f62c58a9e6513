"""One family of refusals: a refusal nobody caught is a GOV.UK page with its reason."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from cia_portal.errors import NotAllowed, NotFound, Refused, RefusedMiddleware
from referrals.services import OnwardRefused, TransitionRefused


def test_every_service_refusal_is_a_refused():
    assert issubclass(TransitionRefused, Refused) and issubclass(OnwardRefused, Refused)


def test_not_found_and_not_allowed_are_djangos_own_404_and_403():
    from django.core.exceptions import PermissionDenied

    assert issubclass(NotFound, Http404) and issubclass(NotAllowed, PermissionDenied)


@pytest.mark.django_db
def test_an_uncaught_refusal_is_a_400_page_that_says_why():
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    middleware = RefusedMiddleware(lambda r: None)
    response = middleware.process_exception(request, OnwardRefused("That service has closed"))
    assert response.status_code == 400
    assert "That service has closed" in response.content.decode()
    assert "govuk-heading-l" in response.content.decode()
    assert middleware.process_exception(request, NotFound("x")) is None  # Django's 404 page
    assert middleware.process_exception(request, ValueError("x")) is None
