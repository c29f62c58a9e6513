"""What recipients, case holders and safeguarding leads see and can do, page by page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Consent, SafeguardingOverride
from cia_portal.audit.models import AuditEvent
from tests import consent_pages
from tests.factories import (
    CompletedAssessmentFactory,
    ConsentFactory,
    OverrideFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def court_conversation(child):
    return CompletedAssessmentFactory(
        child=child,
        stage="court",
        about_me="I like swimming",
        want_people_to_know="Please let mum stay",
        practitioner_notes="PRIVATE NOTE",
    )


@pytest.fixture
def recipient(db):
    return UserFactory(first_name="Pat", last_name="Author")


def test_recipient_sees_only_the_sections_in_scope_on_page_and_pdf(
    client, court_conversation, recipient
):
    ConsentFactory(child=court_conversation.child, recipients=[recipient])
    client.force_login(recipient)
    page = client.get(reverse("assessments:this_is_me", args=[court_conversation.id]))
    html = page.content.decode()
    assert "Please let mum stay" in html
    assert "I like swimming" not in html and "About me" not in html
    assert "PRIVATE NOTE" not in html
    pdf = client.get(reverse("assessments:this_is_me_pdf", args=[court_conversation.id]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    assert "Please let mum stay" in text and "I like swimming" not in text
    assert "PRIVATE NOTE" not in text
    assert AuditEvent.objects.filter(actor=recipient, action="download").exists()


def pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_notes_reach_a_recipient_only_when_chosen_explicitly(client, court_conversation, recipient):
    ConsentFactory(
        child=court_conversation.child, recipients=[recipient], include_practitioner_notes=True
    )
    client.force_login(recipient)
    html = client.get(reverse("assessments:this_is_me", args=[court_conversation.id]))
    assert "PRIVATE NOTE" in html.content.decode()


def test_recipient_child_page_shows_the_purpose_and_no_case_details(
    client, court_conversation, recipient
):
    child = court_conversation.child
    ConsentFactory(child=child, recipients=[recipient])
    client.force_login(recipient)
    html = client.get(reverse("assessments:child_detail", args=[child.id])).content.decode()
    assert "For my mum&#x27;s pre-sentence report" in html
    assert "This is me: court and sentencing" in html
    assert child.family.name not in html and "Agreed actions" not in html


def test_out_of_scope_stage_is_not_found_for_the_recipient(client, court_conversation, recipient):
    ConsentFactory(child=court_conversation.child, recipients=[recipient], stages=["custody"])
    client.force_login(recipient)
    assert (
        client.get(
            reverse("assessments:child_detail", args=[court_conversation.child.id])
        ).status_code
        == 200
    )
    url = reverse("assessments:this_is_me", args=[court_conversation.id])
    assert client.get(url).status_code == 404


def test_recipient_may_not_change_the_record(client, court_conversation, recipient):
    child = court_conversation.child
    ConsentFactory(child=child, recipients=[recipient])
    client.force_login(recipient)
    response = client.post(
        reverse("assessments:child_edit", args=[child.id]), {"preferred_name": "Changed"}
    )
    assert response.status_code == 403 and b"You cannot do this" in response.content
    child.refresh_from_db()
    assert child.preferred_name != "Changed"


def test_after_withdrawal_the_recipient_gets_not_found(client, court_conversation, recipient):
    consent = ConsentFactory(child=court_conversation.child, recipients=[recipient])
    holder = court_conversation.child.created_by
    client.force_login(holder)
    url = reverse("assessments:consent_withdraw", args=[consent.id])
    assert client.get(url).status_code == 200
    client.post(url, {"note": "Asked to stop"})
    consent.refresh_from_db()
    assert consent.withdrawn_at and consent.withdrawal_note == "Asked to stop"
    client.force_login(recipient)
    assert (
        client.get(reverse("assessments:this_is_me", args=[court_conversation.id])).status_code
        == 404
    )


def test_case_holder_records_consent_and_the_recipient_can_read(
    client, court_conversation, recipient
):
    child = court_conversation.child
    client.force_login(child.created_by)
    response = consent_pages.share(client, child, recipient)
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert list(consent.recipient_users.all()) == [recipient] and consent.stages == ["court"]
    page = client.get(reverse("assessments:child_detail", args=[child.id])).content.decode()
    assert "So the judge knows about me" in page and "Stop sharing" in page
    # Whom it names is on the page of who the child shares with (issue 19).
    sharing = client.get(reverse("assessments:child_sharing", args=[child.id])).content.decode()
    assert "So the judge knows about me" in sharing and "Pat Author" in sharing
    client.force_login(recipient)
    assert (
        client.get(reverse("assessments:this_is_me", args=[court_conversation.id])).status_code
        == 200
    )


def test_the_case_holder_cannot_share_with_themselves_or_a_chair(client, child):
    client.force_login(child.created_by)
    chair = UserFactory(roles=["Alliance chair"])
    html = client.get(consent_pages.step_url(child, "who-will-know")).content.decode()
    assert chair.description not in html
    assert child.created_by.description not in html


def test_safeguarding_lead_overrides_and_the_case_holder_sees_it(
    client, court_conversation, recipient
):
    child = court_conversation.child
    dsl = UserFactory(roles=["Practitioner", "Safeguarding lead"])
    client.force_login(dsl)
    url = reverse("assessments:override_create", args=[child.id])
    assert client.get(url).status_code == 200
    end = timezone.localdate() + timedelta(days=14)
    bad = client.post(
        url, {"reason": "", "ends_on_0": end.day, "ends_on_1": end.month, "ends_on_2": end.year}
    )
    assert "Choose one practitioner or one organisation" in bad.content.decode()
    client.post(
        url,
        {
            "recipient_user": recipient.pk,
            "reason": "Disclosed harm at home",
            "ends_on_0": end.day,
            "ends_on_1": end.month,
            "ends_on_2": end.year,
        },
    )
    override = SafeguardingOverride.objects.get()
    assert override.created_by == dsl
    client.force_login(recipient)
    html = client.get(reverse("assessments:this_is_me", args=[court_conversation.id]))
    assert "I like swimming" in html.content.decode()  # every section of the child's words
    assert "PRIVATE NOTE" not in html.content.decode()
    client.force_login(child.created_by)
    # Shown where the holder sees who the child shares with (the child's page links to it).
    page = client.get(reverse("assessments:child_sharing", args=[child.id])).content.decode()
    assert "Shared without consent" in page and "Disclosed harm at home" in page
    client.force_login(dsl)
    client.post(reverse("assessments:override_end", args=[override.id]))
    client.force_login(recipient)
    assert (
        client.get(reverse("assessments:this_is_me", args=[court_conversation.id])).status_code
        == 404
    )


def test_nobody_but_a_safeguarding_lead_reaches_the_override_pages(client, child):
    override = OverrideFactory(child=child, recipient_user=UserFactory())
    for user in [
        child.created_by,
        UserFactory(roles=["Alliance chair"]),
        UserFactory(roles=["Auditor"]),
    ]:
        client.force_login(user)
        assert (
            client.get(reverse("assessments:override_create", args=[child.id])).status_code == 404
        )
        assert (
            client.post(reverse("assessments:override_end", args=[override.id])).status_code == 404
        )
    override.refresh_from_db()
    assert override.ended_at is None


def test_case_holder_sees_who_else_has_seen_the_record(client, court_conversation, recipient):
    child = court_conversation.child
    ConsentFactory(child=child, recipients=[recipient])
    client.force_login(recipient)
    client.get(reverse("assessments:child_detail", args=[child.id]))
    client.force_login(child.created_by)
    page = client.get(reverse("assessments:child_detail", args=[child.id])).content.decode()
    assert reverse("records:record", args=[child.id]) + "#seen-by" in page
    html = client.get(reverse("records:record", args=[child.id])).content.decode()
    assert "Who has seen this record" in html and "Pat Author" in html


def test_consent_form_lists_practitioners_with_their_role_and_not_the_case_holders(client, child):
    jo = UserFactory(first_name="Jo", last_name="Clarke", job_title="Probation officer")
    client.force_login(child.created_by)
    html = client.get(consent_pages.step_url(child, "who-will-know")).content.decode()
    assert jo.description in html
    assert f'value="user:{child.created_by.pk}"' not in html


def test_consent_purpose_is_a_text_box(client, child):
    client.force_login(child.created_by)
    html = client.get(consent_pages.step_url(child, "why")).content.decode()
    assert 'name="purpose"' in html and 'type="text"' in html.split('name="purpose"')[0][-300:]


def test_case_holder_adds_and_removes_a_colleague(client, child):
    colleague = UserFactory(first_name="Alex", last_name="Colleague")
    client.force_login(child.created_by)
    url = reverse("assessments:child_allocate", args=[child.id])
    client.post(url, {"practitioner": colleague.pk})
    client.force_login(colleague)
    assert client.get(reverse("assessments:child_edit", args=[child.id])).status_code == 200
    client.post(url, {"remove": child.created_by.pk})
    client.force_login(child.created_by)
    assert client.get(reverse("assessments:child_detail", args=[child.id])).status_code == 404
    client.force_login(colleague)
    response = client.post(url, {"remove": colleague.pk}, follow=True)
    assert "at least one practitioner" in response.content.decode()
    assert list(child.practitioners.all()) == [colleague]
    assert AuditEvent.objects.filter(child_id=child.id, detail__startswith="Allocated").exists()


def test_adding_nobody_shows_an_error(client, child):
    client.force_login(child.created_by)
    response = client.post(
        reverse("assessments:child_allocate", args=[child.id]), {"practitioner": "not-a-number"}
    )
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "", "99999999", "1; DROP"])
def test_removing_a_mangled_practitioner_is_not_found(client, child, value):
    client.force_login(child.created_by)
    response = client.post(
        reverse("assessments:child_allocate", args=[child.id]), {"remove": value}
    )
    assert response.status_code == 404
    assert list(child.practitioners.all()) == [child.created_by]


def test_this_is_me_is_the_childs_voice_even_for_the_case_holder(client, court_conversation):
    client.force_login(court_conversation.child.created_by)
    html = client.get(reverse("assessments:this_is_me", args=[court_conversation.id]))
    assert "I like swimming" in html.content.decode()
    assert "PRIVATE NOTE" not in html.content.decode()
