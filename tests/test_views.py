import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assessments.models import AgreedAction, Assessment, Child, Offer
from cia_portal.audit.models import AuditEvent
from tests import new_case_pages
from tests.conftest import png_bytes
from tests.factories import (
    AgreedActionFactory,
    AssessmentFactory,
    CarerFactory,
    ChildFactory,
    JusticeEventFactory,
    ParentChildLinkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def child_urls(case):
    c, a = case["child"].id, case["assessment"].id
    return [
        reverse("assessments:child_detail", args=[c]),
        reverse("assessments:child_edit", args=[c]),
        reverse("assessments:sibling_add", args=[c]),
        reverse("assessments:parent_edit", args=[c, case["link"].id]),
        reverse("assessments:parent_journey", args=[c, case["link"].id]),
        reverse("assessments:justice_event_add", args=[c, case["link"].id]) + "?kind=hearing",
        reverse("assessments:carer_add", args=[c]),
        reverse("assessments:carer_edit", args=[c, case["carer"].id]),
        reverse("assessments:offer_create", args=[c]),
        reverse("assessments:assessment_start", args=[c]),
        reverse("assessments:action_add", args=[c]),
        reverse("assessments:action_edit", args=[case["action"].id]),
        reverse("assessments:assessment_detail", args=[a]),
        reverse("assessments:assessment_check", args=[a]),
        reverse("assessments:drawing_add", args=[a]),
        reverse("assessments:assessment_section", args=[a, "about-me"]),
        reverse("assessments:assessment_section", args=[a, "how-i-feel"]),
        reverse("assessments:assessment_section", args=[a, "notes"]),
        reverse("assessments:drawing_file", args=[case["drawing"].id]),
    ]


def test_every_child_page_opens_for_the_practitioner_who_holds_the_case(case, client):
    client.force_login(case["child"].created_by)
    for url in child_urls(case):
        assert client.get(url).status_code == 200, url


def test_every_child_page_is_not_found_for_another_practitioner(case, outsider_client):
    for url in child_urls(case):
        response = outsider_client.get(url)
        assert response.status_code == 404, url
        assert case["child"].preferred_name.encode() not in response.content


def test_posting_to_another_practitioners_child_changes_nothing(case, outsider_client):
    child = case["child"]
    url = reverse("assessments:child_edit", args=[child.id])
    assert outsider_client.post(url, {"preferred_name": "Hacked"}).status_code == 404
    url = reverse("assessments:assessment_check", args=[case["assessment"].id])
    AssessmentFactory(child=child)
    assert outsider_client.post(url).status_code == 404
    child.refresh_from_db()
    assert child.preferred_name != "Hacked"


def test_every_child_page_sends_an_anonymous_visitor_to_sign_in(case, client):
    for url in child_urls(case) + [reverse("assessments:my_cases")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/sign-in/"), url


def test_unknown_section_is_not_found(case, practitioner_client):
    url = reverse("assessments:assessment_section", args=[case["assessment"].id, "nope"])
    assert practitioner_client.get(url).status_code == 404


def test_my_cases_lists_my_children_only(practitioner_client, practitioner, outsider):
    ChildFactory(created_by=practitioner, preferred_name="Mine")
    ChildFactory(created_by=outsider, preferred_name="Theirs")
    content = practitioner_client.get(reverse("assessments:my_cases")).content.decode()
    assert "Mine" in content and "Theirs" not in content


def test_my_cases_shows_an_overdue_action(practitioner_client, child):
    AgreedActionFactory(child=child, due_date=timezone.localdate() - timedelta(days=1))
    assert "1 overdue" in practitioner_client.get(reverse("assessments:my_cases")).content.decode()


def test_my_cases_query_count_is_bounded(
    practitioner_client, practitioner, django_assert_max_num_queries
):
    for _ in range(20):
        link = ParentChildLinkFactory(child__created_by=practitioner)
        AgreedActionFactory(child=link.child)
    # Session, user, two-factor device (a reset ends the session at once), role, the held
    # cases and their count, the count of children shared (none here, so no list), the audit
    # rows for the children on the page (one insert) and the unread notifications.
    with django_assert_max_num_queries(9):
        practitioner_client.get(reverse("assessments:my_cases"))


def test_child_page_query_count_is_bounded(
    case, practitioner_client, django_assert_max_num_queries
):
    child = case["child"]
    for _ in range(10):
        AssessmentFactory(child=child)
        AgreedActionFactory(child=child)
        CarerFactory(family=child.family)
    # The session, the user and their two-factor device; the child with the people holding
    # the case; the parents with their stage; conversations, offers, actions and consents;
    # the unread notifications in the menu; the audit row (issue 19: at most 12).
    with django_assert_max_num_queries(12):
        practitioner_client.get(reverse("assessments:child_detail", args=[child.id]))


def test_home_sends_each_role_to_its_own_start(client):
    client.force_login(UserFactory())
    assert client.get("/")["Location"] == reverse("caseload:today")
    client.force_login(UserFactory(roles=["Team manager"]))
    assert client.get("/")["Location"] == reverse("caseload:team")
    client.force_login(UserFactory(roles=["Alliance chair"]))
    assert client.get("/")["Location"] == reverse("evaluation:pilot_list")
    client.force_login(UserFactory(roles=["Safeguarding lead"]))
    assert client.get("/")["Location"] == reverse("caseload:safeguarding_overrides")
    client.force_login(UserFactory(roles=["Referral admin"]))
    assert client.get("/")["Location"] == reverse("referrals:directory_list", args=["routes"])


NEXT_COURT_DATE = timezone.localdate() + timedelta(days=30)


def new_case_post(**overrides):
    data = {
        "family_name": "The Rivers family",
        "preferred_name": "Ruby",
        "date_of_birth_0": "3",
        "date_of_birth_1": "2",
        "date_of_birth_2": "2014",
        "gender": "girl",
        "ethnicity": "white",
        "parent_name": "Dee",
        "relationship": "mother",
        "care_arrangement": "sole_or_primary",
        "so_far": "bail",
        "so_far_on_0": "3",
        "so_far_on_1": "4",
        "so_far_on_2": "2023",
        "next_court_date_0": str(NEXT_COURT_DATE.day),
        "next_court_date_1": str(NEXT_COURT_DATE.month),
        "next_court_date_2": str(NEXT_COURT_DATE.year),
        "court": "Hopeside Court",
    }
    return data | overrides


CHOICES = {"gender", "ethnicity", "relationship", "care_arrangement", "so_far", "hearing_purpose"}


def test_add_a_child_and_family(practitioner_client, practitioner):
    response = new_case_pages.add_family(practitioner_client, new_case_post())
    child = Child.objects.get()
    assert response["Location"] == reverse("assessments:child_detail", args=[child.id])
    page = practitioner_client.get(response["Location"]).content.decode()
    assert "Ruby" in page and "Dee" in page and f"{NEXT_COURT_DATE:%-d %b %Y}" in page


def test_adding_a_family_asks_only_what_is_needed_to_start_then_checks_the_answers(
    practitioner_client,
):
    responses = new_case_pages.answer_pages(practitioner_client, new_case_post())
    assert [r.status_code for r in responses.values()] == [302, 302, 302]
    assert not Child.objects.exists()  # nothing saved before the answers are checked
    check = practitioner_client.get(reverse("assessments:case_check")).content.decode()
    for answer in [
        "Ruby",
        "3 February 2014",
        "Girl",
        "Dee",
        "The Rivers family",
        "Released on bail",
    ]:
        assert answer in check
    assert f'href="{new_case_pages.step_url("parent")}?change=1"' in check
    first = practitioner_client.get(reverse("assessments:case_create")).content.decode()
    assert "question 1 of 3" in first and 'name="school"' not in first


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"preferred_name": ""}, "Enter the name the child likes to be called"),
        ({"family_name": ""}, "Enter family name"),
        ({"so_far": ""}, "Select what has happened most recently"),
        ({"so_far_on_2": "2999"}, "The date must be today or in the past"),
        ({"next_court_date_2": "2020"}, "The next court date must be today or later"),
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "Date of birth must be a real date"),
        ({"date_of_birth_2": "2999"}, "Date of birth must be today or in the past"),
        ({"date_of_birth_2": "abcd"}, "Enter a valid year"),
        ({"court": ""}, "Enter the court, or leave the court date blank"),
        ({"so_far": "moon"}, "Select a valid choice"),
    ],
)
def test_bad_new_case_shows_error_summary_and_keeps_what_was_typed(
    practitioner_client, overrides, message
):
    responses = new_case_pages.answer_pages(practitioner_client, new_case_post(**overrides))
    refused = list(responses.values())[-1]
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "govuk-error-summary" in page and message in page
    typed = {
        name: value
        for name, value in new_case_post(**overrides).items()
        if new_case_pages.page_of(name) == list(responses)[-1] and value and name not in CHOICES
    }
    for value in typed.values():  # nothing typed is lost
        assert f'value="{value}"' in page
    assert "This field is required" not in page
    assert "<title>Error:" in page
    assert not Child.objects.exists()


def test_declining_an_offer_is_recorded_kindly(practitioner_client, child):
    response = practitioner_client.post(
        reverse("assessments:offer_create", args=[child.id]),
        {
            "stage": "court",
            "offered_on_0": "1",
            "offered_on_1": "3",
            "offered_on_2": "2023",
            "outcome": "declined",
            "reason": "Not today",
            "preferred_adult": "",
        },
    )
    assert response["Location"] == reverse("assessments:child_detail", args=[child.id])
    offer = Offer.objects.get(child=child)
    assert offer.outcome == "declined" and offer.reason == "Not today"
    assert not Assessment.objects.exists()
    page = practitioner_client.get(response["Location"]).content.decode()
    assert "Thank you for asking them" in page and "Not today" in page


def test_accepting_an_offer_leads_to_starting_the_conversation(practitioner_client, child):
    response = practitioner_client.post(
        reverse("assessments:offer_create", args=[child.id]),
        {
            "stage": "custody",
            "offered_on_0": "1",
            "offered_on_1": "3",
            "offered_on_2": "2023",
            "outcome": "accepted",
        },
    )
    assert response["Location"] == (
        reverse("assessments:assessment_start", args=[child.id]) + "?stage=custody"
    )
    page = practitioner_client.get(response["Location"]).content.decode()
    assert re.search(r'value="custody"\s+checked', page)


def test_someone_else_needs_a_name(practitioner_client, child):
    response = practitioner_client.post(
        reverse("assessments:offer_create", args=[child.id]),
        {
            "stage": "court",
            "offered_on_0": "1",
            "offered_on_1": "3",
            "offered_on_2": "2023",
            "outcome": "someone_else",
        },
    )
    assert "Enter who the child would like to do it with them" in response.content.decode()


def test_court_stage_conversation_end_to_end(practitioner_client, practitioner, child):
    """Start, answer sections (saving a draft on the way), upload a drawing, check, complete."""
    response = practitioner_client.post(
        reverse("assessments:assessment_start", args=[child.id]),
        {
            "stage": "court",
            "conversation_date_0": "2",
            "conversation_date_1": "3",
            "conversation_date_2": "2023",
            "completed_with": practitioner.id,
            "chosen_by_child": "on",
        },
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessments:assessment_detail", args=[assessment.id])
    section = reverse("assessments:assessment_section", args=[assessment.id, "how-i-feel"])
    response = practitioner_client.post(
        section, {"feelings": ["worried", "sad"], "feelings_words": "I miss mum", "later": ""}
    )
    assert response["Location"] == reverse("assessments:child_detail", args=[child.id])
    practitioner_client.post(
        reverse(
            "assessments:assessment_section", args=[assessment.id, "what-i-want-people-to-know"]
        ),
        {"want_people_to_know": "Judge, please let mum stay home"},
    )
    practitioner_client.post(
        reverse("assessments:assessment_section", args=[assessment.id, "notes"]),
        {"practitioner_notes": "Grandma is struggling"},
    )
    response = practitioner_client.post(
        reverse("assessments:drawing_add", args=[assessment.id]),
        {"image": SimpleUploadedFile("me.png", png_bytes()), "caption": "Me and mum"},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == "draft"
    tasks = practitioner_client.get(
        reverse("assessments:assessment_detail", args=[assessment.id])
    ).content.decode()
    assert tasks.count("Not started") == 5 and tasks.count("Answered") == 2
    check = practitioner_client.get(reverse("assessments:assessment_check", args=[assessment.id]))
    page = check.content.decode()
    assert "Worried" in page and "I miss mum" in page and "Judge, please let mum stay home" in page
    assert "Grandma is struggling" not in page  # the practitioner's notes stay apart
    assert "Me and mum" in page
    response = practitioner_client.post(
        reverse("assessments:assessment_check", args=[assessment.id])
    )
    assert response["Location"] == (
        reverse("assessments:action_add", args=[child.id]) + f"?conversation={assessment.id}"
    )
    assessment.refresh_from_db()
    assert assessment.status == "completed"
    assert assessment.feelings == ["worried", "sad"]
    assert assessment.practitioner_notes == "Grandma is struggling"


def test_invalid_feeling_is_refused_and_the_words_kept(practitioner_client, child):
    assessment = AssessmentFactory(child=child)
    response = practitioner_client.post(
        reverse("assessments:assessment_section", args=[assessment.id, "how-i-feel"]),
        {"feelings": ["furious-ish"], "feelings_words": "Keep me"},
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Keep me" in page
    assessment.refresh_from_db()
    assert assessment.feelings_words == ""


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "x.svg", "picture"),
        (b"GIF89a not really", "x.gif", "picture"),
        (png_bytes(fmt="GIF"), "x.gif", "The file must be a picture (PNG or JPEG)"),
    ],
)
def test_drawing_upload_refuses_anything_but_a_png_or_jpeg(
    practitioner_client, child, content, name, message
):
    assessment = AssessmentFactory(child=child)
    response = practitioner_client.post(
        reverse("assessments:drawing_add", args=[assessment.id]),
        {"image": SimpleUploadedFile(name, content), "caption": "kept caption"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and message in page and "kept caption" in page
    assert not assessment.drawings.exists()


def test_drawing_over_the_size_limit_is_refused(practitioner_client, child, settings):
    settings.DRAWING_MAX_BYTES = 100
    assessment = AssessmentFactory(child=child)
    response = practitioner_client.post(
        reverse("assessments:drawing_add", args=[assessment.id]),
        {"image": SimpleUploadedFile("big.png", png_bytes(size=(200, 200)))},
    )
    assert "smaller than 5 MB" in response.content.decode()


def test_drawing_is_served_privately(case, practitioner_client):
    response = practitioner_client.get(
        reverse("assessments:drawing_file", args=[case["drawing"].id])
    )
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_agreed_action_add_and_update(practitioner_client, child):
    due = timezone.localdate() + timedelta(days=5)
    practitioner_client.post(
        reverse("assessments:action_add", args=[child.id]),
        {
            "description": "Ask school for a quiet space",
            "owner": "Ms Khan",
            "due_date_0": due.day,
            "due_date_1": due.month,
            "due_date_2": due.year,
            "status": "to_do",
            "outcome": "",
        },
    )
    action = AgreedAction.objects.get(child=child)
    practitioner_client.post(
        reverse("assessments:action_edit", args=[action.id]),
        {
            "description": action.description,
            "owner": "Ms Khan",
            "due_date_0": due.day,
            "due_date_1": due.month,
            "due_date_2": due.year,
            "status": "done",
            "outcome": "Quiet room at lunch",
        },
    )
    action.refresh_from_db()
    assert action.status == "done" and action.outcome == "Quiet room at lunch"


def test_child_edit_saves_and_keeps_input_on_error(practitioner_client, child):
    url = reverse("assessments:child_edit", args=[child.id])
    base = {
        "preferred_name": child.preferred_name,
        "date_of_birth_0": "1",
        "date_of_birth_1": "4",
        "date_of_birth_2": "2013",
        "gender": "girl",
        "ethnicity": "white",
        "care_status": "none",
        "school_knows": "no",
        "saw_arrest": "yes",
        "trusted_adults": "Auntie Jo",
    }
    response = practitioner_client.post(url, base | {"gender": ""})
    assert "Auntie Jo" in response.content.decode()
    child.refresh_from_db()
    assert child.trusted_adults == ""
    practitioner_client.post(url, base)
    child.refresh_from_db()
    assert child.trusted_adults == "Auntie Jo" and child.saw_arrest == "yes"


def test_parent_details(practitioner_client, case):
    child, link = case["child"], case["link"]
    url = reverse("assessments:parent_edit", args=[child.id, link.id])
    practitioner_client.post(
        url,
        {
            "parent-name": "Kimberley",
            "parent-pregnant": "on",
            "link-relationship": "mother",
            "link-care_arrangement": "sole_or_primary",
        },
    )
    link.parent.refresh_from_db()
    assert link.parent.name == "Kimberley" and link.parent.pregnant
    page = practitioner_client.get(reverse("assessments:child_detail", args=[child.id]))
    assert "Kimberley" in page.content.decode()


def test_sibling_add_is_visible_on_both_pages(practitioner_client, case):
    child = case["child"]
    response = practitioner_client.post(
        reverse("assessments:sibling_add", args=[child.id]),
        {
            "preferred_name": "Max",
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": "2016",
            "gender": "boy",
            "ethnicity": "white",
            "care_status": "none",
            "care_arrangement": "shared",
        },
    )
    sibling = Child.objects.get(preferred_name="Max")
    assert response["Location"] == reverse("assessments:child_detail", args=[sibling.id])
    # Brothers and sisters are on each child's family page (issue 19).
    family = practitioner_client.get(reverse("assessments:child_family", args=[child.id]))
    assert reverse("assessments:child_detail", args=[sibling.id]) in family.content.decode()
    theirs = practitioner_client.get(reverse("assessments:child_family", args=[sibling.id]))
    assert reverse("assessments:child_detail", args=[child.id]) in theirs.content.decode()


def test_reading_a_child_is_audited(case, practitioner_client, practitioner):
    practitioner_client.get(reverse("assessments:child_detail", args=[case["child"].id]))
    event = AuditEvent.objects.filter(action="view").latest("at")
    assert event.actor == practitioner and event.child_id == case["child"].id


def test_sign_in_with_wrong_password_shows_a_govuk_error(client, practitioner):
    response = client.post(
        reverse("login"), {"username": practitioner.username, "password": "wrong"}
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page and f'value="{practitioner.username}"' in page


def test_sign_in_and_out(client, practitioner):
    from tests.factories import PASSWORD

    response = client.post(
        reverse("login"), {"username": practitioner.username, "password": PASSWORD}
    )
    assert response["Location"] == "/"
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("assessments:my_cases")).status_code == 302


def test_not_found_page_is_govuk_styled_and_plain(practitioner_client, settings):
    settings.DEBUG = False
    response = practitioner_client.get("/children/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_every_page_that_shows_a_child_records_who_read_it(case, practitioner_client, practitioner):
    for url in child_urls(case):
        before = AuditEvent.objects.filter(
            actor=practitioner, action="view", child_id=case["child"].id
        ).count()
        practitioner_client.get(url)
        after = AuditEvent.objects.filter(
            actor=practitioner, action="view", child_id=case["child"].id
        ).count()
        assert after > before, url


def test_another_practitioners_failed_attempt_reads_nothing_and_leaves_no_view_row(
    case, outsider_client, outsider
):
    for url in child_urls(case):
        outsider_client.get(url)
    assert not AuditEvent.objects.filter(actor=outsider).exists()


def test_action_agreed_in_a_conversation_remembers_it(practitioner_client, child):
    assessment = AssessmentFactory(child=child)
    other_childs = AssessmentFactory()
    due = timezone.localdate() + timedelta(days=5)
    post = {
        "description": "Weekly call with mum",
        "owner": "Sam",
        "due_date_0": due.day,
        "due_date_1": due.month,
        "due_date_2": due.year,
        "status": "to_do",
    }
    url = reverse("assessments:action_add", args=[child.id])
    practitioner_client.post(f"{url}?conversation={assessment.id}", post)
    assert AgreedAction.objects.get().assessment == assessment
    response = practitioner_client.post(f"{url}?conversation={other_childs.id}", post)
    assert response.status_code == 404
    assert AgreedAction.objects.count() == 1


def test_my_cases_pages_through_a_long_caseload(
    practitioner_client, practitioner, django_assert_max_num_queries
):
    from assessments.views import CASES_PER_PAGE

    for n in range(CASES_PER_PAGE + 1):
        ChildFactory(created_by=practitioner, preferred_name=f"Kid{n:03d}")
    first = practitioner_client.get(reverse("assessments:my_cases")).content.decode()
    assert "Kid000" in first and f"Kid{CASES_PER_PAGE:03d}" not in first
    assert "Page 1 of 2" in first
    with django_assert_max_num_queries(9):  # as in test_my_cases_query_count_is_bounded
        second = practitioner_client.get(reverse("assessments:my_cases") + "?page=2")
    assert f"Kid{CASES_PER_PAGE:03d}" in second.content.decode()
    assert practitioner_client.get(reverse("assessments:my_cases") + "?page=zz").status_code == 200


def test_a_conversation_cannot_be_dated_in_the_future(practitioner_client, practitioner, child):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = practitioner_client.post(
        reverse("assessments:assessment_start", args=[child.id]),
        {
            "stage": "court",
            "conversation_date_0": tomorrow.day,
            "conversation_date_1": tomorrow.month,
            "conversation_date_2": tomorrow.year,
            "completed_with": practitioner.id,
        },
    )
    assert "must be today or in the past" in response.content.decode()
    assert not Assessment.objects.exists()


def test_offer_and_start_pages_begin_at_the_parents_stage_and_today(practitioner_client, case):
    child = case["child"]
    today = timezone.localdate()
    JusticeEventFactory(parent=case["link"].parent, kind="release", on=today)
    for name in ("offer_create", "assessment_start"):
        page = practitioner_client.get(reverse(f"assessments:{name}", args=[child.id]))
        html = page.content.decode()
        assert re.search(r'value="release"\s+checked', html), name
        assert f'value="{today.year}"' in html, name


def test_a_mangled_conversation_id_is_not_found_not_an_error(practitioner_client, child):
    due = timezone.localdate()
    url = reverse("assessments:action_add", args=[child.id]) + "?conversation=not-a-uuid"
    response = practitioner_client.post(
        url,
        {
            "description": "x",
            "owner": "y",
            "due_date_0": due.day,
            "due_date_1": due.month,
            "due_date_2": due.year,
            "status": "to_do",
        },
    )
    assert response.status_code == 404
    assert not AgreedAction.objects.exists()


HOSTILE_VALUES = [
    "",
    "\x00",
    "x" * 5000,
    "<script>alert(1)</script>",
    "-1",
    "99999999999999999999",
    "2023-02-31",
    "'; DROP TABLE assessments_child; --",
    "\u202e\u0000",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_input_to_every_form_never_errors_or_stores_junk(case, practitioner_client, value):
    child = case["child"]
    names = [
        "family_name",
        "preferred_name",
        "date_of_birth_0",
        "date_of_birth_1",
        "date_of_birth_2",
        "gender",
        "ethnicity",
        "care_status",
        "stage",
        "outcome",
        "feelings",
        "about_me",
        "practitioner_notes",
        "description",
        "owner",
        "due_date_0",
        "status",
        "completed_with",
        "conversation_date_2",
        "parent-name",
        "link-relationship",
        "date_0",
        "court",
        "purpose",
        "name",
        "relationship",
        "email",
        "image",
        "caption",
    ]
    before = Child.objects.count()
    for url in child_urls(case)[1:-1] + [new_case_pages.step_url("child")]:
        response = practitioner_client.post(url, {name: value for name in names})
        # 405: a page that only shows (a conversation's summary) takes no POST at all.
        assert response.status_code in (200, 302, 405), (url, response.status_code)
    assert Child.objects.count() == before
    child.refresh_from_db()
    assert "\x00" not in child.preferred_name and "script" not in child.preferred_name


@pytest.mark.parametrize(
    "role", ["Alliance chair", "Referral admin", "Auditor", "Safeguarding lead"]
)
def test_only_practitioners_have_cases_add_them_or_see_referrals(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("assessments:my_cases")).status_code == 403
    assert client.get(reverse("assessments:case_create")).status_code == 403
    assert client.get(reverse("referrals:referral_list")).status_code == 403
    assert client.post(new_case_pages.step_url("child"), new_case_post()).status_code == 403
    assert client.post(reverse("assessments:case_check")).status_code == 403
    assert not Child.objects.exists()
