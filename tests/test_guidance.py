"""The toolkit's notes beside each question, for the practitioner only: by stage and by
section, from `assessments/wording/guidance.json`, and never on the child's screens or in
anything the child is given or that is shared."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments import services, wording
from assessments.models import Stage
from assessments.sections import SECTIONS
from tests.factories import AssessmentFactory, ChildFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db

DATA = wording._guidance()


def every_point() -> list[str]:
    points = []
    for notes in [*DATA["stages"].values(), *DATA["sections"].values()]:
        for name, values in notes.items():
            if name != "sources":
                points += values
    return points


def test_every_stage_and_section_has_notes_each_a_short_sentence_with_its_sources():
    assert set(DATA["stages"]) == set(Stage.values)
    assert set(DATA["sections"]) == {section.slug for section in SECTIONS}
    for notes in DATA["stages"].values():
        assert all(notes[part] for part in ("feelings", "helps", "actions", "sources"))
    for notes in DATA["sections"].values():
        assert all(notes[part] for part in ("ask", "listen_for", "sources"))
    assert all(len(point.split()) <= 30 for point in every_point())


@pytest.fixture
def conversation(practitioner):
    child = ChildFactory(created_by=practitioner, preferred_name="Ayo")
    return AssessmentFactory(child=child, stage="custody", about_me="I like swimming")


def test_the_section_page_has_the_notes_for_its_stage_and_section(
    practitioner_client, conversation
):
    page = practitioner_client.get(
        reverse("assessments:assessment_section", args=[conversation.id, "what-worries-me"])
    ).content.decode()
    assert "Guidance for you" in page and "At this stage: Custody (prison)" in page
    for point in DATA["stages"]["custody"]["feelings"] + DATA["sections"]["what-worries-me"]["ask"]:
        assert point.replace("'", "&#x27;") in page
    court_only = set(DATA["stages"]["court"]["actions"]) - set(DATA["stages"]["custody"]["actions"])
    assert not any(point.replace("'", "&#x27;") in page for point in court_only)


def _pdf(content: bytes) -> str:
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )


def test_no_note_reaches_the_child_or_anyone_it_is_shared_with(
    practitioner_client, practitioner, conversation, client
):
    """The child's screens, "This is me" (page and both PDFs), "You said, we did" and the
    blank paper pack: not one of the notes, in any of them."""
    practitioner_client.post(
        reverse("assessments:child_mode_setup", args=[conversation.id]),
        {"language": "en", "age_band": "8_12", "family_member": "mum"},
    )
    seen = [
        practitioner_client.get(
            reverse("assessments:child_mode_step", args=[conversation.id, n])
        ).content.decode()
        for n in range(len(wording.STEPS))
    ]
    practitioner_client.logout()
    practitioner_client.force_login(practitioner)
    services.you_said_we_did_save(
        assessment=conversation, actor=practitioner, sections=["about-me"], who_to_ask="Sam"
    )
    for name in ("this_is_me", "you_said_we_did"):
        url = reverse(f"assessments:{name}", args=[conversation.id])
        seen.append(practitioner_client.get(url).content.decode())
    for name in ("this_is_me_pdf", "this_is_me_keepsake", "you_said_we_did_pdf"):
        url = reverse(f"assessments:{name}", args=[conversation.id])
        seen.append(_pdf(practitioner_client.get(url).content))
    pack = reverse("assessments:paper_pack")
    seen.append(
        _pdf(
            practitioner_client.get(
                pack, {"band": "8_12", "member": "mum", "language": "en"}
            ).content
        )
    )
    recipient = UserFactory()
    conversation.status = "completed"
    conversation.save()
    ConsentFactory(
        child=conversation.child, stages=["custody"], sections=["about-me"], recipients=[recipient]
    )
    client.force_login(recipient)
    shared = client.get(reverse("assessments:this_is_me", args=[conversation.id]))
    assert shared.status_code == 200 and "I like swimming" in shared.content.decode()
    seen.append(shared.content.decode())
    for text in seen:
        assert "Guidance for you" not in text
        for point in every_point():
            assert point not in text and point.replace("'", "&#x27;") not in text
