"""The referral admin keeps the routes and the support directory; they never see a child."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, get_resolver, reverse
from django.utils import timezone

from assessments.privacy import child_visible_to
from cia_portal.audit.models import AuditEvent
from referrals import services
from referrals.models import ReferralRoute, SupportService
from tests.factories import (
    AgreedActionFactory,
    ChildFactory,
    ConsentFactory,
    HearingFactory,
    OrganisationFactory,
    ParentChildLinkFactory,
    ReferralRouteFactory,
    SupportServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral_admin(db):
    return UserFactory(roles=["Referral admin"])


@pytest.fixture
def admin_client(client, referral_admin):
    client.force_login(referral_admin)
    return client


def route_post(organisation, **overrides):
    today = timezone.localdate()
    return {
        "name": "Hopeside Court duty desk",
        "organisation": organisation.pk,
        "stage": "court",
        "how_to_refer": "Ask the duty desk",
        "last_verified_0": today.day,
        "last_verified_1": today.month,
        "last_verified_2": today.year,
    } | overrides


def test_referral_admin_adds_edits_and_retires_a_route(admin_client):
    court = OrganisationFactory(name="Hopeside Court", type="court")
    response = admin_client.post(reverse("referrals:entry_add", args=["routes"]), route_post(court))
    assert response["Location"] == reverse("referrals:directory_list", args=["routes"])
    route = ReferralRoute.objects.get()
    admin_client.post(
        reverse("referrals:entry_edit", args=["routes", route.id]),
        route_post(court, name="Court duty desk"),
    )
    admin_client.post(reverse("referrals:entry_retire", args=["routes", route.id]))
    route.refresh_from_db()
    assert route.name == "Court duty desk" and not route.is_active
    page = admin_client.get(reverse("referrals:directory_list", args=["routes"])).content.decode()
    assert "Retired" in page and "Bring back" in page


def test_retiring_asks_first_and_can_be_called_off(admin_client):
    service = SupportServiceFactory(name="Hopeside young carers")
    listed = admin_client.get(reverse("referrals:directory_list", args=["services"]))
    confirm = reverse("referrals:entry_retire", args=["services", service.id])
    assert f'href="{confirm}"' in listed.content.decode()
    page = admin_client.get(confirm).content.decode()
    assert "Retire Hopeside young carers?" in page and "Yes, retire it" in page
    keep = reverse("referrals:directory_list", args=["services"])
    assert f'<a class="govuk-link" href="{keep}">No, keep it</a>' in page
    service.refresh_from_db()
    assert service.is_active  # opening the question changes nothing
    response = admin_client.post(confirm)
    assert response["Location"] == keep
    service.refresh_from_db()
    assert not service.is_active
    assert admin_client.get(confirm).status_code == 404  # retired already: nothing to ask


def test_retiring_is_not_an_action_on_the_list_any_more(admin_client):
    route = ReferralRouteFactory()
    url = reverse("referrals:entry_action", args=["routes", route.id])
    assert admin_client.post(url, {"action": "retire"}).status_code == 404
    route.refresh_from_db()
    assert route.is_active


def test_reordering_swaps_neighbours(admin_client):
    first, second, third = (ReferralRouteFactory(name=n) for n in ("A", "B", "C"))
    admin_client.post(
        reverse("referrals:entry_action", args=["routes", third.id]), {"action": "up"}
    )
    assert list(ReferralRoute.objects.values_list("name", flat=True)) == ["A", "C", "B"]
    admin_client.post(
        reverse("referrals:entry_action", args=["routes", first.id]), {"action": "up"}
    )  # already first: nothing moves
    assert list(ReferralRoute.objects.values_list("name", flat=True)) == ["A", "C", "B"]


def test_entries_not_checked_for_six_months_are_flagged(admin_client):
    ReferralRouteFactory(name="Fresh")
    ReferralRouteFactory(name="Old", last_verified=timezone.localdate() - timedelta(days=200))
    assert not ReferralRoute.objects.get(name="Fresh").is_stale
    assert ReferralRoute.objects.get(name="Old").is_stale
    page = admin_client.get(reverse("referrals:directory_list", args=["routes"])).content.decode()
    assert page.count("Check needed") == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter the name"),
        ({"stage": ""}, "Select the stage where children are found"),
        ({"last_verified_2": "2999"}, "Last checked must be today or in the past"),
    ],
)
def test_bad_route_input_keeps_what_was_typed(admin_client, overrides, message):
    court = OrganisationFactory()
    response = admin_client.post(
        reverse("referrals:entry_add", args=["routes"]), route_post(court, **overrides)
    )
    html = response.content.decode()
    assert message in html and "govuk-error-summary" in html and "Ask the duty desk" in html
    assert not ReferralRoute.objects.exists()


def test_service_ages_must_make_sense(admin_client):
    today = timezone.localdate()
    response = admin_client.post(
        reverse("referrals:entry_add", args=["services"]),
        {
            "name": "Mentoring",
            "organisation": OrganisationFactory().pk,
            "type": "mentoring",
            "min_age": "12",
            "max_age": "8",
            "area": "Hopeside",
            "how_to_refer": "Email",
            "last_verified_0": today.day,
            "last_verified_1": today.month,
            "last_verified_2": today.year,
        },
    )
    assert "Oldest age served must be the same as or more than" in response.content.decode()
    assert not SupportService.objects.exists()


def test_only_referral_admins_manage_the_directory(client):
    route = ReferralRouteFactory()
    for roles in (["Practitioner"], ["Alliance chair"], ["Auditor"]):
        client.force_login(UserFactory(roles=roles))
        assert client.get(reverse("referrals:directory_list", args=["routes"])).status_code == 403
        response = client.post(reverse("referrals:entry_retire", args=["routes", route.id]))
        assert response.status_code == 403
    route.refresh_from_db()
    assert route.is_active


def test_unknown_directory_or_action_is_not_found(admin_client):
    route = ReferralRouteFactory()
    assert admin_client.get("/directory/nope/").status_code == 404
    url = reverse("referrals:entry_action", args=["routes", route.id])
    assert admin_client.post(url, {"action": "explode"}).status_code == 404


def test_a_referral_admin_never_sees_child_data(admin_client, referral_admin):
    child = ChildFactory(preferred_name="Ruby")
    assert not child_visible_to(referral_admin).exists()
    assert admin_client.get(reverse("assessments:child_detail", args=[child.id])).status_code == 404
    assert admin_client.get("/")["Location"] == reverse("referrals:directory_list", args=["routes"])


def upload(text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("routes.csv", text.encode("utf-8"), content_type="text/csv")


def test_csv_round_trip_updates_and_adds(admin_client, referral_admin):
    court = OrganisationFactory(name="Hopeside Court")
    route = ReferralRouteFactory(name="Duty desk", organisation=court, owner=referral_admin)
    exported = admin_client.get(reverse("referrals:directory_export", args=["routes"]))
    text = exported.content.decode()
    assert exported["Content-Type"] == "text/csv; charset=utf-8" and "Duty desk" in text
    text = text.replace("Duty desk", "Court duty desk")
    text += (
        f",Police custody,hopeside court,arrest,Phone,{referral_admin.username},2023-01-05,yes\n"
    )
    response = admin_client.post(
        reverse("referrals:directory_import", args=["routes"]), {"file": upload(text)}, follow=True
    )
    assert "1 referral route added, 1 changed, 0 unchanged" in response.content.decode()
    route.refresh_from_db()
    assert route.name == "Court duty desk"
    added = ReferralRoute.objects.get(name="Police custody")
    assert added.stage == "arrest" and added.organisation == court
    assert added.owner == referral_admin


def test_the_import_says_how_many_services_were_added_changed_and_left_as_they_were(
    admin_client,
):
    services = [SupportServiceFactory(name=f"Service {n}") for n in range(4)]
    export = reverse("referrals:directory_export", args=["services"])
    text = admin_client.get(export).content.decode()
    text = text.replace("Service 0", "Service zero").replace("Service 1", "Service one")
    lines = text.splitlines()
    for n in range(3):  # three new ones: a copy of the last row, without its id
        lines.append(",".join(["", f"New service {n}", *lines[-1].split(",")[2:]]))
    modified = {s.pk: s.modified_at for s in services}
    response = admin_client.post(
        reverse("referrals:directory_import", args=["services"]),
        {"file": upload("\n".join(lines) + "\n")},
        follow=True,
    )
    assert "3 support services added, 2 changed, 2 unchanged" in response.content.decode()
    assert SupportService.objects.count() == 7
    for service in SupportService.objects.filter(name__in=["Service 2", "Service 3"]):
        assert service.modified_at == modified[service.pk]  # left alone, not saved again


def test_importing_the_directory_as_it_is_says_nothing_changed(admin_client):
    route = ReferralRouteFactory(name="Duty desk")
    exported = admin_client.get(reverse("referrals:directory_export", args=["routes"]))
    response = admin_client.post(
        reverse("referrals:directory_import", args=["routes"]),
        {"file": upload(exported.content.decode())},
        follow=True,
    )
    html = response.content.decode()
    assert "Nothing to change: the 1 referral route in the file is as it was" in html
    assert ReferralRoute.objects.get().modified_at == route.modified_at


def test_csv_with_bad_rows_imports_nothing_and_names_each_row(admin_client):
    OrganisationFactory(name="Hopeside Court")
    ReferralRouteFactory(name="Keep me")
    header = "id,name,organisation,stage,how_to_refer,owner,last_verified,active\n"
    rows = (
        ",Good row,Hopeside Court,court,Phone,,2023-01-05,yes\n"
        ",,Hopeside Court,court,Phone,,2023-01-05,yes\n"
        ",Bad org,Nowhere Council,court,Phone,,2023-01-05,yes\n"
        ",Bad stage,Hopeside Court,moon,Phone,,2023-01-05,yes\n"
        ",Bad date,Hopeside Court,court,Phone,,31/01/2023,yes\n"
        "not-an-id,Bad id,Hopeside Court,court,Phone,,2023-01-05,yes\n"
    )
    response = admin_client.post(
        reverse("referrals:directory_import", args=["routes"]), {"file": upload(header + rows)}
    )
    html = response.content.decode()
    assert "Nothing was imported: 5 problems" in html
    for expected in [
        "Row 3: Enter the name",
        "Row 4: no organisation is called Nowhere",
        "Row 5: Select a valid choice",
        "Row 6: last checked must be a date",
        "Row 7: no entry has the id not-an-id",
    ]:
        assert expected in html, expected
    assert list(ReferralRoute.objects.values_list("name", flat=True)) == ["Keep me"]


HEADER = b"id,name,organisation,stage,how_to_refer,owner,last_verified,active\n"
GOOD_ROW = b",Good row,Hopeside Court,court,Phone,,2023-01-05,yes\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(
            b"name,organisation\nA,B\n",
            "The file needs these columns: how_to_refer, last_verified, stage",
            id="wrong columns",
        ),
        pytest.param(
            HEADER + GOOD_ROW + b",Caf\xe9,Hopeside Court,court,Phone,,2023-01-05,yes\n",
            "Row 3 is not UTF-8 text: save the file as",
            id="wrong encoding",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
            "Row 1 is not UTF-8 text: save the file as",
            id="a picture, not a CSV",
        ),
        pytest.param(
            HEADER + GOOD_ROW + b",Bad,Hopeside Court,court,Ph\x00one,,2023-01-05,yes\n",
            "Row 3 contains a NUL character, so the file is not a CSV text file",
            id="NUL byte",
        ),
        pytest.param(
            HEADER + b",Bad,Hopeside Court,court,\x01\x02\x03\x04,,2023-01-05,yes\n",
            "Row 2 contains characters that are not text: is the file a CSV file?",
            id="binary that is valid UTF-8",
        ),
        pytest.param(
            HEADER + GOOD_ROW + b',Bad,Hopeside Court,court,"' + b"x" * 200_000 + b'",,,\n',
            "Row 3 has a cell longer than 10,000 characters",
            id="longer than the csv module's own field limit",
        ),
        pytest.param(
            HEADER + GOOD_ROW * 2 + b",Bad,Hopeside Court,court," + b"y" * 10_001 + b",,,\n",
            "Row 4 has a cell longer than 10,000 characters",
            id="longer than the portal's field limit",
        ),
        pytest.param(
            HEADER + b',Bad,Hopeside Court,court,"Phone,,2023-01-05,yes\n',
            "Row 2 could not be read as CSV: check its quotation marks",
            id="a quotation mark left open",
        ),
        pytest.param(
            HEADER + GOOD_ROW * 2_001,
            "Row 2002: a file can have at most 2,000 rows. Split it in two.",
            id="too many rows",
        ),
        pytest.param(
            HEADER + GOOD_ROW + b",Bad,Hopeside Court,court,Phone,,2023-01-05,yes,surprise\n",
            "Row 3 has 9 cells, but row 1 names only 8 columns",
            id="more cells than columns",
        ),
        pytest.param(
            b"id,name,name,organisation,stage,how_to_refer,owner,last_verified,active\n",
            "Row 1 names the column name twice",
            id="a column twice",
        ),
        pytest.param(b"", "The file is empty", id="empty"),
        pytest.param(b"\n\n", "The file is empty", id="only blank lines"),
        pytest.param(
            HEADER + GOOD_ROW * 25_000, "The file must be smaller than 1 MB", id="too large"
        ),
    ],
)
def test_unusable_csv_files_are_refused_clearly_and_change_nothing(admin_client, content, message):
    """Each is a GOV.UK error (summary and the message beside the file input), never a 500."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    OrganisationFactory(name="Hopeside Court")
    ReferralRouteFactory(name="Keep me")
    response = admin_client.post(
        reverse("referrals:directory_import", args=["routes"]),
        {"file": SimpleUploadedFile("x.csv", content)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and 'href="#id_file"' in html
    assert "govuk-error-message" in html and html.count(message) == 2  # summary and field
    assert list(ReferralRoute.objects.values_list("name", flat=True)) == ["Keep me"]


def test_a_blank_line_in_the_file_still_names_the_spreadsheets_row(admin_client):
    OrganisationFactory(name="Hopeside Court")
    rows = HEADER + GOOD_ROW + b"\n" + b",,Hopeside Court,court,Phone,,2023-01-05,yes\n"
    response = admin_client.post(
        reverse("referrals:directory_import", args=["routes"]), {"file": upload(rows.decode())}
    )
    assert "Row 4: Enter the name" in response.content.decode()
    assert not ReferralRoute.objects.exists()


def test_an_exported_file_imports_unchanged_even_with_formula_like_text(admin_client):
    """The export defuses "- call..." as "'- call..."; the import reads it back as it was."""
    route = ReferralRouteFactory(name="=Duty desk", how_to_refer="- phone first\n- then email")
    exported = admin_client.get(reverse("referrals:directory_export", args=["routes"]))
    assert b"'=Duty desk" in exported.content
    response = admin_client.post(
        reverse("referrals:directory_import", args=["routes"]),
        {"file": upload(exported.content.decode())},
    )
    assert response.status_code == 302
    route.refresh_from_db()
    assert route.name == "=Duty desk" and route.how_to_refer == "- phone first\n- then email"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_export_defuses_spreadsheet_formulas(admin_client, start):
    """Through the portal's one CSV writer: a tab or carriage return starts a formula too."""
    ReferralRouteFactory(name=f'{start}HYPERLINK("http://evil")')
    response = admin_client.get(reverse("referrals:directory_export", args=["routes"]))
    assert f"'{start}HYPERLINK".encode() in response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("role", ["Referral admin", "Alliance chair", "Auditor"])
def test_no_referrals_page_shows_child_data_to_non_practitioners(client, role):
    """Every route in the referrals app, opened by a role that works without children's data,
    with a real referral, hearing, action and onward referral behind it: no name appears."""
    child = ChildFactory(preferred_name="Rubyrose")
    link = ParentChildLinkFactory(child=child, parent__name="Deborah")
    HearingFactory(parent=link.parent)
    service = SupportServiceFactory()
    ConsentFactory(child=child, recipients=[service.organisation])
    action = AgreedActionFactory(child=child)
    onward = services.onward_referral_create(action=action, service=service, actor=child.created_by)
    referral = services.referral_create(
        received_by=child.created_by,
        data={
            "route": ReferralRouteFactory(),
            "referred_by": "Court",
            "mother_name": "Deborah",
            "children_description": "Rubyrose (9)",
        },
    )
    ids = {
        "referral_id": referral.id,
        "action_id": action.id,
        "onward_id": onward.id,
        "kind": "routes",
        "entry_id": referral.route_id,
    }
    user = UserFactory(roles=[role])
    client.force_login(user)
    (resolver,) = [
        r for r in get_resolver().url_patterns if getattr(r, "namespace", "") == "referrals"
    ]
    opened = 0
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        kwargs = {key: ids[key] for key in pattern.pattern.converters}
        response = client.get(reverse(f"referrals:{pattern.name}", kwargs=kwargs))
        assert response.status_code in (200, 302, 403, 404, 405), pattern.name
        body = response.content.decode(errors="replace")
        assert "Rubyrose" not in body and "Deborah" not in body, pattern.name
        opened += response.status_code == 200
    assert opened >= (4 if role == "Referral admin" else 0)
    assert not AuditEvent.objects.filter(actor=user, child_id=child.id).exists()


def test_an_import_leaves_the_family_request_route_as_it_was(admin_client):
    """The file has no column for it: importing the export does not untick it."""
    route = ReferralRouteFactory(name="Families asking", takes_family_requests=True)
    exported = admin_client.get(reverse("referrals:directory_export", args=["routes"]))
    response = admin_client.post(
        reverse("referrals:directory_import", args=["routes"]),
        {"file": upload(exported.content.decode())},
    )
    assert response.status_code == 302
    route.refresh_from_db()
    assert route.takes_family_requests


def test_only_one_route_takes_families_requests(admin_client):
    ReferralRouteFactory(name="Families asking", takes_family_requests=True)
    court = OrganisationFactory(name="Hopeside Court", type="court")
    response = admin_client.post(
        reverse("referrals:entry_add", args=["routes"]),
        route_post(court, takes_family_requests="on"),
    )
    assert "Another route takes families&#x27; requests already" in response.content.decode()
    assert ReferralRoute.objects.count() == 1
