"""Nothing the portal draws may be kept by the browser (Back after signing out, or Back on the
tablet in child mode, must ask the server again); static files stay cacheable."""

import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.sections import SECTIONS
from tests.conftest import SignedInClient
from tests.factories import PASSWORD, AssessmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _routes(patterns=None, namespace=""):
    """Every named route in the URLconf, with the names of its parameters."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", list(entry.pattern.converters)


def _ids(case) -> dict:
    return {
        "child_id": case["child"].id,
        "link_id": case["link"].id,
        "carer_id": case["carer"].id,
        "assessment_id": case["assessment"].id,
        "drawing_id": case["drawing"].id,
        "action_id": case["action"].id,
        "step": 0,
        "slug": SECTIONS[0].slug,
        "kind": "routes",
    }


def assert_not_stored(response, what: str) -> None:
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private", "no-cache", "max-age=0"} <= cache_control, (
        what,
        response.status_code,
        response.get("Cache-Control"),
    )


def test_every_page_a_signed_in_person_opens_is_sent_no_store(practitioner_client, case):
    """Walks the URLconf as the practitioner holding a case: each route, with the case's ids
    (or an unknown id), whatever it answers (a page, a PDF, a drawing, a redirect, a 403 or 404)."""
    ids = _ids(case)
    opened = []
    for name, params in _routes():
        kwargs = {p: ids.get(p, uuid.uuid4() if p.endswith("_id") else "unknown") for p in params}
        try:
            url = reverse(name, kwargs=kwargs)
        except Exception:  # a parameter of another type (an int id): an unknown one will do
            url = reverse(name, kwargs={p: ids.get(p, 999_999) for p in params})
        response = practitioner_client.get(url)
        assert_not_stored(response, name)
        if response.status_code == 200:
            opened.append(name)
    for page in ["assessments:my_cases", "assessments:child_detail"]:
        assert page in opened
    assert "assessments:assessment_detail" in opened and "assessments:drawing_file" in opened
    assert len(opened) >= 20, opened


def test_the_audit_trail_and_the_childs_screens_in_child_mode_are_not_stored(
    practitioner_client, case
):
    auditor = SignedInClient()
    auditor.force_login(UserFactory(roles=["Auditor"]))
    assert_not_stored(auditor.get(reverse("audit_trail")), "audit trail")

    assessment = AssessmentFactory(child=case["child"], practitioner_notes="ADULTS ONLY")
    practitioner_client.post(
        reverse("assessments:child_mode_setup", args=[assessment.id]),
        {"language": "en", "age_band": "8_12", "family_member": "mum"},
    )
    step = practitioner_client.get(reverse("assessments:child_mode_step", args=[assessment.id, 0]))
    assert step.status_code == 200
    assert_not_stored(step, "the child's first screen")
    notes = reverse("assessments:assessment_detail", args=[assessment.id])
    elsewhere = practitioner_client.get(notes)
    assert elsewhere.status_code == 302  # to the hand-back page, and that answer is not kept
    assert_not_stored(elsewhere, "the redirect to the hand-back page")


def test_pages_for_people_not_signed_in_are_not_stored_either():
    anonymous = Client()
    for url in [reverse("login"), "/no/such/page/", reverse("assessments:my_cases")]:
        assert_not_stored(anonymous.get(url), url)


def test_signing_out_tells_the_browser_to_drop_what_it_kept(practitioner):
    browser = Client()
    credentials = {"username": practitioner.username, "password": PASSWORD}
    signed_in = browser.post(reverse("login"), credentials)
    assert signed_in.status_code == 302 and not signed_in.has_header("Clear-Site-Data")
    signed_out = browser.post(reverse("logout"))
    assert signed_out["Clear-Site-Data"] == '"cache", "storage"'
    assert_not_stored(signed_out, "sign out")


def test_static_files_are_still_cacheable(client):
    css = Path(settings.STATIC_ROOT) / "build" / "portal.css"
    assert css.exists(), "make test collects the static files first"
    response = client.get(f"{settings.STATIC_URL}build/portal.css")
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" not in cache_control and "private" not in cache_control
    assert "public" in cache_control and "max-age=" in cache_control
    assert int(cache_control.split("max-age=")[1].split(",")[0]) > 0
