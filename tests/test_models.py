from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from assessments.models import AgreedAction
from assessments.sections import SECTIONS_BY_SLUG, section_answers, section_is_answered
from cia_portal.accounts.models import Role
from tests.factories import AgreedActionFactory, AssessmentFactory, ChildFactory

pytestmark = pytest.mark.django_db


def test_role_groups_are_seeded_with_exact_names():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Practitioner",
        "Safeguarding lead",
        "Alliance chair",
        "Referral admin",
        "Auditor",
        "Team manager",
        "National lead",
    }
    assert [r.value for r in Role] == [
        "Practitioner",
        "Safeguarding lead",
        "Alliance chair",
        "Referral admin",
        "Auditor",
        "Team manager",
        "National lead",
    ]


def test_child_age_counts_whole_years_before_and_on_birthday():
    child = ChildFactory(date_of_birth=date(2012, 6, 15))
    assert child.age_on(date(2023, 6, 14)) == 10
    assert child.age_on(date(2023, 6, 15)) == 11


@pytest.mark.parametrize(
    ("days_from_today", "status", "overdue"),
    [
        (-1, AgreedAction.Status.TO_DO, True),
        (-1, AgreedAction.Status.IN_PROGRESS, True),
        (-1, AgreedAction.Status.DONE, False),
        (0, AgreedAction.Status.TO_DO, False),
        (3, AgreedAction.Status.TO_DO, False),
    ],
)
def test_action_is_overdue_only_when_open_and_past_due(days_from_today, status, overdue):
    action = AgreedActionFactory(
        due_date=timezone.localdate() + timedelta(days=days_from_today), status=status
    )
    assert action.is_overdue is overdue


def test_section_counts_as_answered_when_any_of_its_fields_has_words():
    assessment = AssessmentFactory()
    section = SECTIONS_BY_SLUG["who-helps-me"]
    assert not section_is_answered(assessment, section)
    assessment.what_would_help = "A phone call with mum"
    assert section_is_answered(assessment, section)


def test_section_answers_read_back_feelings_by_label_and_skip_empty_words():
    assessment = AssessmentFactory(feelings=["sad", "proud"], feelings_words="")
    feelings = next(
        a for a in section_answers(assessment, your="your mum") if a["section"].slug == "how-i-feel"
    )
    assert feelings["feelings"] == ["Sad", "Proud"]
    assert feelings["words"] == []


def test_stage_label_names_each_stage_in_plain_english():
    from assessments.templatetags.case_labels import stage_label

    assert stage_label("community_sentence") == "Community sentence"
    assert stage_label(None) == "Not recorded"


def test_consent_describes_what_it_shares_in_words():
    from tests.factories import ConsentFactory

    consent = ConsentFactory(
        stages=["court", "custody"],
        sections=["drawings", "about-me"],
        include_practitioner_notes=True,
    )
    assert consent.scope_description() == (
        "Court and sentencing, Custody (prison): About me, My drawings, the practitioner's notes"
    )
