"""The duplicate check: a child added (or a referral linked) who looks like a record someone else
holds. The person adding learns one sentence; the holders are told who asked and decide."""

from datetime import date

import pytest
from django.urls import reverse

from assessments import privacy, services
from assessments.models import JoinRequest
from cia_portal.audit.models import AuditEvent
from cia_portal.notifications.models import Notification
from records.services import child_erase
from referrals.models import Referral
from referrals.services import referral_create, referral_duplicate_check, referral_link_family
from tests import new_case_pages
from tests.factories import ChildFactory, FamilyFactory, ReferralRouteFactory, UserFactory
from tests.test_views import new_case_post

pytestmark = pytest.mark.django_db

BORN = date(2014, 6, 2)


@pytest.fixture
def known(outsider):
    """Tobi, whose case another organisation holds."""
    family = FamilyFactory(name="The Adeyemi family", created_by=outsider)
    return ChildFactory(
        created_by=outsider,
        family=family,
        preferred_name="Tobi",
        date_of_birth=BORN,
        school="Hopeside Primary",
    )


def add_case(client, name="Toby", born=BORN):
    data = new_case_post(
        preferred_name=name,
        date_of_birth_0=born.day,
        date_of_birth_1=born.month,
        date_of_birth_2=born.year,
        family_name="The Ade family",
    )
    return new_case_pages.add_family(client, data, follow=True)


def test_adding_a_likely_match_says_one_sentence_and_tells_the_holders(
    practitioner_client, practitioner, known, outsider
):
    response = add_case(practitioner_client)
    page = response.content.decode()
    assert response.status_code == 200
    assert str(services.LIKELY_KNOWN).replace("'", "&#x27;") in page
    for hidden in [
        "Tobi",
        "Adeyemi",
        "Hopeside Primary",
        str(outsider),
        str(outsider.organisation),
    ]:
        assert hidden not in page, hidden
    request = JoinRequest.objects.get()
    assert request.child == known and request.requested_by == practitioner
    note = Notification.objects.get(recipient=outsider)
    assert (
        note.kind == Notification.Kind.JOIN_REQUEST and practitioner.description in note.sentence()
    )
    assert note.url == reverse("assessments:join_request", args=[known.pk, request.pk])
    assert not Notification.objects.filter(recipient=practitioner).exists()
    audited = AuditEvent.objects.filter(
        action=AuditEvent.Action.MATCH, actor=practitioner, child_id__isnull=False
    )
    assert set(audited.values_list("child_id", flat=True)) == {known.pk, request.their_child_id}


@pytest.mark.parametrize(
    ("name", "born"),
    [("Toby", date(2014, 6, 3)), ("Zainab", BORN)],
)
def test_a_different_birthday_or_name_is_no_match(practitioner_client, known, name, born):
    page = add_case(practitioner_client, name=name, born=born).content.decode()
    assert "may already be known" not in page and not JoinRequest.objects.exists()


def test_twins_in_one_family_an_erased_record_and_my_own_records_are_no_match(
    practitioner, outsider, known
):
    twin = ChildFactory(
        created_by=outsider, family=known.family, preferred_name="Toby", date_of_birth=BORN
    )
    assert services.duplicate_check(child=twin, actor=outsider) == 0
    mine = ChildFactory(created_by=practitioner, preferred_name="Tobias", date_of_birth=BORN)
    services.child_allocate(child=known, practitioner=practitioner, actor=outsider)
    assert services.duplicate_check(child=mine, actor=practitioner) == 0
    erased = ChildFactory(created_by=UserFactory(), preferred_name="Tobi", date_of_birth=BORN)
    child_erase(child=erased, reason="Request")
    assert services.duplicate_check(child=mine, actor=practitioner) == 0


def test_the_holders_add_the_colleague_who_then_holds_the_case(
    client, practitioner, known, outsider
):
    mine = ChildFactory(created_by=practitioner, preferred_name="Toby", date_of_birth=BORN)
    assert services.duplicate_check(child=mine, actor=practitioner) == 1
    assert services.duplicate_check(child=mine, actor=practitioner) == 0  # asked once
    request = JoinRequest.objects.get()
    url = reverse("assessments:join_request", args=[known.pk, request.pk])
    client.force_login(outsider)
    page = client.get(url).content.decode()
    assert practitioner.description in page and "Toby, born 2 June 2014" in page
    assert "Select whether" in client.post(url, {"decision": ""}).content.decode()
    response = client.post(url, {"decision": "add"})
    assert response.url == reverse("assessments:child_detail", args=[known.pk])
    assert privacy.child_held_by(practitioner).filter(pk=known.pk).exists()
    assert Notification.objects.filter(
        recipient=practitioner, kind=Notification.Kind.CASE_ALLOCATED, name="Tobi"
    ).exists()
    client.post(url, {"decision": "not_the_same"})  # decided already: nothing changes
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.ADDED


def test_not_the_same_child_tells_the_colleague_nothing_of_the_record(
    client, practitioner, known, outsider
):
    mine = ChildFactory(created_by=practitioner, preferred_name="Toby", date_of_birth=BORN)
    services.duplicate_check(child=mine, actor=practitioner)
    request = JoinRequest.objects.get()
    client.force_login(outsider)
    client.post(
        reverse("assessments:join_request", args=[known.pk, request.pk]),
        {"decision": "not_the_same"},
    )
    assert not privacy.child_visible_to(practitioner).filter(pk=known.pk).exists()
    note = Notification.objects.get(recipient=practitioner)
    assert note.kind == Notification.Kind.JOIN_DECIDED and note.actor is None
    for hidden in ["Tobi", "Adeyemi", str(outsider), str(outsider.organisation)]:
        assert hidden not in note.sentence()
    assert "Toby" in note.sentence()


def test_only_the_holders_open_the_request(client, practitioner, known, outsider):
    mine = ChildFactory(created_by=practitioner, preferred_name="Toby", date_of_birth=BORN)
    services.duplicate_check(child=mine, actor=practitioner)
    request = JoinRequest.objects.get()
    client.force_login(practitioner)
    url = reverse("assessments:join_request", args=[known.pk, request.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "add"}).status_code == 404
    other = ChildFactory(created_by=outsider)
    client.force_login(outsider)  # the request's id under another of her children
    assert (
        client.get(reverse("assessments:join_request", args=[other.pk, request.pk])).status_code
        == 404
    )


def test_linking_a_referral_runs_the_check(practitioner, known, outsider):
    mine = ChildFactory(created_by=practitioner, preferred_name="Tobi", date_of_birth=BORN)
    referral = referral_create(
        received_by=practitioner,
        data={"route": ReferralRouteFactory(), "referred_by": "Court", "mother_name": "Mum"},
    )
    referral_link_family(referral=referral, family=mine.family, actor=practitioner)
    assert referral_duplicate_check(referral=referral, actor=practitioner) == 1
    assert Notification.objects.filter(recipient=outsider, kind="join_request").exists()
    assert referral.status == Referral.Status.RECEIVED


def test_linking_a_referral_on_its_page_says_the_one_sentence_and_asks_the_holders(
    practitioner_client, practitioner, known, outsider
):
    """The referral's page, as the practitioner uses it: link the family, hear only that the
    child may be known elsewhere; the holders get the request."""
    mine = ChildFactory(created_by=practitioner, preferred_name="Toby", date_of_birth=BORN)
    referral = referral_create(
        received_by=practitioner,
        data={"route": ReferralRouteFactory(), "referred_by": "Court", "mother_name": "Mum"},
    )
    response = practitioner_client.post(
        reverse("referrals:referral_link_family", args=[referral.pk]),
        {"family": mine.family.pk},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert str(services.LIKELY_KNOWN).replace("'", "&#x27;") in page
    assert "Tobi" not in page and "Adeyemi" not in page and str(outsider) not in page
    request = JoinRequest.objects.get()
    assert (request.child, request.their_child, request.requested_by) == (known, mine, practitioner)
    assert Notification.objects.filter(recipient=outsider, kind="join_request").exists()


def test_erasure_removes_the_requests_either_way(practitioner, known):
    mine = ChildFactory(created_by=practitioner, preferred_name="Toby", date_of_birth=BORN)
    services.duplicate_check(child=mine, actor=practitioner)
    child_erase(child=mine, reason="Request")
    assert not JoinRequest.objects.exists()


def test_a_likely_match_is_found_before_anything_is_saved_and_tells_nothing_of_it(
    practitioner_client, practitioner, known, outsider
):
    data = new_case_post(
        preferred_name="Toby",
        date_of_birth_0=BORN.day,
        date_of_birth_1=BORN.month,
        date_of_birth_2=BORN.year,
    )
    responses = new_case_pages.answer_pages(practitioner_client, data)
    assert responses["child"]["Location"] == reverse("assessments:case_known")
    page = practitioner_client.get(reverse("assessments:case_known")).content.decode()
    assert "Toby may already be known to another service" in page
    for hidden in ["Tobi", "Adeyemi", "Hopeside Primary", str(outsider)]:
        assert hidden not in page, hidden
    assert not JoinRequest.objects.exists()  # nobody is asked until the child is added
    checked = AuditEvent.objects.get(actor=practitioner, action=AuditEvent.Action.MATCH)
    assert checked.child_id == known.pk  # found when the match's own trail is searched
    assert str(BORN.year) not in checked.detail  # and holds nothing that was typed
    check = practitioner_client.get(reverse("assessments:case_check")).content.decode()
    assert "may already be known to another service" in check
    practitioner_client.post(reverse("assessments:case_check"))
    assert JoinRequest.objects.get().child == known


def test_no_likely_match_goes_straight_on(practitioner_client, known):
    responses = new_case_pages.answer_pages(practitioner_client, new_case_post())
    assert responses["child"]["Location"] == new_case_pages.step_url("parent")
