"""The generated access test: every route that takes a child, conversation, consent, action,
drawing or override id, for every role and relation to the child, against the status the
view's declared access level says it must give; and every page that opens writes an audit
row naming the person and the child. A new route is covered without editing this
file; a route that takes such an id but declares no access level fails here."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments import services
from assessments.models import Child, JoinRequest
from cia_portal.accounts.models import User
from cia_portal.audit.models import AuditEvent
from referrals import services as referral_services
from tests.conftest import png_bytes
from tests.factories import (
    AgreedActionFactory,
    CarerFactory,
    CaseNoteFactory,
    ChildFactory,
    CompletedAssessmentFactory,
    ConsentFactory,
    JusticeEventFactory,
    OverrideFactory,
    ParentChildLinkFactory,
    SupportServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHILD_KEYS = {
    "child_id",
    "assessment_id",
    "action_id",
    "drawing_id",
    "consent_id",
    "override_id",
    "link_id",
    "carer_id",
    "onward_id",
    "note_id",
    "event_id",
}
CONVERSATION_KEYS = {"assessment_id", "drawing_id"}  # the conversation is at the court stage
NOTE_KEYS = {"note_id"}  # only the in-scope consent includes the practitioner's notes

# Who is asking, and how they relate to the child.
ROLES = [
    "holder",
    "shared_in_scope",
    "shared_out_of_scope",
    "unshared",
    "withdrawn",
    "safeguarding_lead",
    "chair",
    "national_lead",
    "referral_admin",
    "auditor",
    "anonymous",
]


def child_routes():
    """(name, view) for every route in the URLconf whose arguments identify a child's data."""

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                yield from walk(entry.url_patterns, namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                keys = set(entry.pattern.converters)
                if keys & CHILD_KEYS:
                    yield f"{prefix}{entry.name}", entry.callback, keys

    return list(walk(get_resolver().url_patterns))


def test_the_walk_finds_the_routes_it_should():
    names = {name for name, _, _ in child_routes()}
    assert {
        "assessments:child_detail",
        "assessments:this_is_me_pdf",
        "assessments:consent_withdraw",
        "assessments:override_end",
        "referrals:onward_referrals",
        "referrals:onward_referral_update",
        "chronology:notes",
        "chronology:note_detail",
        "chronology:note_edit",
        "chronology:chronology",
        "chronology:chronology_pdf",
        "chronology:keeping_in_touch",
        "chronology:parent_contact_edit",
        "chronology:hand_on",
        "chronology:release_plan_edit",
        "referrals:service_referral",
    } <= names


@pytest.fixture
def world():
    holder = UserFactory()
    link = ParentChildLinkFactory(child__created_by=holder)
    child = link.child
    court = CompletedAssessmentFactory(child=child, stage="court")
    drawing = services.drawing_add(
        assessment=court,
        actor=holder,
        image=SimpleUploadedFile("d.png", png_bytes(), content_type="image/png"),
    )
    services.you_said_we_did_save(
        assessment=court, actor=holder, sections=["about-me"], who_to_ask="The holder"
    )
    users = {
        "holder": holder,
        "shared_in_scope": UserFactory(),
        "shared_out_of_scope": UserFactory(),
        "unshared": UserFactory(),
        "withdrawn": UserFactory(),
        "safeguarding_lead": UserFactory(roles=["Practitioner", "Safeguarding lead"]),
        "chair": UserFactory(roles=["Alliance chair"]),
        "national_lead": UserFactory(roles=["National lead"]),
        "referral_admin": UserFactory(roles=["Referral admin"], is_staff=True),
        "auditor": UserFactory(roles=["Auditor"]),
    }
    all_parts = ["about-me", "what-i-want-people-to-know", "drawings"]
    # The chair's organisation is named too: the chair must still see nothing.
    consent = ConsentFactory(
        child=child,
        sections=all_parts,
        include_practitioner_notes=True,
        recipients=[
            users["shared_in_scope"],
            users["chair"].organisation,
            users["national_lead"].organisation,
        ],
    )
    ConsentFactory(
        child=child,
        stages=["custody"],
        sections=all_parts,
        recipients=[users["shared_out_of_scope"]],
    )
    services.consent_withdraw(
        consent=ConsentFactory(child=child, sections=all_parts, recipients=[users["withdrawn"]]),
        actor=holder,
    )
    action = AgreedActionFactory(child=child)
    onward = referral_services.onward_referral_create(
        action=action,
        service=SupportServiceFactory(organisation=users["chair"].organisation),
        actor=holder,
    )
    ids = {
        "child_id": child.id,
        "assessment_id": court.id,
        "drawing_id": drawing.id,
        "action_id": action.id,
        "onward_id": onward.id,
        "consent_id": consent.id,
        "override_id": OverrideFactory(child=child, recipient_user=UserFactory()).id,
        "link_id": link.id,
        "event_id": JusticeEventFactory(parent=link.parent).id,
        "note_id": CaseNoteFactory(child=child, written_by=holder).id,
        "carer_id": CarerFactory(family=child.family).id,
        "request_id": JoinRequest.objects.create(
            child=child,
            their_child=ChildFactory(created_by=users["unshared"]),
            requested_by=users["unshared"],
        ).id,
        "slug": "about-me",
        "step": 0,
    }
    return users, ids


NOT_PRACTITIONERS = {"chair", "national_lead", "referral_admin", "auditor"}


def expected_status(level: str | None, role: str, keys: set[str]) -> int:
    if role == "anonymous":
        return 302
    if level == "service":  # the service's own practitioners only: nobody in this world
        return 403 if role in NOT_PRACTITIONERS else 404
    about_conversation = bool(keys & CONVERSATION_KEYS)
    if level == "safeguarding":
        return 200 if role == "safeguarding_lead" else 404
    if role == "holder":
        return 200
    if role == "shared_in_scope":
        return 200 if level == "shared" else 403
    if role == "shared_out_of_scope":
        if about_conversation or (keys & NOTE_KEYS and level == "shared"):
            return 404
        return 200 if level == "shared" else 403
    return 404


# What each role got on each route, written out as a table when the module ends
# (var/access-grid.md): the grid an auditor can read, generated by the test that checks it.
GRID: dict[str, dict[str, int]] = {}
GRID_FILE = Path(__file__).resolve().parent.parent / "var" / "access-grid.md"


@pytest.fixture(scope="module", autouse=True)
def write_the_grid():
    yield
    if not GRID:
        return
    roles = [role for role in ROLES if role in GRID]
    routes = sorted({route for answers in GRID.values() for route in answers})
    lines = [
        "# Who gets what on each page about a child",
        "",
        "Generated by tests/test_access_grid.py: the status each role got (200 opened and "
        "audited; 302 to sign in; 403 refused with a reason; 404 as if the child did not "
        "exist).",
        "",
        "| Route | " + " | ".join(roles) + " |",
        "|---|" + "---|" * len(roles),
        *(
            f"| {route} | " + " | ".join(str(GRID[r].get(route, "")) for r in roles) + " |"
            for route in routes
        ),
    ]
    GRID_FILE.parent.mkdir(exist_ok=True)
    GRID_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("role", ROLES)
def test_every_child_route_answers_each_role_as_its_access_level_says(client, world, role):
    users, ids = world
    if role != "anonymous":
        client.force_login(users[role])
    failures = []
    for name, view, keys in child_routes():
        level = getattr(view, "access_level", None)
        if level is None:
            failures.append(f"{name}: declares no access level")
            continue
        url = reverse(name, kwargs={k: ids[k] for k in keys})
        last_row = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = client.get(url)
        if response.status_code == 405:  # a POST-only action: try it as such
            response = client.post(url)
            got = (
                200 if response.status_code == 302 and role != "anonymous" else response.status_code
            )
        else:
            got = response.status_code
        GRID.setdefault(role, {})[name] = got
        want = expected_status(level, role, keys)
        if got != want:
            failures.append(f"{name} as {role}: {got}, expected {want}")
        written = AuditEvent.objects.filter(
            pk__gt=last_row, actor=users.get(role), child_id=ids["child_id"]
        )
        if got == 200 and not written.exists():
            failures.append(f"{name} as {role}: opened, but no audit row was written")
    assert failures == []


HOSTILE = [
    "\x00",
    "x" * 3000,
    "<script>alert(1)</script>",
    "-1",
    "99999999999999999999",
    "'; DROP TABLE assessments_child; --",
]
FIELDS = [
    "preferred_name",
    "date_of_birth_0",
    "gender",
    "stage",
    "outcome",
    "feelings",
    "about_me",
    "description",
    "due_date_2",
    "status",
    "completed_with",
    "given_by",
    "recipient_users",
    "recipient_organisations",
    "stages",
    "sections",
    "purpose",
    "expires_on_1",
    "recipient_user",
    "reason",
    "ends_on_0",
    "practitioner",
    "remove",
    "note",
    "parent-name",
    "link-relationship",
    "date_0",
    "purpose",
    "name",
    "image",
    "kind",
    "happened_on_0",
    "who_took_part",
    "summary",
    "ways",
    "how_often",
    "barriers",
    "childs_words",
    "visit_costs_claimed",
    "to_organisation",
    "sender_stays",
    "expected_on_0",
    "conversation",
    "support_agreed",
    "do",
    "answer-answer",
    "session-on_0",
    "end-outcome",
]


@pytest.mark.parametrize("role", ["holder", "safeguarding_lead", "shared_in_scope"])
def test_hostile_posts_to_every_child_route_never_error(client, world, role):
    users, ids = world
    client.force_login(users[role])
    failures = []
    for name, _view, keys in child_routes():
        url = reverse(name, kwargs={k: ids[k] for k in keys})
        for value in HOSTILE:
            status = client.post(url, {field: value for field in FIELDS}).status_code
            if status >= 500:
                failures.append(f"{name} with {value[:20]!r}: {status}")
    assert failures == []


@pytest.mark.parametrize("role", ["holder", "shared_in_scope", "safeguarding_lead"])
@pytest.mark.parametrize("method", ["post", "options", "put", "delete"])
def test_every_method_on_every_child_route_is_audited_or_refused_unread(
    client, world, role, method
):
    """A page shows a child's data only for the methods it declares, and then writes the read's
    audit row; any other method is a 405 that reads nothing. Each request is rolled back, so a
    POST that changes the record does not change what the next route sees."""
    from django.db import transaction

    users, ids = world
    client.force_login(users[role])
    child_name = Child.objects.get(pk=ids["child_id"]).preferred_name
    failures = []
    for name, view, keys in child_routes():
        url = reverse(name, kwargs={k: ids[k] for k in keys})
        with transaction.atomic():
            last_row = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
            response = getattr(client, method)(url)
            read = AuditEvent.objects.filter(
                pk__gt=last_row or 0,
                actor=users[role],
                child_id=ids["child_id"],
                action__in=["view", "download"],
            ).exists()
            declared = method.upper() in view.methods
            if not declared:
                if response.status_code != 405:
                    failures.append(f"{method} {name}: {response.status_code}, expected 405")
                if read or child_name.encode() in response.content:
                    failures.append(f"{method} {name}: a 405 that read the child")
            elif response.status_code == 200 and not read:
                failures.append(f"{method} {name}: showed the child with no audit row")
            transaction.set_rollback(True)
    assert failures == []


# Pages and messages that list children, and the duplicate check ----------------------------

# Who may see the child's name on a list, in a notification or in an email: the case holder and
# the people it is shared with (in scope or not: a recipient sees the name, never the case).
NAMED_TO = {"holder", "shared_in_scope", "shared_out_of_scope"}
LISTS = [
    "caseload:today",
    "assessments:my_cases",
    "notification_list",
    "referrals:hearings",
    "referrals:referral_list",
    "caseload:team",
    "caseload:safeguarding_overrides",
]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_no_list_notification_or_email_names_the_child_to_anyone_else(client, world, role):
    """The world's child is named only to the people who may see them, on every page that
    lists children and in every notification and reminder email; the colleague whose child
    looked like a duplicate learns nothing of the record."""
    from django.core import mail
    from django.core.management import call_command

    users, ids = world
    child = Child.objects.get(pk=ids["child_id"])
    Child.objects.filter(pk=child.pk).update(preferred_name="Zebedina")
    asker = users["unshared"]
    theirs = ChildFactory(
        created_by=asker, preferred_name="Zebedine", date_of_birth=child.date_of_birth
    )
    assert services.duplicate_check(child=theirs, actor=asker) == 1
    for who, user in users.items():
        User.objects.filter(pk=user.pk).update(email=f"{who}@example.org")
        user.email = f"{who}@example.org"
    call_command("send_reminders")
    client.force_login(users[role])
    shown = {name: client.get(reverse(name)).content.decode() for name in LISTS}
    shown["email"] = " ".join(m.body for m in mail.outbox if users[role].email in m.to)
    named = {where for where, text in shown.items() if "Zebedina" in text}
    if role == "holder":
        assert {"assessments:my_cases", "notification_list", "email"} <= named
    elif role in NAMED_TO:
        assert "assessments:my_cases" in named and named <= {"assessments:my_cases"}
    else:
        assert named == set(), f"{role} sees the child's name on {sorted(named)}"


def routes_without_arguments():
    """The name of every route in the URLconf that takes no argument: the lists, searches,
    home pages and forms that may name children without a child's id in the address."""

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                yield from walk(entry.url_patterns, namespace)
            elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.regex.groups:
                yield f"{prefix}{entry.name}"

    return sorted(set(walk(get_resolver().url_patterns)))


def test_the_walk_finds_the_lists_without_ids():
    assert set(LISTS) | {"caseload:safeguarding_search"} <= set(routes_without_arguments())


@pytest.mark.parametrize("role", ["holder", "shared_in_scope", "safeguarding_lead"])
@pytest.mark.parametrize("method", ["get", "post", "options", "put", "delete"])
def test_no_route_without_an_id_names_the_child_unaudited_by_any_method(
    client, world, role, method
):
    """My cases, Today, the hearings and the other lists name children with no child's id in
    the address: by any method, a route that shows the child's name writes the read's audit
    row; and no route draws a page for a method it does not take (PUT, DELETE, OPTIONS: a
    405, or OPTIONS' empty answer). Each request is rolled back (a POST to sign out, say,
    changes nothing for the next)."""
    from django.db import transaction

    users, ids = world
    child = Child.objects.get(pk=ids["child_id"])
    Child.objects.filter(pk=child.pk).update(preferred_name="Zebedina")
    failures = []
    for name in routes_without_arguments():
        with transaction.atomic():
            client.force_login(users[role])
            last_row = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
            response = getattr(client, method)(reverse(name))
            read = AuditEvent.objects.filter(
                pk__gt=last_row or 0, actor=users[role], child_id=child.pk
            ).exists()
            if b"Zebedina" in response.content and not read:
                failures.append(
                    f"{method} {name}: {response.status_code} named the child unaudited"
                )
            untaken = method not in ("get", "post") and not name.startswith("admin:")
            if untaken and response.status_code == 200 and response.content:
                failures.append(f"{method} {name}: a page drawn for a method it does not take")
            transaction.set_rollback(True)
    assert not failures, "\n".join(failures)
