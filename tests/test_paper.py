"""Paper still works: a blank pack to print in the child's words and language, and a
conversation marked as done on paper, typed in afterwards with photos of the drawings."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Assessment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PACK = reverse("assessments:paper_pack")


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pack_is_in_the_words_for_the_child_and_their_language(practitioner_client):
    assert "Print a blank pack" in practitioner_client.get(PACK).content.decode()
    welsh = practitioner_client.get(PACK, {"band": "under_8", "member": "sister", "language": "cy"})
    assert welsh["Content-Type"] == "application/pdf"
    assert welsh["Content-Disposition"] == 'attachment; filename="CIA-paper-pack-under_8-cy.pdf"'
    text = pdf_text(welsh.content)
    assert "Dyma fi" in text and "dy chwaer" in text and "Balch" in text and "Fy enw" in text
    english = pdf_text(
        practitioner_client.get(
            PACK, {"band": "13_plus", "member": "step_parent", "language": "en"}
        ).content
    )
    assert "your step-parent" in english and "mum" not in english and "Proud" in english


def test_a_pack_not_chosen_properly_says_what_to_choose(practitioner_client):
    page = practitioner_client.get(PACK, {"band": "9_to_5", "language": "en"}).content.decode()
    assert "There is a problem" in page
    assert "Select who in the family is in the justice system" in page


def test_only_practitioners_print_packs(client):
    client.force_login(UserFactory(roles=["Alliance chair"]))
    assert client.get(PACK).status_code == 403


def test_a_conversation_done_on_paper_is_marked_as_such(practitioner_client, practitioner, child):
    practitioner_client.post(
        reverse("assessments:assessment_start", args=[child.id]),
        {
            "stage": "court",
            "conversation_date_0": "2",
            "conversation_date_1": "3",
            "conversation_date_2": "2023",
            "completed_with": practitioner.id,
            "chosen_by_child": "on",
            "on_paper": "on",
        },
    )
    assessment = Assessment.objects.get()
    assert assessment.on_paper
    page = practitioner_client.get(
        reverse("assessments:assessment_detail", args=[assessment.id])
    ).content.decode()
    assert "Done on paper" in page and "add photos of their drawings" in page
    assert "Do it together on this device" not in page
