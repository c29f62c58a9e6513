"""The practitioner's page for one child (issue 19): where the CIA has got to and the one
next step, the family and the sharing one link away, and a second conversation at a stage
started only when asked for."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, Offer, Stage
from tests.factories import (
    AgreedActionFactory,
    AssessmentFactory,
    CarerFactory,
    ChildFactory,
    CompletedAssessmentFactory,
    ConsentFactory,
    OfferFactory,
    OverrideFactory,
    ParentChildLinkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ruby(practitioner):
    """Ruby, whose mum is at court (the factory's stage)."""
    return ParentChildLinkFactory(
        child__preferred_name="Ruby", child__created_by=practitioner
    ).child


def _page(client, child) -> str:
    response = client.get(reverse("assessments:child_detail", args=[child.id]))
    assert response.status_code == 200
    return response.content.decode()


def _primary_buttons(page: str) -> list[str]:
    """The words on each primary button (a govuk-button that is not secondary) in the page's
    main content (the menu's session dialog has its own)."""
    main = page[page.index("<main") : page.index("</main>")]
    return re.findall(r'class="govuk-button" data-module="govuk-button">([^<]+)<', main)


def _said_yes(child):
    OfferFactory(child=child, stage=Stage.COURT, outcome=Offer.Outcome.ACCEPTED)


def _under_way(child):
    _said_yes(child)
    AssessmentFactory(child=child, stage=Stage.COURT)


def _finished(child):
    _said_yes(child)
    return CompletedAssessmentFactory(child=child, stage=Stage.COURT)


def _actions_agreed(child):
    AgreedActionFactory(child=child, assessment=_finished(child))


def _shared(child):
    _actions_agreed(child)
    ConsentFactory(child=child, recipients=[UserFactory()])


@pytest.mark.parametrize(
    ("done", "primary"),
    [
        (lambda child: None, ["Offer a CIA"]),
        (_said_yes, ["Start the conversation"]),
        (_under_way, ["Continue the conversation"]),
        (_finished, ["Agree actions"]),
        (_actions_agreed, ["Share with someone"]),
        (_shared, []),  # all done: nothing pressed, everything still there as secondary
    ],
)
def test_the_one_primary_button_is_the_next_step(practitioner_client, ruby, done, primary):
    done(ruby)
    page = _page(practitioner_client, ruby)
    assert _primary_buttons(page) == primary
    assert "The CIA: Court and sentencing" in page
    for other in ["offer_create", "assessment_start", "action_add", "consent_create"]:
        assert f'href="{reverse(f"assessments:{other}", args=[ruby.id])}' in page  # still there


def test_offer_a_cia_is_no_longer_the_primary_button_once_the_cia_is_done(
    practitioner_client, ruby
):
    _shared(ruby)
    page = _page(practitioner_client, ruby)
    assert "Offer a CIA" not in _primary_buttons(page)
    assert "Nothing more to do at this stage" in page
    today = f"{timezone.localdate():%-d %B %Y}"
    assert page.count(f"{today}: ") >= 3  # offered, actions agreed and shared, each dated


def test_the_primary_button_starts_the_conversation_at_the_stage_offered(practitioner_client, ruby):
    _said_yes(ruby)
    start = reverse("assessments:assessment_start", args=[ruby.id]) + "?stage=court"
    assert f'href="{start}"' in _page(practitioner_client, ruby)


def test_a_child_who_said_no_is_not_pressed(practitioner_client, ruby):
    OfferFactory(child=ruby, stage=Stage.COURT, outcome=Offer.Outcome.DECLINED)
    page = _page(practitioner_client, ruby)
    assert _primary_buttons(page) == [] and "Ruby said no, thank you" in page


def test_the_actions_table_names_each_column_for_narrow_screens(practitioner_client, ruby):
    AgreedActionFactory(child=ruby, owner="Class teacher")
    page = _page(practitioner_client, ruby)
    assert 'class="govuk-table app-table--stack"' in page
    assert 'data-label="Who">Class teacher<' in page


def test_the_childs_page_lists_the_actions_still_to_do_and_links_to_every_one(
    practitioner_client, ruby
):
    AgreedActionFactory(child=ruby, description="Call the school", status="to_do")
    AgreedActionFactory(child=ruby, description="Book a visit", status="done")
    page = _page(practitioner_client, ruby)
    assert "Call the school" in page and "Book a visit" not in page
    everything = reverse("assessments:child_actions", args=[ruby.id])
    assert f'href="{everything}">All 2 actions agreed, what came of them' in page


def test_when_every_action_is_done_the_childs_page_says_so(practitioner_client, ruby):
    AgreedActionFactory(child=ruby, description="Book a visit", status="done")
    page = _page(practitioner_client, ruby)
    assert "Book a visit" not in page and "Nothing left to do" in page
    assert "The action agreed, what came of it and onward referrals" in page


def test_the_actions_page_shows_every_action_its_conversation_and_onward_referrals(
    practitioner_client, ruby
):
    conversation = CompletedAssessmentFactory(child=ruby, stage=Stage.COURT)
    done = AgreedActionFactory(
        child=ruby, assessment=conversation, description="Book a visit", status="done"
    )
    AgreedActionFactory(child=ruby, description="Call the school")
    response = practitioner_client.get(reverse("assessments:child_actions", args=[ruby.id]))
    page = response.content.decode()
    assert "Book a visit" in page and "Call the school" in page
    assert "Agreed in the court and sentencing conversation" in page
    assert reverse("referrals:onward_referrals", args=[done.id]) in page


def test_a_fields_label_is_looked_up_and_translated_only_when_shown(ruby):
    from django.utils.functional import Promise

    from assessments.models import Child, _labels

    ruby.saw_arrest = "yes"
    assert ruby.get_saw_arrest_display() == "Yes"
    assert isinstance(_labels(Child._meta.get_field("saw_arrest"))["yes"], Promise)
    ruby.saw_arrest = "not a choice"
    assert ruby.get_saw_arrest_display() == "not a choice"


def test_the_family_page_lists_the_carers_and_the_brothers_and_sisters_the_reader_may_see(
    practitioner_client, ruby, practitioner
):
    CarerFactory(family=ruby.family, name="Nan Rivers")
    ChildFactory(family=ruby.family, preferred_name="Max", created_by=practitioner)
    ChildFactory(family=ruby.family, preferred_name="Unseen")  # held by someone else only
    family_url = reverse("assessments:child_family", args=[ruby.id])
    assert family_url in _page(practitioner_client, ruby)
    family = practitioner_client.get(family_url).content.decode()
    assert "Nan Rivers" in family and "Max" in family and "Unseen" not in family


def test_the_sharing_page_names_who_may_see_and_each_override(practitioner_client, ruby):
    jo = UserFactory(first_name="Jo", last_name="Clarke")
    ConsentFactory(child=ruby, recipients=[jo], purpose="So the judge knows about me")
    OverrideFactory(child=ruby, recipient_user=UserFactory(), reason="Disclosed harm at home")
    page = _page(practitioner_client, ruby)
    sharing_url = reverse("assessments:child_sharing", args=[ruby.id])
    assert "So the judge knows about me" in page and sharing_url in page
    sharing = practitioner_client.get(sharing_url).content.decode()
    assert "Jo Clarke" in sharing and "Stop sharing" in sharing
    assert "Shared without consent" in sharing and "Disclosed harm at home" in sharing


def test_the_childs_page_warns_while_a_safeguarding_lead_shares_without_consent(
    practitioner_client, ruby
):
    override = OverrideFactory(child=ruby, recipient_user=UserFactory())
    page = _page(practitioner_client, ruby)
    assert f"shared {ruby.preferred_name}'s record without consent, until" in page
    assert f"{override.ends_on:%-d %B %Y}" in page
    override.ended_at = timezone.now()
    override.save()
    assert "without consent, until" not in _page(practitioner_client, ruby)


def test_someone_the_child_shares_with_cannot_open_the_actions_family_or_sharing_pages(
    client, ruby
):
    jo = UserFactory()
    ConsentFactory(child=ruby, recipients=[jo])
    client.force_login(jo)
    for name in (
        "assessments:child_actions",
        "assessments:child_family",
        "assessments:child_sharing",
    ):
        assert client.get(reverse(name, args=[ruby.id])).status_code == 403


# A second conversation at the same stage -----------------------------------------------------


def _start(client, child, stage="court", **extra):
    today = timezone.localdate()
    return client.post(
        reverse("assessments:assessment_start", args=[child.id]),
        {
            "stage": stage,
            "conversation_date_0": today.day,
            "conversation_date_1": today.month,
            "conversation_date_2": today.year,
            "completed_with": child.created_by.pk,
            "chosen_by_child": "on",
            **extra,
        },
    )


def test_a_first_conversation_at_a_stage_starts_at_once(practitioner_client, ruby):
    CompletedAssessmentFactory(child=ruby, stage=Stage.ARREST)
    response = _start(practitioner_client, ruby)
    assert response.status_code == 302
    assert ruby.assessments.filter(stage=Stage.COURT).count() == 1


def test_a_second_conversation_at_a_stage_is_asked_about_first(practitioner_client, ruby):
    earlier = CompletedAssessmentFactory(child=ruby, stage=Stage.COURT)
    response = _start(practitioner_client, ruby)
    assert response.status_code == 200
    page = response.content.decode()
    on = f"{earlier.conversation_date:%-d %B %Y}"
    assert f"Ruby already had a conversation about court and sentencing on {on}." in page
    assert reverse("assessments:assessment_detail", args=[earlier.id]) in page
    # What was typed comes back, to be sent on only by "Start another conversation".
    assert f'name="completed_with" value="{ruby.created_by.pk}"' in page
    assert 'name="another" value="yes"' in page
    assert ruby.assessments.count() == 1


def test_only_the_confirmation_starts_the_second_conversation(practitioner_client, ruby):
    CompletedAssessmentFactory(child=ruby, stage=Stage.COURT)
    response = _start(practitioner_client, ruby, another="yes")
    started = ruby.assessments.latest("created_at")
    assert response["Location"] == reverse("assessments:assessment_detail", args=[started.id])
    assert ruby.assessments.filter(stage=Stage.COURT).count() == 2
    assert started.status == Assessment.Status.DRAFT


def test_an_unfinished_conversation_is_offered_to_continue(practitioner_client, ruby):
    AssessmentFactory(child=ruby, stage=Stage.COURT)
    page = _start(practitioner_client, ruby).content.decode()
    assert "is not finished" in page and "Continue that conversation" in page
    assert ruby.assessments.count() == 1
