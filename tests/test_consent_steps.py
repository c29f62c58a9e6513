"""Recording consent as question pages: one question at a time, follow-ups revealed by the
answer, people found by typing, and check your answers showing exactly what each person will
see. Nothing is saved or shared until the practitioner confirms."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import privacy
from assessments.models import Consent
from cia_portal.audit.models import AuditEvent
from tests import consent_pages
from tests.consent_pages import answers_for, check_url, fill_in, step_url
from tests.factories import (
    CompletedAssessmentFactory,
    ConsentFactory,
    OrganisationFactory,
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
def jo(db):
    return UserFactory(first_name="Jo", last_name="Clarke", job_title="Probation officer")


@pytest.fixture
def holder(client, child):
    client.force_login(child.created_by)
    return child.created_by


def test_nothing_is_shared_until_confirmed_and_the_check_shows_exactly_what_jo_will_see(
    client, holder, court_conversation, jo
):
    child = court_conversation.child
    check = fill_in(client, child, answers_for(jo)).content.decode()
    assert "This is exactly what Jo Clarke will see" in check
    preview = check.split("This is exactly what Jo Clarke will see")[1]
    assert "Please let mum stay" in preview  # the part chosen, at the stage chosen
    assert "I like swimming" not in preview and "PRIVATE NOTE" not in preview
    assert "So the judge knows about me" in preview  # the purpose, as her page says it
    assert not Consent.objects.exists()
    assert not privacy.child_visible_to(jo).filter(pk=child.pk).exists()

    assert consent_pages.confirm(client, child).status_code == 302
    consent = Consent.objects.get()
    assert list(consent.recipient_users.all()) == [jo] and consent.recorded_by == holder
    assert (consent.given_by, consent.competence_note) == ("child", "Understands who and why")
    assert consent.sections == ["what-i-want-people-to-know", "drawings"]
    assert consent.include_practitioner_notes is False
    # What the preview showed is what Jo now sees.
    client.force_login(jo)
    page = client.get(reverse("assessments:this_is_me", args=[court_conversation.id]))
    assert "Please let mum stay" in page.content.decode()
    assert "I like swimming" not in page.content.decode()


def test_the_preview_is_what_they_will_see_with_what_was_shared_before(
    client, holder, court_conversation, jo
):
    child = court_conversation.child
    ConsentFactory(child=child, recipients=[jo], sections=["about-me"], stages=["court"])
    check = fill_in(client, child, answers_for(jo)).content.decode()
    preview = check.split("This is exactly what Jo Clarke will see")[1]
    assert "Please let mum stay" in preview and "I like swimming" in preview


def test_notes_are_shared_only_when_chosen_and_the_preview_shows_them(
    client, holder, court_conversation, jo
):
    child = court_conversation.child
    parts = {"stages": ["court"], "parts": ["what-i-want-people-to-know", "notes"]}
    check = fill_in(client, child, answers_for(jo, what=parts)).content.decode()
    assert "PRIVATE NOTE" in check.split("This is exactly what Jo Clarke will see")[1]
    consent_pages.confirm(client, child)
    assert Consent.objects.get().include_practitioner_notes is True


def test_an_organisation_is_previewed_as_anyone_who_works_there(client, holder, court_conversation):
    school = OrganisationFactory(name="Hopeside Primary")
    check = fill_in(client, court_conversation.child, answers_for(school)).content.decode()
    assert "This is exactly what anyone at Hopeside Primary will see" in check
    consent_pages.confirm(client, court_conversation.child)
    assert list(Consent.objects.get().recipient_organisations.all()) == [school]


def test_a_stage_with_nothing_completed_says_so(client, holder, child, jo):
    check = fill_in(client, child, answers_for(jo)).content.decode()
    assert "Nothing yet." in check


def test_the_follow_up_questions_are_revealed_by_the_answer(client, holder, child):
    html = client.get(reverse("assessments:consent_create", args=[child.id])).content.decode()
    assert f'action="{step_url(child, "who-decides")}"' in html
    assert html.count('class="govuk-radios__conditional govuk-radios__conditional--hidden"') == 3
    # The question is the page's heading: no heading above it saying the same again.
    assert '<h1 class="govuk-fieldset__heading">' in html
    assert html.count("Who is deciding what to share?") == 2  # the title and the heading


def test_a_parent_deciding_keeps_their_name_and_reason(client, holder, court_conversation, jo):
    child = court_conversation.child
    who = {"given_by": "parent", "parent_name": "Dee", "parent_reason": "Ruby is 4"}
    fill_in(client, child, answers_for(jo, who_decides=who))
    consent_pages.confirm(client, child)
    consent = Consent.objects.get()
    assert (consent.given_by, consent.giver_name, consent.on_behalf_reason) == (
        "parent",
        "Dee",
        "Ruby is 4",
    )
    assert consent.competence_note == ""


@pytest.mark.parametrize(
    ("slug", "data", "message", "kept"),
    [
        ("who-decides", {}, "Select who is deciding", None),
        ("who-decides", {"given_by": "child"}, "Say why the child can decide", None),
        (
            "who-decides",
            {"given_by": "carer", "carer_reason": "Too young"},
            "Enter the name of the parent or carer",
            "Too young",
        ),
        ("who-will-know", {"recipient": ""}, "Choose who can know about this", None),
        ("what", {"parts": ["about-me"]}, "Choose at least one time they can see", None),
        ("what", {"stages": ["court"]}, "Choose at least one part they can see", None),
        (
            "what",
            {"stages": ["court"], "parts": ["notes"]},
            "Choose at least one part of what the child said",
            None,
        ),
        ("why", {"how_given": "spoken"}, "Enter why we are sharing it", None),
        ("why", {"purpose": "For school"}, "Select how they said yes", "For school"),
        (
            "when",
            {"expires_on_0": "31", "expires_on_1": "2", "expires_on_2": "2027"},
            "Stop sharing on must be a real date",
            None,
        ),
    ],
)
def test_each_question_says_what_is_wrong_and_keeps_what_was_typed(
    client, holder, child, slug, data, message, kept
):
    client.get(reverse("assessments:consent_create", args=[child.id]))
    response = client.post(step_url(child, slug), data)
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and message in html
    if kept:
        assert kept in html
    assert not Consent.objects.exists()


def test_people_are_added_and_removed_one_at_a_time(client, holder, child, jo):
    pat = UserFactory(first_name="Pat", last_name="Author")
    url = step_url(child, "who-will-know")
    client.get(reverse("assessments:consent_create", args=[child.id]))
    client.post(url, {"recipient": f"user:{jo.pk}", "add": 1})
    client.post(url, {"recipient": f"user:{pat.pk}", "add": 1})
    html = client.get(url).content.decode()
    assert "You have added 2 people or organisations" in html
    client.post(url, {"remove": f"user:{jo.pk}"})
    html = client.get(url).content.decode()
    assert "You have added 1 person or organisation" in html
    assert 'Remove<span class="govuk-visually-hidden"> Pat Author' in html
    assert 'Remove<span class="govuk-visually-hidden"> Jo Clarke' not in html


def test_someone_not_offered_cannot_be_added(client, holder, child):
    chair = UserFactory(roles=["Alliance chair"])
    client.get(reverse("assessments:consent_create", args=[child.id]))
    response = client.post(step_url(child, "who-will-know"), {"recipient": f"user:{chair.pk}"})
    assert "Select a valid choice" in response.content.decode()
    response = client.post(step_url(child, "who-will-know"), {"recipient": f"user:{holder.pk}"})
    assert "Select a valid choice" in response.content.decode()


def test_check_answers_lists_what_is_not_answered_yet_and_shares_nothing(client, holder, child):
    client.get(reverse("assessments:consent_create", args=[child.id]))
    client.post(step_url(child, "who-decides"), {"given_by": "child", "competence_note": "Yes"})
    html = client.get(check_url(child)).content.decode()
    assert "Some questions are not answered yet" in html
    assert step_url(child, "who-will-know") in html and step_url(child, "who-decides") not in html
    assert consent_pages.confirm(client, child).status_code == 200
    assert not Consent.objects.exists()


def test_a_change_from_check_answers_goes_back_there(client, holder, court_conversation, jo):
    child = court_conversation.child
    fill_in(client, child, answers_for(jo))
    page = client.get(step_url(child, "why") + "?change=1").content.decode()
    assert "So the judge knows about me" in page  # the answer so far
    assert f'href="{check_url(child)}"' in page  # Back goes to check your answers
    response = client.post(
        step_url(child, "why") + "?change=1", {"purpose": "So school helps", "how_given": "drawn"}
    )
    assert response["Location"] == check_url(child)
    assert "So school helps" in client.get(check_url(child)).content.decode()


def test_a_stop_date_that_passed_while_checking_is_asked_again(client, holder, child, jo):
    fill_in(client, child, answers_for(jo))
    session = client.session  # answered yesterday, for a stop date that is now today
    session[f"consent-draft:{child.pk}"]["expires_on"] = timezone.localdate().isoformat()
    session.save()
    response = consent_pages.confirm(client, child)
    assert response["Location"] == step_url(child, "when")
    assert not Consent.objects.exists()


def test_confirming_is_audited_and_tells_the_recipient(client, holder, child, jo):
    consent_pages.share(client, child, jo)
    consent = Consent.objects.get()
    assert AuditEvent.objects.filter(action="consent", object_id=str(consent.pk)).exists()
    assert jo.notifications.exists()
    # The draft is gone: starting again starts with nothing.
    html = client.get(step_url(child, "who-will-know")).content.decode()
    assert "You have added" not in html


def test_the_questions_are_the_case_holders_alone(client, court_conversation, jo):
    child = court_conversation.child
    ConsentFactory(child=child, recipients=[jo])
    client.force_login(jo)
    for url in [step_url(child, "who-decides"), check_url(child)]:
        assert client.get(url).status_code == 403


def test_removing_everyone_asks_who_will_know_again(client, holder, court_conversation, jo):
    child = court_conversation.child
    fill_in(client, child, answers_for(jo))
    client.post(step_url(child, "who-will-know"), {"remove": f"user:{jo.pk}"})
    html = client.get(check_url(child)).content.decode()
    assert "Some questions are not answered yet" in html
    consent_pages.confirm(client, child)
    assert not Consent.objects.exists()


def test_someone_who_can_no_longer_be_chosen_is_left_out_and_the_question_asked_again(
    client, holder, court_conversation, jo
):
    child = court_conversation.child
    fill_in(client, child, answers_for(jo))
    jo.is_active = False  # their account closed while the child was deciding
    jo.save()
    response = client.get(check_url(child))
    assert response["Location"] == step_url(child, "who-will-know")
    page = client.get(response["Location"]).content.decode()
    assert "can no longer be chosen" in page and "You have added" not in page
    consent_pages.confirm(client, child)
    assert not Consent.objects.exists()


def test_answers_changed_in_another_tab_are_checked_again_before_sharing(
    client, holder, court_conversation, jo
):
    child = court_conversation.child
    check = fill_in(client, child, answers_for(jo)).content.decode()
    shown = check.split('name="answers" value="')[1].split('"')[0]
    client.post(step_url(child, "what") + "?change=1", {"stages": ["court"], "parts": ["about-me"]})
    response = client.post(check_url(child), {"answers": shown})
    assert response["Location"] == check_url(child) and not Consent.objects.exists()
    consent_pages.confirm(client, child)
    assert Consent.objects.get().sections == ["about-me"]
