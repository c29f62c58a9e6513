"""'This is me' in two versions: the child's keepsake and the copy for professionals. Both
are reads of the child through the same selector as the page, so both keep to the scope."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments.models import Assessment
from cia_portal.audit.models import AuditEvent
from tests.factories import (
    ChildFactory,
    CompletedAssessmentFactory,
    ConsentFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CONVERSATION_DAY = date(2026, 11, 20)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def ayo(practitioner):
    return ChildFactory(created_by=practitioner, preferred_name="Ayo")


@pytest.fixture
def conversation(ayo):
    return CompletedAssessmentFactory(
        child=ayo,
        stage="court",
        conversation_date=CONVERSATION_DAY,
        about_me="I like swimming",
        feelings=["proud", "worried"],
        who_helps="My nan and my teacher",
        what_would_help="A phone call with mum every week",
        want_people_to_know="Please let mum stay",
        practitioner_notes="PRIVATE NOTE",
    )


@pytest.fixture
def author(db):
    """A pre-sentence report author at probation."""
    return UserFactory(
        first_name="Jo",
        last_name="Clarke",
        organisation=OrganisationFactory(name="Probation Service"),
    )


def download(client, name, conversation):
    response = client.get(reverse(f"assessments:{name}", args=[conversation.id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response


def test_the_files_are_named_by_the_childs_name_and_the_day_not_an_id(
    practitioner_client, conversation
):
    copy = download(practitioner_client, "this_is_me_pdf", conversation)
    keepsake = download(practitioner_client, "this_is_me_keepsake", conversation)
    assert copy["Content-Disposition"] == 'attachment; filename="This-is-me-Ayo-2026-11-20.pdf"'
    assert keepsake["Content-Disposition"] == (
        'attachment; filename="This-is-me-Ayo-keepsake-2026-11-20.pdf"'
    )


def test_a_name_with_accents_or_spaces_gives_an_ascii_file_name(practitioner_client, practitioner):
    child = ChildFactory(created_by=practitioner, preferred_name="Zoë Mae")
    conversation = CompletedAssessmentFactory(child=child, conversation_date=CONVERSATION_DAY)
    copy = download(practitioner_client, "this_is_me_pdf", conversation)
    assert copy["Content-Disposition"] == (
        'attachment; filename="This-is-me-Zoe-Mae-2026-11-20.pdf"'
    )


def test_the_professional_copy_starts_with_what_the_child_agreed_to(client, conversation, author):
    stop_on = timezone.localdate() + timedelta(days=60)
    teacher = UserFactory(first_name="Kim", last_name="Teacher")
    ConsentFactory(
        child=conversation.child,
        recipients=[author, teacher],
        sections=["who-helps-me", "what-i-want-people-to-know"],
        purpose="For mum's pre-sentence report",
        for_pre_sentence_report=True,
        expires_on=stop_on,
        given_by="parent",
        giver_name="Dee Rivers",
    )
    client.force_login(author)
    text = pdf_text(download(client, "this_is_me_pdf", conversation).content)
    assert "What Ayo agreed to" in text
    assert "Shared with You" in text and "For mum's pre-sentence report" in text
    # Not who else the child chose, nor the name of the parent who agreed for them.
    assert "Kim Teacher" not in text and "Dee Rivers" not in text
    assert "A parent, on the child's behalf" in text
    assert "Parts shared Court and sentencing: Who helps me and what would help" in text
    assert f"Stop sharing on {stop_on:%-d %B %Y}" in text
    assert "Page 1 of 1" in text
    assert "Copy for professionals" in text and "Please do not pass it on" in text


def test_the_holders_copy_lists_every_active_agreement_at_the_stage_only(
    practitioner_client, conversation, author
):
    ConsentFactory(child=conversation.child, recipients=[author], purpose="For the report")
    ConsentFactory(
        child=conversation.child,
        recipients=[author],
        stages=["custody"],
        purpose="For the prison visits team",
    )
    ConsentFactory(
        child=conversation.child,
        recipients=[author],
        purpose="For the school",
        withdrawn_at=timezone.now(),
    )
    text = pdf_text(download(practitioner_client, "this_is_me_pdf", conversation).content)
    assert "Who Ayo agreed may read this" in text and "For the report" in text
    assert "For the prison visits team" not in text and "For the school" not in text
    assert "No end date" in text


def test_both_versions_keep_the_two_labels_of_who_helps_me(practitioner_client, conversation):
    page = practitioner_client.get(
        reverse("assessments:this_is_me", args=[conversation.id])
    ).content.decode()
    copy = pdf_text(download(practitioner_client, "this_is_me_pdf", conversation).content)
    keepsake = pdf_text(download(practitioner_client, "this_is_me_keepsake", conversation).content)
    for text in (page, copy, keepsake):
        assert text.index("Who helps me") < text.index("My nan and my teacher")
        assert text.index("What would help") < text.index("A phone call with mum every week")


def test_a_recipient_gets_only_the_parts_in_scope_in_both_versions(client, conversation, author):
    ConsentFactory(child=conversation.child, recipients=[author])  # what I want people to know
    client.force_login(author)
    for name in ("this_is_me_pdf", "this_is_me_keepsake"):
        text = pdf_text(download(client, name, conversation).content)
        assert "Please let mum stay" in text
        for out_of_scope in ("I like swimming", "My nan", "Proud", "PRIVATE NOTE"):
            assert out_of_scope not in text, (name, out_of_scope)


def test_a_wider_consent_gets_more_parts_but_the_keepsake_never_has_the_notes(
    client, conversation, author
):
    ConsentFactory(
        child=conversation.child,
        recipients=[author],
        sections=["about-me", "how-i-feel", "what-i-want-people-to-know"],
        include_practitioner_notes=True,
    )
    client.force_login(author)
    copy = pdf_text(download(client, "this_is_me_pdf", conversation).content)
    keepsake = pdf_text(download(client, "this_is_me_keepsake", conversation).content)
    for text in (copy, keepsake):
        assert "I like swimming" in text and "Proud" in text and "Worried" in text
        assert "My nan" not in text
    assert "PRIVATE NOTE" in copy
    assert "PRIVATE NOTE" not in keepsake and "agreed" not in keepsake


def test_the_keepsake_shows_the_faces_the_child_chose(practitioner_client, conversation):
    from assessments import selectors
    from assessments.privacy import child_scope_for

    scope = child_scope_for(user=conversation.child.created_by, child=conversation.child)
    context = selectors.this_is_me(conversation, scope, embed_images=True)
    faces = [feeling["face"] for feeling in context["feelings"]]
    assert [feeling["label"] for feeling in context["feelings"]] == ["Proud", "Worried"]
    assert all(face.startswith("data:image/svg+xml;base64,") for face in faces)
    assert faces[0] != faces[1]


def test_the_keepsake_is_in_the_childs_language(practitioner_client, conversation):
    Assessment.objects.filter(pk=conversation.pk).update(language="cy")
    keepsake = download(practitioner_client, "this_is_me_keepsake", conversation)
    text = pdf_text(keepsake.content)
    assert "Dyma fi" in text and "Ayo" in text and "20 Tachwedd 2026" in text
    assert "Pwy sy'n fy helpu" in text and "Beth fyddai'n helpu" in text
    assert "Balch" in text and "Yn poeni" in text
    assert "This is me" not in text and "Who helps me" not in text
    assert keepsake["Content-Disposition"] == (
        'attachment; filename="Dyma-fi-Ayo-cofrodd-2026-11-20.pdf"'
    )


def test_downloading_the_keepsake_is_audited(practitioner_client, practitioner, conversation):
    download(practitioner_client, "this_is_me_keepsake", conversation)
    event = AuditEvent.objects.get(actor=practitioner, action=AuditEvent.Action.DOWNLOAD)
    assert event.child_id == conversation.child_id
    assert event.detail == "This is me keepsake PDF"


def test_the_page_offers_both_versions(practitioner_client, conversation):
    page = practitioner_client.get(
        reverse("assessments:this_is_me", args=[conversation.id])
    ).content.decode()
    assert reverse("assessments:this_is_me_keepsake", args=[conversation.id]) in page
    assert reverse("assessments:this_is_me_pdf", args=[conversation.id]) in page
    assert "Keepsake for Ayo (PDF)" in page and "Copy for professionals (PDF)" in page
