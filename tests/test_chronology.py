"""The chronology: every dated thing about a child in one list, latest first, filtered by
strand and date, a page at a time in one query, and as a PDF; someone the child shared with
sees only what their consent covers."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import services
from chronology.models import CaseNote
from cia_portal.audit.models import AuditEvent
from referrals import services as referral_services
from tests.factories import (
    AgreedActionFactory,
    AssessmentFactory,
    CaseNoteFactory,
    CompletedAssessmentFactory,
    ConsentFactory,
    HearingFactory,
    OfferFactory,
    OverrideFactory,
    ParentChildLinkFactory,
    ReferralRouteFactory,
    SupportServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def days(n: int):
    return timezone.localdate() + timedelta(days=n)


def _url(child, **query) -> str:
    from urllib.parse import urlencode

    address = reverse("chronology:chronology", args=[child.id])
    return f"{address}?{urlencode(query, doseq=True)}" if query else address


@pytest.fixture
def journey(child, practitioner):
    """One of each kind of entry, each on its own day."""
    link = ParentChildLinkFactory(child=child)
    HearingFactory(parent=link.parent, on=days(-30), court="Hopeside Court")
    OfferFactory(child=child, offered_on=days(-28))
    conversation = CompletedAssessmentFactory(child=child, conversation_date=days(-25))
    AssessmentFactory(child=child, conversation_date=days(-3))  # a draft
    action = AgreedActionFactory(child=child, description="Quiet place at break", due_date=days(5))
    service = SupportServiceFactory(name="Families Together")
    consent = ConsentFactory(child=child, purpose="For the family support service")
    consent.recipient_organisations.add(service.organisation)
    referral_services.onward_referral_create(action=action, service=service, actor=practitioner)
    withdrawn = ConsentFactory(child=child, purpose="For the school nurse", given_on=days(-20))
    services.consent_withdraw(consent=withdrawn, actor=practitioner)
    lead = UserFactory(roles=["Practitioner", "Safeguarding lead"])
    lead.organisation = practitioner.organisation
    lead.save()
    override = OverrideFactory(
        child=child, reason="Disclosure at school", created_by=lead, recipient_user=UserFactory()
    )
    services.override_end(override=override, actor=lead)
    referral = referral_services.referral_create(
        received_by=practitioner,
        data={
            "route": ReferralRouteFactory(name="Hopeside Court liaison"),
            "referred_by": "Court staff",
            "received_on": days(-35),
            "mother_name": "Mum",
            "children_description": "One child",
        },
    )
    referral_services.referral_link_family(
        referral=referral, family=child.family, actor=practitioner
    )
    CaseNoteFactory(child=child, happened_on=days(-2), summary="Rang Nan about the visit")
    CaseNoteFactory(child=child, happened_on=days(-1), summary="Not finished", status="draft")
    return conversation


def test_a_holder_sees_every_kind_of_entry_latest_first(practitioner_client, child, journey):
    page = practitioner_client.get(_url(child)).content.decode()
    for words in [
        "Court hearing",
        "Hopeside Court",
        "CIA offered (court and sentencing): accepted",
        "Conversation: court and sentencing",
        "Action agreed",
        "Quiet place at break",
        "Action due",
        "Onward referral: Sent",
        "Families Together",
        "Agreed to share",
        "Stopped sharing",
        "For the school nurse",
        "Shared without consent by a safeguarding lead",
        "Sharing without consent ended",
        "Referral: Received",
        "Hopeside Court liaison",
        "Rang Nan about the visit",
        "Not finished",
    ]:
        assert words in page, words
    assert page.index("Action due") < page.index("Rang Nan") < page.index("Court hearing")
    assert AuditEvent.objects.filter(child_id=child.pk, action="view", detail="Chronology")


def test_a_recipient_sees_only_what_their_consent_covers(client, child, journey):
    notes_too, words_only = UserFactory(), UserFactory()
    ConsentFactory(child=child, recipients=[notes_too], include_practitioner_notes=True)
    ConsentFactory(child=child, recipients=[words_only])
    hidden = [
        "Court:",
        "CIA offered",
        "Action agreed",
        "Action due",
        "Referral: Received",
        "Onward referral",
        "Agreed to share",
        "without consent",
        "Not finished",
        "The parent's journey",  # nor a filter for what they cannot see
    ]
    client.force_login(notes_too)
    page = client.get(_url(child)).content.decode()
    assert "Conversation: court and sentencing" in page and "Rang Nan about the visit" in page
    assert reverse("assessments:this_is_me", args=[journey.id]) in page
    assert not [words for words in hidden if words in page]
    client.force_login(words_only)
    page = client.get(_url(child)).content.decode()
    assert "Conversation: court and sentencing" in page and "Rang Nan" not in page
    assert not [words for words in hidden if words in page]


def test_filters_by_strand_and_dates_and_says_when_the_dates_are_the_wrong_way_round(
    practitioner_client, child, journey
):
    page = practitioner_client.get(_url(child, strands=["notes", "parent"])).content.decode()
    assert "Rang Nan" in page and "Court hearing" in page and "Action agreed" not in page
    since, until = days(-26), days(-24)
    dates = {
        "since_0": since.day,
        "since_1": since.month,
        "since_2": since.year,
        "until_0": until.day,
        "until_1": until.month,
        "until_2": until.year,
    }
    page = practitioner_client.get(_url(child, **dates)).content.decode()
    assert "Conversation: court and sentencing" in page and "Rang Nan" not in page
    swapped = dates | {"since_0": until.day, "until_0": since.day}
    page = practitioner_client.get(_url(child, **swapped)).content.decode()
    assert "govuk-error-summary" in page and "To must be the same as or after From" in page


def test_a_long_chronology_is_one_query_a_page_however_long(practitioner_client, child):
    def count(entries: int) -> int:
        CaseNote.objects.bulk_create(
            CaseNote(
                child=child,
                written_by=child.created_by,
                happened_on=days(-n),
                summary=f"Entry {n}",
            )
            for n in range(CaseNote.objects.count(), entries)
        )
        with CaptureQueriesContext(connection) as queries:
            assert practitioner_client.get(_url(child)).status_code == 200
        return len(queries)

    few, many = count(5), count(500)
    assert few == many <= 12
    notes = {"strands": "notes"}  # (the whole chronology also says who opened the case)
    first = practitioner_client.get(_url(child, **notes)).content.decode()
    assert "Entry 0" in first and "Entry 49" in first and "Entry 50" not in first
    second = practitioner_client.get(_url(child, page=2, **notes)).content.decode()
    assert "Entry 50" in second and "Entry 0<" not in second and "Later entries" in second
    for hostile in ["0", "-1", "x", "99999999999999999999"]:
        assert "Entry 0" in practitioner_client.get(_url(child, page=hostile)).content.decode()


def test_the_pdf_for_a_handover_keeps_to_the_same_scope_and_is_audited(
    client, practitioner, child, journey
):
    client.force_login(practitioner)
    response = client.get(reverse("chronology:chronology_pdf", args=[child.id]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Court hearing" in text and "Rang Nan about the visit" in text
    assert AuditEvent.objects.filter(child_id=child.pk, action="download").exists()
    recipient = UserFactory()
    ConsentFactory(child=child, recipients=[recipient])
    client.force_login(recipient)
    response = client.get(reverse("chronology:chronology_pdf", args=[child.id]))
    assert child.reference not in response["Content-Disposition"]  # a holder's detail
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Conversation: court and sentencing" in text
    assert "Court hearing" not in text and "Rang Nan" not in text


def test_who_holds_the_case_is_in_the_chronology_by_name(practitioner_client, practitioner, child):
    from tests.factories import UserFactory

    joining = UserFactory(first_name="Ola", last_name="Bello", job_title="Family worker")
    services.child_allocate(child=child, practitioner=joining, actor=practitioner)
    services.child_unallocate(child=child, practitioner=joining, actor=practitioner)
    page = practitioner_client.get(_url(child, strands="holding")).content.decode()
    assert "Holds the case now: Ola Bello, Family worker" in page
    assert "No longer holds the case: Ola Bello, Family worker" in page
    assert page.index("No longer holds the case") < page.index("Holds the case now")
    assert f"Case opened by {practitioner.description}" in page
