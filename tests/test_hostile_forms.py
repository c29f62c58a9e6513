"""Property-based: random and hostile input posted to every form in the portal never causes a
server error, and a submission that is refused stores nothing.

The routes come from the URLconf (a new form is covered without editing this file); the field
names come from each page as it is drawn; hypothesis draws the values: control characters,
huge strings, impossible dates, markup, SQL, numbers out of range, unicode of every kind."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import JoinRequest
from chronology.models import HandOn
from cia_portal.accounts.models import Role
from cia_portal.notifications.models import Notification
from cia_portal.notifications.services import notify
from evaluation.models import PlanAction, PlanOutcome, TrainingSession, UnitCost
from evaluation.services import feedback_link_create
from referrals.services import onward_referral_create, referral_create
from tests.conftest import SignedInClient
from tests.factories import (
    CaseNoteFactory,
    ChildFactory,
    ConsentFactory,
    HearingFactory,
    OverrideFactory,
    PilotFactory,
    ReferralRouteFactory,
    SupportServiceFactory,
    UserFactory,
    whole_case_consent,
)

pytestmark = pytest.mark.django_db

# Routes that change the session itself rather than take a form's data: signing out, and
# the child's own screens (their hostile input has its own tests in test_child_mode.py).
NOT_FORMS = re.compile(r"^(logout|assessments:child_mode_\w+)$")
# Tables that change on any attempt, valid or not: the trail of who tried what, sign-in
# failures, two-factor throttling, sessions.
NOT_DATA = re.compile(r"^(audit_|axes_|otp_|django_session|django_admin_log)")

HOSTILE = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(
        [
            "",
            "\x00",
            "x" * 6000,
            "<script>alert(1)</script>",
            "'; DROP TABLE assessments_child; --",
            "2023-02-31",
            "99999999999999999999999",
            "-1",
            "\u202e\ufeff",
            "../../etc/passwd",
        ]
    ),
    st.integers().map(str),
    st.dates().map(str),
)


@pytest.fixture
def everyone(case, practitioner):
    """The case holder, given every role, and the ids of one of everything in their case."""
    practitioner.groups.set(Group.objects.filter(name__in=list(Role)))
    route, pilot, service = ReferralRouteFactory(), PilotFactory(), SupportServiceFactory()
    ConsentFactory(child=case["child"], recipients=[service.organisation])
    outcome = PlanOutcome.objects.create(pilot=pilot, number=1, plan_stage="delivery", text="O")
    ids = {
        "child_id": case["child"].id,
        "assessment_id": case["assessment"].id,
        "drawing_id": case["drawing"].id,
        "link_id": case["link"].id,
        "carer_id": case["carer"].id,
        "action_id": case["action"].id,
        "consent_id": ConsentFactory(child=case["child"], recorded_by=practitioner).id,
        "override_id": OverrideFactory(child=case["child"], recipient_user=UserFactory()).id,
        "kind": "routes",
        "entry_id": route.id,
        "table": "funnel",
        "slug": pilot.slug,
        "year": 2023,
        "plan_action_id": PlanAction.objects.create(outcome=outcome, code="1.1", text="Plan").pk,
        "cost_id": UnitCost.objects.create(
            pilot=pilot, path="custody", name="Care", amount=1, unit="each", quantity=1, source="S"
        ).pk,
        "session_id": TrainingSession.objects.create(
            pilot=pilot,
            audience="alliance",
            title="T",
            held_on=date(2023, 1, 5),
            recorded_by=practitioner,
        ).pk,
        "token": feedback_link_create(
            pilot=pilot, respondent="child", stage="court", created_by=practitioner
        ),
        "referral_id": referral_create(
            received_by=practitioner,
            data={
                "route": route,
                "referred_by": "Desk",
                "mother_name": "M",
                "children_description": "C",
            },
        ).id,
        "onward_id": onward_referral_create(
            action=case["action"], service=service, actor=practitioner
        ).id,
    }
    colleague = UserFactory(organisation=practitioner.organisation)
    ids["user_id"] = colleague.pk
    ids["request_id"] = JoinRequest.objects.create(
        child=case["child"], their_child=ChildFactory(created_by=colleague), requested_by=colleague
    ).id
    ids["note_id"] = CaseNoteFactory(child=case["child"], written_by=practitioner).id
    ids["event_id"] = HearingFactory(parent=case["link"].parent).id
    sender = UserFactory()
    theirs = ChildFactory(created_by=sender)
    whole_case_consent(child=theirs, organisation=practitioner.organisation)
    ids["hand_on_id"] = HandOn.objects.create(
        child=theirs, to_organisation=practitioner.organisation, handed_on_by=sender, note="N"
    ).id
    notify(recipients=[practitioner], kind=Notification.Kind.SHARED, url="/")
    ids["notification_id"] = Notification.objects.get(recipient=practitioner).id
    browser = SignedInClient()
    browser.force_login(practitioner)
    return browser, ids


def form_routes():
    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue  # Django's own admin, not our forms
                namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                yield from walk(entry.url_patterns, namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                yield f"{prefix}{entry.name}", sorted(entry.pattern.converters)

    return [
        (name, keys)
        for name, keys in walk(get_resolver().url_patterns)
        if not NOT_FORMS.match(name)
    ]


def url_for(name, keys, ids):
    """A conversation section's slug is a section; every other slug is the pilot's."""
    section = name.startswith("assessments:")
    kwargs = {k: "what-worries-me" if k == "slug" and section else ids[k] for k in keys}
    return reverse(name, kwargs=kwargs)


def data_checksum() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = sorted(t for (t,) in cursor.fetchall() if not NOT_DATA.match(t))
        sums = {}
        for table in tables:
            cursor.execute(
                "SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                f' FROM "{table}" t'
            )
            sums[table] = cursor.fetchone()[0]
    return sums


def assert_summary_in_page_order(html: str, route: str) -> None:
    """Each error summary links to its fields in the order the page shows them, and to fields
    that are there."""
    for summary in re.finditer(r'govuk-error-summary__list">(.*?)</ul>', html, re.S):
        targets = re.findall(r'href="#([^"]+)"', summary.group(1))
        places = []
        for target in targets:
            assert f'id="{target}"' in html, (route, f"the summary links to #{target}: not here")
            field = re.escape(re.sub(r"_\d+$", "", target))  # where the field starts
            places.append(re.compile(rf'id="{field}(_\d+)?"').search(html, summary.end()).start())
        assert places == sorted(places), (route, "the summary is not in the page's order", targets)


def test_the_summary_check_finds_a_summary_out_of_order():
    summary = '<ul class="govuk-list govuk-error-summary__list"><li><a href="#id_b">B</a></li>'
    summary += '<li><a href="#id_a">A</a></li></ul>'
    with pytest.raises(AssertionError):
        assert_summary_in_page_order(summary + '<input id="id_a"><input id="id_b">', "x")
    assert_summary_in_page_order(summary + '<input id="id_b"><input id="id_a">', "x")


def field_names(html: str) -> list[str]:
    names = set(re.findall(r'name="([^"]+)"', html)) - {"csrfmiddlewaretoken", "seen"}
    return sorted(names) or ["value"]


def test_every_form_route_is_reached(everyone):
    _, ids = everyone
    routes = form_routes()
    assert len(routes) >= 55
    assert [name for name, keys in routes if not set(keys) <= set(ids)] == []


@pytest.mark.parametrize("route", [name for name, keys in form_routes()])
def test_hostile_input_never_errors_and_a_refused_form_stores_nothing(everyone, route):
    browser, ids = everyone
    url = url_for(route, dict(form_routes())[route], ids)
    page = browser.get(url)
    body = b"".join(page.streaming_content) if page.streaming else page.content
    names = field_names(body.decode(errors="replace"))

    @settings(
        max_examples=8,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        derandomize=True,
    )
    @given(st.fixed_dictionaries({name: HOSTILE for name in names}))
    def post(data):
        before = data_checksum()
        response = browser.post(url, data)
        assert response.status_code < 500, (route, data)
        if response.status_code not in (301, 302, 303):
            changed = [t for t, s in data_checksum().items() if before.get(t) != s]
            assert changed == [], (route, response.status_code, data)
            if not response.streaming:
                assert_summary_in_page_order(response.content.decode(), route)

    post()
