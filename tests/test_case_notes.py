"""Notes and contacts between conversations: written by a case holder, kept with every earlier
version, read by the holders and by nobody else unless the child agreed to share the
practitioner's notes; bad input answered plainly; erased with the child."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.privacy import child_sync_grants
from chronology.models import CaseNote
from cia_portal.audit.models import AuditEvent
from records.selectors import child_record
from records.services import child_erase
from tests.factories import CaseNoteFactory, ConsentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _add_url(child):
    return reverse("chronology:note_add", args=[child.id])


def _note_url(note, view="chronology:note_detail"):
    return reverse(view, args=[note.child_id, note.id])


def _form(**changes) -> dict:
    day = timezone.localdate() - timedelta(days=1)
    return {
        "kind": CaseNote.Kind.SCHOOL_VISIT,
        "happened_on_0": day.day,
        "happened_on_1": day.month,
        "happened_on_2": day.year,
        "who_took_part": "Ms Khan (class teacher)",
        "summary": "Talked about a quiet place at break; we did not ask mum's view yet.",
        "save": "final",
    } | changes


def test_a_holder_writes_a_contact_and_it_is_listed_audited_and_read_back(
    practitioner_client, practitioner, child
):
    response = practitioner_client.post(_add_url(child), _form())
    note = CaseNote.objects.get(child=child)
    assert response.status_code == 302 and response.url == _note_url(note)
    assert (note.kind, note.status, note.written_by) == ("school_visit", "final", practitioner)
    assert AuditEvent.objects.filter(action="create", object_id=str(note.pk), child_id=child.pk)
    listed = practitioner_client.get(reverse("chronology:notes", args=[child.id])).content.decode()
    assert "School visit" in listed and "a quiet place at break" in listed
    detail = practitioner_client.get(_note_url(note)).content.decode()
    assert "Ms Khan (class teacher)" in detail
    assert AuditEvent.objects.filter(action="view", child_id=child.pk, actor=practitioner).exists()
    child_page = practitioner_client.get(reverse("assessments:child_detail", args=[child.id]))
    assert reverse("chronology:notes", args=[child.id]) in child_page.content.decode()


def test_a_draft_is_marked_until_finished_and_every_version_is_kept(
    practitioner_client, practitioner, child
):
    practitioner_client.post(_add_url(child), _form(save="draft", summary="Rang Nan."))
    note = CaseNote.objects.get(child=child)
    assert note.status == CaseNote.Status.DRAFT
    assert (
        "Draft"
        in practitioner_client.get(reverse("chronology:notes", args=[child.id])).content.decode()
    )
    edit = practitioner_client.get(_note_url(note, "chronology:note_edit")).content.decode()
    seen = edit.split('name="seen" value="')[1].split('"')[0]
    practitioner_client.post(
        _note_url(note, "chronology:note_edit"),
        _form(summary="Rang Nan: the school has been kind.", seen=seen),
    )
    note.refresh_from_db()
    assert note.status == CaseNote.Status.FINAL
    assert [v.history_type for v in note.history.order_by("history_date")] == ["+", "~"]
    assert {v.history_user for v in note.history.all()} == {practitioner}
    detail = practitioner_client.get(_note_url(note)).content.decode()
    assert "History" in detail and "Was:" in detail
    assert "Rang Nan." in detail and "Rang Nan: the school has been kind." in detail
    # A saved note is not turned back into a draft.
    edit = practitioner_client.get(_note_url(note, "chronology:note_edit")).content.decode()
    assert 'value="draft"' not in edit


def test_only_the_writer_changes_a_note(client, child, practitioner):
    note = CaseNoteFactory(child=child)
    colleague = UserFactory()
    child.practitioners.add(colleague)
    child_sync_grants(child=child)
    client.force_login(colleague)
    assert client.get(_note_url(note)).status_code == 200  # another holder reads it
    assert client.get(_note_url(note, "chronology:note_edit")).status_code == 403
    assert client.post(_note_url(note, "chronology:note_edit"), _form()).status_code == 403
    note.refresh_from_db()
    assert note.kind == CaseNote.Kind.PHONE_CALL


def test_a_recipient_reads_saved_notes_only_if_the_child_agreed_and_never_their_history(
    client, child
):
    saved = CaseNoteFactory(child=child, summary="Saved words")
    draft = CaseNoteFactory(child=child, summary="Unfinished words", status="draft")
    without, with_notes = UserFactory(), UserFactory()
    ConsentFactory(child=child, recipients=[without])
    ConsentFactory(child=child, recipients=[with_notes], include_practitioner_notes=True)

    client.force_login(without)
    listed = client.get(reverse("chronology:notes", args=[child.id])).content.decode()
    assert "Saved words" not in listed and "Unfinished words" not in listed
    assert client.get(_note_url(saved)).status_code == 404
    assert client.get(_note_url(saved, "chronology:note_edit")).status_code == 403

    client.force_login(with_notes)
    listed = client.get(reverse("chronology:notes", args=[child.id])).content.decode()
    assert "Saved words" in listed and "Unfinished words" not in listed
    assert client.get(_note_url(draft)).status_code == 404
    detail = client.get(_note_url(saved)).content.decode()
    assert "Saved words" in detail and "History" not in detail
    assert "Change this note" not in detail

    client.force_login(UserFactory())  # nobody the child shared with
    assert client.get(reverse("chronology:notes", args=[child.id])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"summary": ""}, "Enter what happened"),
        ({"summary": "x" * 5001}, "What happened must be 5000 characters or fewer"),
        ({"kind": ""}, "Select what kind of note or contact this is"),
        ({"happened_on_2": timezone.localdate().year + 1}, "When must be today or in the past"),
        ({"happened_on_1": "13"}, "When must be a real date"),
    ],
)
def test_bad_input_is_named_and_what_was_typed_is_kept(practitioner_client, child, changes, error):
    sent = _form(**changes)
    response = practitioner_client.post(_add_url(child), sent)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and error in page
    assert "Ms Khan (class teacher)" in page  # kept
    assert not CaseNote.objects.exists()


def test_two_people_changing_one_note_meet_the_conflict_page(practitioner_client, child):
    note = CaseNoteFactory(child=child)
    edit = practitioner_client.get(_note_url(note, "chronology:note_edit")).content.decode()
    seen = edit.split('name="seen" value="')[1].split('"')[0]
    CaseNote.objects.filter(pk=note.pk).update(summary="Changed in another tab")
    response = practitioner_client.post(
        _note_url(note, "chronology:note_edit"), _form(summary="My words", seen=seen)
    )
    assert response.status_code == 409
    assert "My words" in response.content.decode()
    note.refresh_from_db()
    assert note.summary == "Changed in another tab"


def test_notes_are_in_the_whole_record_and_erased_with_every_earlier_version(child, practitioner):
    from chronology import services

    note = CaseNoteFactory(child=child, summary="First words")
    services.note_save(child=child, actor=practitioner, data={"summary": "Second words"}, note=note)
    record = child_record(child)
    notes = next(part for part in record.parts if part.slug == "notes")
    assert "Second words" in str(notes.entries[0].fields)
    assert CaseNote.history.filter(child_id=child.pk).count() == 2
    child_erase(child=child, reason="A request to erase")
    assert not CaseNote.objects.filter(child=child).exists()
    assert not CaseNote.history.filter(child_id=child.pk).exists()


# Keeping in touch with the parent ---------------------------------------------------------------


def _contact_form(**changes) -> dict:
    return {
        "ways": ["visits", "video_calls"],
        "how_often": "monthly",
        "who_takes": "Grandma",
        "visitor_centre": "yes",
        "visit_costs_eligible": "yes",
        "visit_costs_claimed": "no",
        "barriers": ["distance", "cost"],
        "childs_wish": "on_own_terms",
        "childs_words": "I want to see mum but not on school days.",
    } | changes


def test_a_holder_records_how_the_child_keeps_in_touch_and_changes_it(
    practitioner_client, practitioner, child
):
    from chronology.models import ParentContact
    from tests.factories import ParentChildLinkFactory

    link = ParentChildLinkFactory(child=child)
    page = reverse("chronology:keeping_in_touch", args=[child.id])
    assert "Record how they keep in touch" in practitioner_client.get(page).content.decode()
    edit = reverse("chronology:parent_contact_edit", args=[child.id, link.id])
    assert practitioner_client.post(edit, _contact_form()).status_code == 302
    contact = ParentContact.objects.get(link=link)
    assert contact.ways == ["visits", "video_calls"] and contact.barriers == ["distance", "cost"]
    shown = practitioner_client.get(page).content.decode()
    for words in [
        "Visits, Video calls",
        "Every month",
        "Grandma",
        "Distance to the prison",
        "Wants contact, but in their own way or time",
        "not on school days",
    ]:
        assert words in shown, words
    assert f"{reverse('chronology:note_add', args=[child.id])}?kind=parent_visit" in shown
    form = practitioner_client.get(edit).content.decode()
    seen = form.split('name="seen" value="')[1].split('"')[0]
    practitioner_client.post(edit, _contact_form(childs_wish="no_contact", seen=seen))
    contact.refresh_from_db()
    assert contact.childs_wish == "no_contact"
    assert AuditEvent.objects.filter(object_id=str(contact.pk), action="update").exists()
    # A visit logged from here starts as a visit.
    logged = practitioner_client.get(
        f"{reverse('chronology:note_add', args=[child.id])}?kind=parent_visit"
    )
    checked = re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', logged.content.decode())
    assert checked == ["parent_visit"]


def test_keeping_in_touch_refuses_a_claim_the_family_cannot_make_and_keeps_the_rest(
    practitioner_client, child
):
    from tests.factories import ParentChildLinkFactory

    link = ParentChildLinkFactory(child=child)
    edit = reverse("chronology:parent_contact_edit", args=[child.id, link.id])
    response = practitioner_client.post(
        edit, _contact_form(visit_costs_eligible="no", visit_costs_claimed="yes")
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "the family cannot get this help" in page and "not on school days" in page
    too_long = practitioner_client.post(edit, _contact_form(childs_words="x" * 2001))
    assert "must be 2000 characters or fewer" in too_long.content.decode()


def test_keeping_in_touch_is_the_case_holders_and_goes_with_erasure(client, child, practitioner):
    from chronology import services
    from chronology.models import ParentContact
    from tests.factories import ParentChildLinkFactory

    link = ParentChildLinkFactory(child=child)
    services.parent_contact_save(link=link, actor=practitioner, data={"who_takes": "Grandma"})
    recipient = UserFactory()
    ConsentFactory(child=child, recipients=[recipient], include_practitioner_notes=True)
    client.force_login(recipient)
    assert client.get(reverse("chronology:keeping_in_touch", args=[child.id])).status_code == 403
    record = child_record(child)
    part = next(p for p in record.parts if p.slug == "keeping-in-touch")
    assert "Grandma" in str(part.entries[0].fields)
    child_erase(child=child, reason="A request to erase")
    assert not ParentContact.objects.filter(link=link).exists()


# Planning for release --------------------------------------------------------------------------


def test_a_release_plan_is_made_from_the_release_conversation_and_shows_its_actions(
    practitioner_client, child
):
    from chronology.models import ReleasePlan
    from tests.factories import (
        AgreedActionFactory,
        AssessmentFactory,
        JusticeEventFactory,
        ParentChildLinkFactory,
    )

    link = ParentChildLinkFactory(child=child, parent__stage="custody")
    JusticeEventFactory(parent=link.parent, kind="expected_release", on=days_from_now(40))
    release = AssessmentFactory(child=child, stage="release")
    AgreedActionFactory(child=child, assessment=release, description="Visit the new flat")
    AssessmentFactory(child=child, stage="court")  # not a release conversation: not offered
    edit = reverse("chronology:release_plan_edit", args=[child.id, link.id])
    form = practitioner_client.get(edit).content.decode()
    expected = days_from_now(40)
    assert f'value="{expected.day}"' in form  # the parent's expected release, to start from
    assert form.count("Release conversation,") == 1
    response = practitioner_client.post(
        edit,
        {
            "expected_on_0": expected.day,
            "expected_on_1": expected.month,
            "expected_on_2": expected.year,
            "parent_will_live": "A two-bedroom flat from the council",
            "room_for_children": "yes",
            "child_will_live_with": "Grandma for the first month, then mum",
            "childs_wishes": "To live with mum again, and stay at my school",
            "support_agreed": "Family support weekly for three months",
            "conversation": release.pk,
        },
    )
    assert response.status_code == 302
    plan = ReleasePlan.objects.get(link=link)
    assert plan.conversation == release and plan.room_for_children == "yes"
    page = practitioner_client.get(reverse("chronology:keeping_in_touch", args=[child.id]))
    shown = page.content.decode()
    assert "A two-bedroom flat from the council" in shown and "Visit the new flat" in shown
    too_long = practitioner_client.post(edit, {"support_agreed": "x" * 2001})
    assert "Support agreed must be 2000 characters or fewer" in too_long.content.decode()
    child_erase(child=child, reason="A request to erase")
    assert not ReleasePlan.objects.filter(link=link).exists()


def days_from_now(n: int):
    return timezone.localdate() + timedelta(days=n)


def test_the_services_keep_the_rules_whatever_calls_them(child, practitioner):
    from chronology import services
    from cia_portal.errors import NotAllowed

    with pytest.raises(NotAllowed):  # only a case holder writes a note
        services.note_save(
            child=child, actor=UserFactory(), data={"summary": "x", "happened_on": days_from_now(0)}
        )
    note = CaseNoteFactory(child=child, written_by=practitioner)
    services.note_save(child=child, actor=practitioner, data={"status": "draft"}, note=note)
    note.refresh_from_db()
    assert note.status == CaseNote.Status.FINAL  # a saved note is never a draft again


def test_two_holders_starting_keeping_in_touch_at_once_meet_the_conflict_page(
    practitioner_client, practitioner, child
):
    from chronology import services
    from chronology.models import ParentContact
    from tests.factories import ParentChildLinkFactory

    link = ParentChildLinkFactory(child=child)
    edit = reverse("chronology:parent_contact_edit", args=[child.id, link.id])
    assert 'name="seen"' not in practitioner_client.get(edit).content.decode()  # a new record
    services.parent_contact_save(link=link, actor=practitioner, data={"who_takes": "Auntie"})
    response = practitioner_client.post(edit, _contact_form())  # drawn before it existed
    assert response.status_code == 409
    page = response.content.decode()
    assert "Auntie" in page and "Grandma" in page  # theirs, and what was typed
    assert ParentContact.objects.get(link=link).who_takes == "Auntie"
    seen = page.split('name="seen" value="')[1].split('"')[0]
    practitioner_client.post(edit, _contact_form(seen=seen))  # saved over theirs, on purpose
    assert ParentContact.objects.get(link=link).who_takes == "Grandma"
