"""'With the child' mode: the child's own screens, words that fit them, drawing in the browser,
stopping that saves, and a hand-back that needs the practitioner's password."""

import base64
import re
from datetime import date
from pathlib import Path

import pytest
import textstat
from django.conf import settings
from django.urls import reverse

from assessments import wording
from assessments.child_mode import wording_for
from assessments.models import Assessment, Drawing, ParentChildLink
from tests.conftest import png_bytes
from tests.factories import PASSWORD, AssessmentFactory, ChildFactory, ParentChildLinkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(practitioner):
    child = ChildFactory(
        created_by=practitioner, preferred_name="Ruby", date_of_birth=date(2014, 3, 1)
    )
    ParentChildLinkFactory(child=child, relationship="mother")
    ChildFactory(created_by=practitioner, family=child.family, preferred_name="Zebedee")
    return AssessmentFactory(
        child=child, conversation_date=date(2023, 5, 1), practitioner_notes="PRACTITIONER ONLY NOTE"
    )


def step_url(assessment, step):
    return reverse("assessments:child_mode_step", args=[assessment.id, step])


@pytest.fixture
def in_child_mode(practitioner_client, assessment):
    response = practitioner_client.post(
        reverse("assessments:child_mode_setup", args=[assessment.id]),
        {"language": "en", "age_band": "8_12", "family_member": "mum"},
    )
    assert response["Location"] == step_url(assessment, 0)
    return practitioner_client


def test_the_childs_screens_never_show_notes_other_children_or_the_way_out(
    in_child_mode, assessment
):
    pages = [step_url(assessment, n) for n in range(len(wording.STEPS))]
    pages.append(reverse("assessments:child_mode_done", args=[assessment.id]))
    for url in pages:
        html = in_child_mode.get(url).content.decode()
        assert "PRACTITIONER ONLY NOTE" not in html and "Zebedee" not in html, url
        assert "My cases" not in html and "Sign out" not in html, url
        assert "I want to stop" in html or "Thank you" in html, url


def test_stopping_saves_what_was_said(in_child_mode, assessment):
    response = in_child_mode.post(
        step_url(assessment, 1), {"answer": "Mum is at court", "go": "stop"}
    )
    assert response["Location"] == reverse("assessments:child_mode_done", args=[assessment.id])
    assessment.refresh_from_db()
    assert assessment.what_is_happening == "Mum is at court"


def test_skipping_keeps_nothing_and_moves_on(in_child_mode, assessment):
    response = in_child_mode.post(step_url(assessment, 0), {"answer": "not this", "go": "skip"})
    assert response["Location"] == step_url(assessment, 1)
    assessment.refresh_from_db()
    assert assessment.about_me == ""


def test_feelings_are_chosen_from_pictures(in_child_mode, assessment):
    page = in_child_mode.get(step_url(assessment, 2)).content.decode()
    assert "images/feelings/worried.svg" in page and 'alt=""' in page and ">Worried<" in page
    in_child_mode.post(step_url(assessment, 2), {"answer": ["worried", "proud"], "go": "next"})
    assessment.refresh_from_db()
    assert assessment.feelings == ["worried", "proud"]


def data_url(content: bytes, kind="image/png") -> str:
    return f"data:{kind};base64," + base64.b64encode(content).decode()


def test_the_drawing_canvas_is_an_image_with_a_name(in_child_mode, assessment):
    """An aria-label needs a role to name (the Nu HTML checker): the canvas is an image."""
    page = in_child_mode.get(step_url(assessment, wording.STEPS.index("drawing"))).content
    canvas = re.search(r"<canvas [^>]*>", page.decode()).group(0)
    assert 'role="img"' in canvas and 'aria-label="Drawing space"' in canvas


def test_a_canvas_drawing_is_stored_privately(in_child_mode, assessment, client, outsider):
    drawing_step = step_url(assessment, wording.STEPS.index("drawing"))
    response = in_child_mode.post(
        drawing_step,
        {"drawing": data_url(png_bytes((300, 200))), "caption": "My dog", "go": "next"},
    )
    assert response["Location"] == reverse("assessments:child_mode_done", args=[assessment.id])
    drawing = Drawing.objects.get()
    assert drawing.caption == "My dog" and drawing.assessment == assessment
    stored = Path(drawing.image.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert stored.read_bytes().startswith(b"\x89PNG")
    client.force_login(outsider)
    assert client.get(reverse("assessments:drawing_file", args=[drawing.id])).status_code == 404


@pytest.mark.parametrize(
    "value",
    [
        data_url(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        data_url(b"definitely not a png"),
        "data:image/png;base64,%%%not-base64%%%",
    ],
)
def test_a_canvas_that_is_not_a_picture_is_refused_kindly(in_child_mode, assessment, value):
    drawing_step = step_url(assessment, wording.STEPS.index("drawing"))
    response = in_child_mode.post(drawing_step, {"drawing": value, "caption": "Kept", "go": "next"})
    page = response.content.decode()
    assert response.status_code == 200 and "That picture could not be saved" in page
    assert 'value="Kept"' in page and not Drawing.objects.exists()


def test_the_device_stays_on_the_childs_screens_until_the_password(in_child_mode, assessment):
    hand_back = reverse("assessments:child_mode_hand_back", args=[assessment.id])
    for elsewhere in [
        "/children/",
        reverse("assessments:child_detail", args=[assessment.child_id]),
        "/audit/",
    ]:
        assert in_child_mode.get(elsewhere)["Location"] == hand_back
    wrong = in_child_mode.post(hand_back, {"password": "guess"})
    assert "The password is not right" in wrong.content.decode()
    assert in_child_mode.get("/children/")["Location"] == hand_back
    right = in_child_mode.post(hand_back, {"password": PASSWORD})
    assert right["Location"] == reverse("assessments:assessment_detail", args=[assessment.id])
    assert in_child_mode.get("/children/").status_code == 200


def test_wrong_hand_back_passwords_never_lock_the_account_but_make_the_page_wait(
    in_child_mode, assessment, practitioner
):
    """A child pressing keys: five wrong passwords make the hand-back page wait (even the right
    password is refused until then), the device stays on the child's screens, and the
    practitioner can still sign in anywhere else: nothing counts toward the sign-in locks."""
    from axes.models import AccessAttempt
    from django.test import Client

    from cia_portal.accounts import recheck

    hand_back = reverse("assessments:child_mode_hand_back", args=[assessment.id])
    for _attempt in range(4):
        wrong = in_child_mode.post(hand_back, {"password": "asdfgh"})
        assert "The password is not right" in wrong.content.decode()
    fifth = in_child_mode.post(hand_back, {"password": "asdfgh"}).content.decode()
    assert "The wrong password was entered 5 times. Wait 5 minutes, then try again." in fifth
    assert "govuk-error-summary" in fifth and "Your account is not locked" in fifth
    refused = in_child_mode.post(hand_back, {"password": PASSWORD})
    assert refused.status_code == 200 and "Wait 5 minutes" in refused.content.decode()
    assert in_child_mode.get("/children/")["Location"] == hand_back  # still in child mode

    assert not AccessAttempt.objects.exists()
    elsewhere = Client().post(
        reverse("login"), {"username": practitioner.username, "password": PASSWORD}
    )
    assert elsewhere.status_code == 302  # to the code page: the account is not locked

    session = in_child_mode.session
    session[recheck.SESSION_KEY] = session[recheck.SESSION_KEY] | {"until": 0}  # time passes
    session.save()
    right = in_child_mode.post(hand_back, {"password": PASSWORD})
    assert right["Location"] == reverse("assessments:assessment_detail", args=[assessment.id])


def test_words_change_with_age_band_and_family_member():
    young = wording.question("what_is_happening", language="en", band="under_8", member="dad")
    older = wording.question("what_is_happening", language="en", band="13_plus", member="dad")
    brother = wording.question("what_is_happening", language="en", band="8_12", member="brother")
    assert young[0] == "What do you know about where your dad is?"
    assert older[0] == "What do you understand about what is happening with your dad?"
    assert "your brother" in brother[0]
    assert (
        "dy frawd"
        in wording.question("what_is_happening", language="cy", band="8_12", member="brother")[0]
    )
    assert wording.age_band(date(2016, 6, 1), date(2023, 5, 31)) == "under_8"
    assert wording.age_band(date(2015, 5, 31), date(2023, 5, 31)) == "8_12"
    assert wording.age_band(date(2010, 5, 31), date(2023, 5, 31)) == "13_plus"


def test_every_question_has_every_wording():
    data = wording._data()
    for step in wording.STEPS:
        for language in ("en", "cy"):
            for band in ("under_8", "8_12", "13_plus"):
                for member in Assessment.FamilyMember.values:
                    question, hint = wording.question(
                        step, language=language, band=band, member=member
                    )
                    assert question and "{" not in question + hint, (step, language, band)
    assert set(data["feelings"]["cy"]) == set(data["feelings"]["en"])


def test_every_family_member_has_words_in_every_language_and_every_relationship_has_a_member():
    members = wording._data()["family_members"]
    for language in ("en", "cy"):
        assert set(members[language]) == set(Assessment.FamilyMember.values), language
        for words in members[language].values():
            assert set(words) == {"your", "my"} and all(words.values())
        for member in Assessment.FamilyMember.values:
            assert wording.this_is_me_titles(language=language, member=member)
    assert set(wording.RELATIONSHIP_TO_MEMBER) == set(ParentChildLink.Relationship.values)
    assert set(wording.RELATIONSHIP_TO_MEMBER.values()) <= set(Assessment.FamilyMember.values)
    assert wording.NOBODY_RECORDED in Assessment.FamilyMember.values


@pytest.mark.parametrize(
    ("relationship", "words"),
    [
        ("sister", "your sister"),
        ("step_parent", "your step-parent"),
        ("grandparent", "your grandparent"),
        ("carer", "your carer"),
        ("other", "someone in your family"),
    ],
)
def test_the_screens_name_the_family_member_recorded(practitioner, relationship, words):
    child = ChildFactory(created_by=practitioner, date_of_birth=date(2014, 3, 1))
    ParentChildLinkFactory(child=child, relationship=relationship)
    assessment = AssessmentFactory(child=child, conversation_date=date(2023, 5, 1))
    member = wording_for(assessment).member
    question, _hint = wording.question(
        "what_is_happening", language="en", band="8_12", member=member
    )
    assert words in question and "mum" not in question


def test_a_child_with_nobody_recorded_is_not_told_mum(practitioner):
    child = ChildFactory(created_by=practitioner, date_of_birth=date(2014, 3, 1))
    assessment = AssessmentFactory(child=child, conversation_date=date(2023, 5, 1))
    assert wording_for(assessment).member == "other"


def test_the_screens_follow_the_childs_age_and_family_member(practitioner_client, assessment):
    # Ruby is 9 on the day, and it is her mum: the defaults the practitioner sees first.
    setup = practitioner_client.get(reverse("assessments:child_mode_setup", args=[assessment.id]))
    assert setup.context["form"].initial["age_band"] == "8_12"
    assert setup.context["form"].initial["family_member"] == "mum"
    practitioner_client.post(
        reverse("assessments:child_mode_setup", args=[assessment.id]),
        {"language": "en", "age_band": "under_8", "family_member": "brother"},
    )
    page = practitioner_client.get(step_url(assessment, 1)).content.decode()
    assert "What do you know about where your brother is?" in page


def test_welsh_screens_render(practitioner_client, assessment):
    practitioner_client.post(
        reverse("assessments:child_mode_setup", args=[assessment.id]),
        {"language": "cy", "age_band": "8_12", "family_member": "mum"},
    )
    page = practitioner_client.get(step_url(assessment, 1)).content.decode()
    assert '<html lang="cy"' in page
    assert "Beth wyt ti&#x27;n ei wybod am beth sy&#x27;n digwydd i dy fam?" in page
    assert "Dw i eisiau stopio" in page and "Cwestiwn 2 o 10" in page and "Nesaf" in page
    feelings = practitioner_client.get(step_url(assessment, 2)).content.decode()
    assert ">Yn poeni<" in feelings


def test_this_is_me_reads_in_the_childs_language(practitioner_client, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(
        language="cy", about_me="Dw i'n hoffi pêl-droed", feelings=["proud"]
    )
    page = practitioner_client.get(
        reverse("assessments:this_is_me", args=[assessment.id])
    ).content.decode()
    assert "Dyma fi" in page and "Amdana i" in page and ">Balch<" in page
    assert 'lang="cy"' in page


def test_a_completed_conversation_is_not_reopened_with_the_child(practitioner_client, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(status="completed")
    setup = reverse("assessments:child_mode_setup", args=[assessment.id])
    response = practitioner_client.get(setup)
    assert "This conversation is completed" in response.content.decode()
    assert "Start with Ruby" not in response.content.decode()
    posted = practitioner_client.post(
        setup, {"language": "cy", "age_band": "8_12", "family_member": "mum"}
    )
    assert posted.status_code == 200 and "child_mode" not in practitioner_client.session
    step = practitioner_client.get(step_url(assessment, 0)).content.decode()
    assert "Thank you, Ruby" in step and "<textarea" not in step


@pytest.mark.parametrize(("band", "grade"), [("under_8", 3), ("8_12", 4), ("13_plus", 6)])
def test_each_age_band_reads_at_its_age(band, grade):
    """Every question and hint for the band, as one text (Flesch-Kincaid grade, in English:
    the formula is for English; the Welsh is translated from these). Grade 3 is about eight."""
    text = " ".join(
        " ".join(wording.question(step, language="en", band=band, member="mum"))
        for step in wording.STEPS
    )
    assert textstat.flesch_kincaid_grade(text) <= grade
    assert textstat.flesch_reading_ease(text) >= 80
