"""The safeguarding lead's workspace: find any child after saying why, share without consent
from the result, and see and end the overrides of their organisation."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Child, SafeguardingOverride
from cia_portal.accounts.models import Role
from cia_portal.audit.models import AuditEvent
from cia_portal.notifications.models import Notification
from tests.factories import (
    AgreedActionFactory,
    ChildFactory,
    FamilyFactory,
    OverrideFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("caseload:safeguarding_search")
OVERRIDES = reverse("caseload:safeguarding_overrides")
REASON = "Disclosure at school of harm at home"


@pytest.fixture
def lead(db):
    return UserFactory(roles=[Role.SAFEGUARDING_LEAD])


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def tobi(practitioner):
    family = FamilyFactory(name="The Adeyemi family", created_by=practitioner)
    child = ChildFactory(
        created_by=practitioner,
        family=family,
        preferred_name="Tobi",
        date_of_birth=date(2014, 6, 2),
        school="Hopeside Primary",
        told_what="Mum is away for work",
    )
    AgreedActionFactory(child=child, description="Weekly call with mum")
    return child


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.ALLIANCE_CHAIR, Role.AUDITOR])
def test_only_a_safeguarding_lead_opens_the_workspace(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(SEARCH).status_code == 403
    assert client.post(SEARCH, {"reason": REASON, "q": "Tobi"}).status_code == 403
    assert client.get(OVERRIDES).status_code == 403


def test_a_lead_finds_a_child_she_does_not_hold_and_sees_who_it_is_and_nothing_more(
    lead_client, tobi, practitioner
):
    page = lead_client.post(SEARCH, {"reason": REASON, "q": "Toby Adeyemi"}).content.decode()
    assert "1 child found" in page
    for shown in ["Tobi", "2 June 2014", "The Adeyemi family", str(practitioner.organisation)]:
        assert shown in page, shown
    for hidden in ["Hopeside Primary", "Mum is away", "Weekly call", tobi.reference]:
        assert hidden not in page, hidden
    link = reverse("assessments:override_create", args=[tobi.pk])
    assert f"{link}?next={OVERRIDES}" in page


def test_a_search_needs_a_reason_and_something_to_find_and_keeps_what_was_typed(lead_client, tobi):
    page = lead_client.post(SEARCH, {"reason": "", "q": "Tobi"}).content.decode()
    assert "Enter why you are looking for this child" in page and 'value="Tobi"' in page
    assert "child found" not in page
    page = lead_client.post(SEARCH, {"reason": REASON, "q": "%"}).content.decode()
    assert "Enter at least 2 letters" in page and REASON in page
    page = lead_client.post(SEARCH, {"reason": REASON, "q": ""}).content.decode()
    assert "Enter the child&#x27;s name" in page and "child found" not in page


def test_a_search_never_lists_every_child_nor_an_erased_one(lead_client, practitioner):
    for n in range(25):
        ChildFactory(created_by=practitioner, preferred_name=f"Sam{n:02}")
    page = lead_client.post(SEARCH, {"reason": REASON, "q": "Sam"}).content.decode()
    assert "20 children found" in page and "Showing the first 20" in page
    gone = ChildFactory(created_by=practitioner, preferred_name="Gone")
    Child.objects.filter(pk=gone.pk).update(erased_at=timezone.now())
    assert (
        "0 children found"
        in lead_client.post(SEARCH, {"reason": REASON, "q": "Gone"}).content.decode()
    )


def test_the_search_and_its_reason_are_audited_with_each_child_shown(lead_client, lead, tobi):
    lead_client.post(SEARCH, {"reason": REASON, "q": "Tobi"})
    lead_client.post(SEARCH, {"reason": REASON, "q": "Nobody"})
    rows = AuditEvent.objects.filter(actor=lead, detail__contains=REASON)
    assert rows.filter(child_id=None).count() == 2
    assert list(rows.exclude(child_id=None).values_list("child_id", flat=True)) == [tobi.pk]
    assert rows.filter(detail__contains="'Nobody', 0 shown").exists()


def test_a_lead_shares_from_the_result_and_comes_back_to_the_overrides(
    lead_client, lead, tobi, practitioner
):
    recipient = UserFactory()
    stop = timezone.localdate() + timedelta(days=14)
    url = reverse("assessments:override_create", args=[tobi.pk])
    form = lead_client.get(url, {"next": OVERRIDES}).content.decode()
    assert f'name="next" value="{OVERRIDES}"' in form
    response = lead_client.post(
        url,
        {
            "next": OVERRIDES,
            "recipient_user": recipient.pk,
            "reason": REASON,
            "ends_on_0": stop.day,
            "ends_on_1": stop.month,
            "ends_on_2": stop.year,
        },
    )
    assert response.status_code == 302 and response.url == OVERRIDES
    assert SafeguardingOverride.objects.filter(child=tobi, recipient_user=recipient).exists()
    assert Notification.objects.filter(
        recipient=practitioner, kind=Notification.Kind.OVERRIDE_ON_YOUR_CASE
    ).exists()
    page = lead_client.get(OVERRIDES).content.decode()
    assert "Tobi" in page and str(recipient) in page


def test_a_next_address_outside_the_portal_is_ignored(lead_client, tobi):
    override = OverrideFactory(child=tobi, recipient_user=UserFactory())
    response = lead_client.post(
        reverse("assessments:override_end", args=[override.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_the_overrides_are_grouped_by_when_they_end_and_end_now_ends_one(
    lead_client, lead, tobi, practitioner
):
    today = timezone.localdate()
    colleague = UserFactory(organisation=lead.organisation, roles=[Role.SAFEGUARDING_LEAD])
    soon = OverrideFactory(
        child=tobi, created_by=colleague, recipient_user=UserFactory(), ends_on=today + timedelta(3)
    )
    later = OverrideFactory(
        child=ChildFactory(preferred_name="Later"),
        created_by=lead,
        recipient_user=UserFactory(),
        ends_on=today + timedelta(days=60),
    )
    stopped = OverrideFactory(
        child=ChildFactory(preferred_name="Stopped"),
        created_by=lead,
        recipient_user=UserFactory(),
        ends_on=today - timedelta(days=1),
    )
    elsewhere = OverrideFactory(
        child=ChildFactory(preferred_name="Elsewhere"), recipient_user=UserFactory()
    )
    page = lead_client.get(OVERRIDES).content.decode()
    ending, active, ended = (
        page.split('id="ending_soon"')[1].split('id="active"')[0],
        page.split('id="active"')[1].split('id="ended"')[0],
        page.split('id="ended"')[1],
    )
    assert "Tobi" in ending and "Later" in active and "Stopped" in ended
    assert "Elsewhere" not in page  # another organisation's override
    assert {later.pk, stopped.pk, elsewhere.pk}  # all made

    response = lead_client.post(
        reverse("assessments:override_end", args=[soon.pk]), {"next": OVERRIDES}
    )
    assert response.url == OVERRIDES
    soon.refresh_from_db()
    assert soon.ended_at is not None
    assert Notification.objects.filter(
        recipient=practitioner, kind=Notification.Kind.OVERRIDE_ENDED
    ).exists()
    ended = lead_client.get(OVERRIDES).content.decode().split('id="ended"')[1]
    assert "Tobi" in ended and "Ended early on" in ended


def test_the_overrides_list_is_audited_for_each_child_named(lead_client, lead, tobi):
    OverrideFactory(child=tobi, created_by=lead, recipient_user=UserFactory())
    lead_client.get(OVERRIDES)
    assert AuditEvent.objects.filter(
        actor=lead, child_id=tobi.pk, detail="Safeguarding overrides"
    ).exists()


def test_the_workspace_pages_stay_within_their_queries(
    lead_client, lead, practitioner, django_assert_max_num_queries
):
    for n in range(15):
        child = ChildFactory(created_by=practitioner, preferred_name=f"Kim{n}")
        OverrideFactory(child=child, created_by=lead, recipient_user=UserFactory())
    with django_assert_max_num_queries(12):
        lead_client.post(SEARCH, {"reason": REASON, "q": "Kim"})
    with django_assert_max_num_queries(12):
        lead_client.get(OVERRIDES)


def test_a_safeguarding_lead_starts_at_the_workspace(lead_client):
    assert lead_client.get("/").url == OVERRIDES
