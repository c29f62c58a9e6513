""" "You said, we did": what the child is given back after a conversation. Only the parts of
their words they chose, never the practitioner's notes; what is being done, by whom and when;
in the words for their age and family member and in their language; and a record of each time
it was given."""

import io
import re
from datetime import date, timedelta

import pytest
import textstat
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import services, wording
from assessments.models import AgreedAction, ParentChildLink, YouSaidWeDid
from cia_portal.audit.models import AuditEvent
from records.selectors import child_record
from tests.factories import (
    AgreedActionFactory,
    ChildFactory,
    CompletedAssessmentFactory,
    OrganisationFactory,
    ParentChildLinkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ABOUT_ME, WORRIES, NOTES = "I like swimming", "SECRET WORRY about the dog", "PRIVATE NOTE"


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def practitioner(db):
    return UserFactory(
        first_name="Sam",
        last_name="Okafor",
        organisation=OrganisationFactory(name="Hopeside Family Support"),
    )


@pytest.fixture
def conversation(practitioner):
    child = ChildFactory(created_by=practitioner, preferred_name="Ayo")
    ParentChildLinkFactory(child=child, relationship=ParentChildLink.Relationship.SISTER)
    conversation = CompletedAssessmentFactory(
        child=child,
        about_me=ABOUT_ME,
        worries=WORRIES,
        feelings=["proud"],
        practitioner_notes=NOTES,
        age_band="8_12",
    )
    AgreedActionFactory(
        child=child,
        assessment=conversation,
        description="Ask school for a quiet place at lunchtime",
        owner="Ms Khan, class teacher",
        due_date=date(2026, 12, 10),
    )
    return conversation


def url(name, conversation):
    return reverse(f"assessments:{name}", args=[conversation.id])


def choose(client, conversation, sections, who="Sam at school"):
    return client.post(
        url("you_said_we_did", conversation), {"sections": sections, "who_to_ask": who}
    )


def test_the_child_gets_only_the_parts_they_chose_and_never_the_notes(
    practitioner_client, conversation
):
    page = practitioner_client.get(url("you_said_we_did", conversation)).content.decode()
    assert "Not given to Ayo yet" in page and "Sam Okafor, Hopeside Family Support" in page
    assert ABOUT_ME not in page and WORRIES not in page  # nothing chosen, nothing shown yet

    assert choose(practitioner_client, conversation, ["about-me"]).status_code == 302
    page = practitioner_client.get(url("you_said_we_did", conversation)).content.decode()
    pdf = pdf_text(practitioner_client.get(url("you_said_we_did_pdf", conversation)).content)
    for copy in (page, pdf):
        assert ABOUT_ME in copy and NOTES not in copy
        assert "Ask school for a quiet place at lunchtime" in copy
        assert "Ms Khan, class teacher" in copy and "10 December 2026" in copy
        assert "Sam at school" in copy
        assert WORRIES not in copy  # answered, but not chosen
    assert "What worries me" not in pdf and "What worries me" in page  # a choice on the page


def test_nothing_chosen_says_so_kindly(practitioner_client, conversation):
    choose(practitioner_client, conversation, [])
    pdf = pdf_text(practitioner_client.get(url("you_said_we_did_pdf", conversation)).content)
    assert "You chose to keep what you told us private" in pdf and ABOUT_ME not in pdf


def test_the_words_are_for_the_childs_family_member_age_and_language(
    practitioner_client, conversation
):
    """Ayo's sister is in the justice system; the conversation was in Welsh, for a young child."""
    conversation.language, conversation.age_band = "cy", "under_8"
    conversation.save()
    choose(practitioner_client, conversation, ["about-me"])
    response = practitioner_client.get(url("you_said_we_did_pdf", conversation))
    assert response["Content-Disposition"].startswith(
        'attachment; filename="Beth-ddywedaist-ti-beth-wnaethon-ni-Ayo-'
    )
    pdf = pdf_text(response.content)
    assert "Diolch am siarad â fi am dy chwaer" in pdf
    assert "10 Rhagfyr 2026" in pdf and "Byddwn ni'n gwneud hyn" in pdf
    assert "mum" not in pdf and "dy fam" not in pdf
    page = practitioner_client.get(url("you_said_we_did", conversation)).content.decode()
    assert 'lang="cy"' in page and "dy chwaer" in page


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("band", wording.AGE_BANDS)
@pytest.mark.parametrize("member", sorted(set(wording.RELATIONSHIP_TO_MEMBER.values())))
def test_every_age_band_family_member_and_language_has_every_word(language, band, member):
    said = wording.you_said_we_did(language=language, band=band, member=member)
    english = wording.you_said_we_did(language="en", band=band, member=member)
    assert said.keys() == english.keys()
    assert said["status"].keys() == set(AgreedAction.Status.values)
    for text in [v for v in said.values() if isinstance(v, str)] + list(said["status"].values()):
        assert text and "{" not in text
    your = wording._family(language, member)["your"]
    assert your in said["intro"]


def test_each_action_says_where_it_has_got_to_in_the_childs_words(
    practitioner_client, conversation
):
    AgreedActionFactory(
        child=conversation.child, assessment=conversation, status="done", description="Visit"
    )
    AgreedActionFactory(
        child=conversation.child, assessment=conversation, status="not_done", description="Call"
    )
    AgreedActionFactory(child=conversation.child, description="ANOTHER CONVERSATION'S ACTION")
    choose(practitioner_client, conversation, [])
    pdf = pdf_text(practitioner_client.get(url("you_said_we_did_pdf", conversation)).content)
    assert "We will do this" in pdf and "Done" in pdf
    assert "We could not do this. Please ask us why." in pdf
    assert "ANOTHER CONVERSATION'S ACTION" not in pdf


def test_giving_it_is_recorded_and_a_change_afterwards_says_give_the_new_one(
    practitioner_client, practitioner, conversation
):
    given = url("you_said_we_did_given", conversation)
    assert practitioner_client.get(given).status_code == 302  # nothing to give until saved
    choose(practitioner_client, conversation, ["about-me"])
    today = timezone.localdate()
    response = practitioner_client.post(
        given,
        {
            "given_on_0": today.day,
            "given_on_1": today.month,
            "given_on_2": today.year,
            "given_how": "together",
        },
    )
    assert response.status_code == 302
    record = YouSaidWeDid.objects.get()
    assert (record.given_on, record.given_by, record.given_how) == (today, practitioner, "together")
    assert AuditEvent.objects.filter(
        object_id=str(record.pk), detail__startswith="Given to the child on"
    ).exists()
    detail = practitioner_client.get(url("assessment_detail", conversation)).content.decode()
    assert f"Given on {today:%-d %B %Y}" in detail
    page = practitioner_client.get(url("you_said_we_did", conversation)).content.decode()
    assert "Given on" in page and "Something has changed" not in page

    action = conversation.actions.get()
    services.action_save(
        child=conversation.child, actor=practitioner, data={"status": "done"}, action=action
    )
    page = practitioner_client.get(url("you_said_we_did", conversation)).content.decode()
    assert "Something has changed since you gave it" in page and "Give Ayo the new one" in page


def test_a_date_in_the_future_or_no_way_of_giving_is_refused_and_nothing_is_recorded(
    practitioner_client, conversation
):
    choose(practitioner_client, conversation, ["about-me"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = practitioner_client.post(
        url("you_said_we_did_given", conversation),
        {"given_on_0": tomorrow.day, "given_on_1": tomorrow.month, "given_on_2": tomorrow.year},
    ).content.decode()
    assert "There is a problem" in page
    assert "When you gave it must be today or in the past" in page
    assert "Select how you gave it" in page
    assert YouSaidWeDid.objects.get().given_on is None


def test_who_to_ask_is_needed_and_what_was_ticked_is_kept(practitioner_client, conversation):
    page = choose(practitioner_client, conversation, ["about-me"], who="").content.decode()
    assert "Enter who the child can ask" in page
    assert re.search(r'value="about-me"\s+checked', page)
    assert not YouSaidWeDid.objects.exists()


def test_a_section_not_answered_cannot_be_chosen(practitioner_client, conversation):
    page = choose(practitioner_client, conversation, ["what-i-want-people-to-know"])
    assert page.status_code == 200 and not YouSaidWeDid.objects.exists()


def test_only_the_case_holders_open_it(client, conversation):
    client.force_login(UserFactory())
    for name in ("you_said_we_did", "you_said_we_did_pdf", "you_said_we_did_given"):
        assert client.get(url(name, conversation)).status_code == 404


def test_it_is_in_the_childs_whole_record(practitioner_client, practitioner, conversation):
    services.you_said_we_did_save(
        assessment=conversation, actor=practitioner, sections=["about-me"], who_to_ask="Sam"
    )
    record = child_record(conversation.child)
    titles = [entry.title for part in record.parts for entry in part.entries]
    assert any(title.startswith("You said, we did") for title in titles)


def test_the_practitioners_own_pages_name_the_same_family_member(practitioner_client, conversation):
    """The question the practitioner reads out says "your sister" too, never "your mum"."""
    section = reverse("assessments:assessment_section", args=[conversation.id, "what-is-happening"])
    for page in (
        practitioner_client.get(section).content.decode(),
        practitioner_client.get(url("assessment_check", conversation)).content.decode(),
    ):
        assert "What do you know about what is happening to your sister?" in page
        assert "your mum" not in page


@pytest.mark.parametrize(("band", "grade"), [("under_8", 3), ("8_12", 4), ("13_plus", 6)])
def test_the_words_read_at_the_childs_age(band, grade):
    """As the child's questions are measured (test_child_mode): Flesch-Kincaid grade for the
    band and reading ease 80 or more, in English (the Welsh is translated from these)."""
    said = wording.you_said_we_did(language="en", band=band, member="sister")
    text = " ".join(
        [v for v in said.values() if isinstance(v, str)] + list(said["status"].values())
    )
    assert textstat.flesch_kincaid_grade(text) <= grade
    assert textstat.flesch_reading_ease(text) >= 80


def test_a_change_the_child_would_see_says_give_the_new_one_and_nothing_else_does(
    practitioner_client, practitioner, conversation
):
    record = services.you_said_we_did_save(
        assessment=conversation, actor=practitioner, sections=["about-me"], who_to_ask="Sam"
    )
    given_copy = practitioner_client.get(url("you_said_we_did", conversation)).context["copy"]
    services.you_said_we_did_give(
        record=record,
        actor=practitioner,
        given_on=date(2026, 12, 1),
        given_how="together",
        copy=given_copy,
    )
    action = conversation.actions.get()
    services.action_save(  # what came of it is for the record, not the child's copy
        child=conversation.child, actor=practitioner, data={"outcome": "Agreed"}, action=action
    )
    assert (
        "Something has changed"
        not in practitioner_client.get(url("you_said_we_did", conversation)).content.decode()
    )
    services.assessment_save(
        assessment=conversation, actor=practitioner, data={"about_me": "I like diving now"}
    )
    assert (
        "Something has changed"
        in practitioner_client.get(url("you_said_we_did", conversation)).content.decode()
    )


def test_erasing_the_child_leaves_no_you_said_we_did(practitioner, conversation):
    from records.services import child_erase

    services.you_said_we_did_save(
        assessment=conversation, actor=practitioner, sections=["about-me"], who_to_ask="Sam, 0161"
    )
    child_erase(child=conversation.child, actor=practitioner, reason="Test erasure")
    assert not YouSaidWeDid.objects.exists()
