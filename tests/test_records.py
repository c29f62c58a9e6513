"""Closing a case, the whole record for a subject access request, erasure and retention."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import services as assessment_services
from assessments.models import (
    AgreedAction,
    Assessment,
    Carer,
    Child,
    ChildUserObjectPermission,
    Consent,
    Family,
    Offer,
    ParentChildLink,
    ParentInJustice,
    SafeguardingOverride,
)
from chronology import services as note_services
from chronology.models import CaseNote, HandOn, ParentContact, ReleasePlan
from cia_portal.audit.models import AuditEvent
from evaluation import figures
from evaluation.figures import Period
from records import selectors, services
from records.selectors import ERASED
from referrals.models import OnwardReferral, OnwardSession, Referral, ReferralEvent
from tests.conftest import png_bytes
from tests.evaluation_world import pilot, world  # noqa: F401 (fixtures)
from tests.factories import (
    AgreedActionFactory,
    CarerFactory,
    CaseNoteFactory,
    ChildFactory,
    ConsentFactory,
    HearingFactory,
    OrganisationFactory,
    OverrideFactory,
    ParentChildLinkFactory,
    ReferralRouteFactory,
    SupportServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MARK = "Zebedee"


def _record_url(name, child):
    return reverse(f"records:{name}", args=[child.id])


# Closing a case ---------------------------------------------------------------------------


def test_the_holder_closes_the_case_and_opens_it_again(practitioner_client, child):
    url = _record_url("record", child)
    page = practitioner_client.get(url).content.decode()
    assert "The case is open" in page and "Close the case" in page

    closed = date.today() - timedelta(days=3)
    form = {"close": "1", "closed_on_0": closed.day, "closed_on_1": closed.month}
    response = practitioner_client.post(url, form | {"closed_on_2": closed.year})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.closed_on == closed
    page = practitioner_client.get(url).content.decode()
    assert f"{closed:%-d %B %Y}" in page and f"after {closed:%-d %B} {closed.year + 6}" in page
    child_page = practitioner_client.get(reverse("assessments:child_detail", args=[child.id]))
    assert "Case closed" in child_page.content.decode()
    my_cases = reverse("assessments:my_cases")
    assert child.preferred_name not in practitioner_client.get(my_cases).content.decode()
    closed_cases = practitioner_client.get(my_cases, {"state": "closed"}).content.decode()
    assert child.preferred_name in closed_cases and "Case closed" in closed_cases

    practitioner_client.post(url, {"reopen": "1"})
    child.refresh_from_db()
    assert child.closed_on is None
    assert AuditEvent.objects.filter(child_id=child.id, detail="Changed: closed_on").count() == 2


def test_a_closing_date_in_the_future_is_refused_and_kept_on_the_page(practitioner_client, child):
    later = date.today() + timedelta(days=10)
    response = practitioner_client.post(
        _record_url("record", child),
        {"close": "1", "closed_on_0": later.day, "closed_on_1": later.month, "closed_on_2": "9999"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "must be today or in the past" in page
    assert 'value="9999"' in page
    child.refresh_from_db()
    assert child.closed_on is None


# Subject access ---------------------------------------------------------------------------


@pytest.fixture
def full_case(case, practitioner):
    child = case["child"]
    Assessment.objects.filter(pk=case["assessment"].pk).update(
        worries="I worry about Mum's dog", practitioner_notes="Quiet at first"
    )
    OverrideFactory(child=child, recipient_user=UserFactory())
    assessment_services.consent_record(
        child=child,
        recorded_by=practitioner,
        data={"given_by": "child", "purpose": "For the school", "how_given": "spoken"},
        recipient_users=[UserFactory()],
        recipient_organisations=[],
    )
    return case


def test_the_whole_record_as_json_holds_everything_and_the_download_is_audited(
    practitioner_client, full_case
):
    child = full_case["child"]
    response = practitioner_client.get(_record_url("record_json", child))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    record = json.loads(response.content)
    parts = {part["slug"]: part["entries"] for part in record["parts"]}
    assert parts["child"][0]["fields"]["preferred_name"] == child.preferred_name
    assert parts["child"][0]["fields"]["date_of_birth"] == child.date_of_birth.isoformat()
    conversation = parts["conversations"][0]
    assert conversation["fields"]["worries"] == "I worry about Mum's dog"
    assert conversation["fields"]["practitioner_notes"] == "Quiet at first"
    assert conversation["drawings"][0]["image"].startswith("data:image/png;base64,")
    assert parts["parents"][0]["fields"]["name"] == full_case["link"].parent.name
    assert [e["fields"]["name"] for e in parts["carers"]] == [full_case["carer"].name]
    assert parts["actions"][0]["fields"]["description"] == full_case["action"].description
    purposes = {e["fields"].get("purpose") for e in parts["sharing"]}
    assert "For the school" in purposes
    assert any("reason" in e["fields"] for e in parts["sharing"])  # the override
    assert parts["access"], "who opened the record is part of it"
    assert AuditEvent.objects.filter(
        child_id=child.id, action="download", detail="Whole record (subject access)"
    ).exists()


def test_the_whole_record_as_pdf_reads_as_the_record(practitioner_client, full_case):
    response = practitioner_client.get(_record_url("record_pdf", full_case["child"]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert f"Everything held about {full_case['child'].preferred_name}" in text
    assert "I worry about Mum" in text and "For the school" in text
    assert "data protection officer reviews it" in text
    assert any(page.images for page in reader.pages), "the drawing is in the PDF"


# Erasure ----------------------------------------------------------------------------------


def _mark_free_text(querysets):
    """Write MARK into every free-text field of these rows, so a leftover is easy to find."""
    for queryset in querysets:
        text_fields = [
            f.name
            for f in queryset.model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and not f.choices and f.editable
        ]
        queryset.update(**{name: f"{MARK} {name}" for name in text_fields})


def _every_table_mentioning(text: str) -> list[str]:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(
                f'SELECT count(*) FROM "{table}" t WHERE row_to_json(t)::text LIKE %s',  # noqa: S608
                [f"%{text}%"],
            )
            if cursor.fetchone()[0]:
                found.append(table)
    return found


def _figures(the_pilot):
    the_pilot.suppress_below = 1  # every count shown as it is
    d = figures.dashboard(the_pilot, Period(the_pilot.start, the_pilot.end))
    tables = [(t.slug, [(str(k), str(v)) for k, v in t.rows], str(t.total)) for t in d.tables]
    return tables, str(d.costs)


def _without(figures, label):
    tables, costs = figures
    return [(s, [r for r in rows if r[0] != label], total) for s, rows, total in tables], costs


def _count(figures, label) -> int:
    return next(int(v) for _s, rows, _t in figures[0] for k, v in rows if k == label)


def _whole_record(child):
    family = child.family
    return [
        Child.objects.filter(pk=child.pk),
        Family.objects.filter(pk=family.pk),
        ParentInJustice.objects.filter(family=family),
        ParentChildLink.objects.filter(child=child),
        Carer.objects.filter(family=family),
        Offer.objects.filter(child=child),
        Assessment.objects.filter(child=child),
        AgreedAction.objects.filter(child=child),
        OnwardReferral.objects.filter(action__child=child),
        Consent.objects.filter(child=child),
        SafeguardingOverride.objects.filter(child=child),
        Referral.objects.filter(family=family),
        ReferralEvent.objects.filter(referral__family=family),
        CaseNote.objects.filter(child=child),
        CaseNote.history.model.objects.filter(child_id=child.pk),  # every earlier version
        ParentContact.objects.filter(link__child=child),
        ReleasePlan.objects.filter(link__child=child),
        HandOn.objects.filter(child=child),
        OnwardSession.objects.filter(onward_referral__action__child=child),
    ]


def test_erasure_leaves_nothing_of_the_child_and_every_evaluation_figure_as_it_was(
    pilot,  # noqa: F811
    world,  # noqa: F811
):
    ann = world["ann"]
    CarerFactory(family=ann.family)
    OverrideFactory(child=ann, recipient_user=UserFactory())
    drawing = assessment_services.drawing_add(
        assessment=ann.assessments.get(),
        actor=ann.created_by,
        image=SimpleUploadedFile("d.png", png_bytes(), content_type="image/png"),
    )
    Child.objects.filter(pk=ann.pk).update(
        date_of_birth=date(2015, 1, 17),
        living_arrangement="grandparent",
        siblings_apart="yes",
        care_status="child_in_need",
    )
    ann.parent_links.update(contact_now="visits")
    ParentInJustice.objects.filter(family=ann.family).update(pregnant=True, number_of_children=2)
    Assessment.objects.filter(child=ann).update(feelings=[MARK])
    note = CaseNoteFactory(child=ann)
    note_services.note_save(child=ann, actor=ann.created_by, data={"summary": "v2"}, note=note)
    link = ann.parent_links.get()
    note_services.parent_contact_save(link=link, actor=ann.created_by, data={"ways": ["visits"]})
    note_services.release_plan_save(link=link, actor=ann.created_by, data={"support_agreed": "x"})
    HandOn.objects.create(
        child=ann, to_organisation=OrganisationFactory(), handed_on_by=ann.created_by, note="n"
    )
    onward = OnwardReferral.objects.create(
        action=ann.actions.first() or AgreedActionFactory(child=ann),
        service=SupportServiceFactory(),
        consent=ConsentFactory(child=ann),
        sent_by=ann.created_by,
        outcome="o",
        end_note="e",
    )
    OnwardSession.objects.create(
        onward_referral=onward, on=date(2023, 5, 1), note="s", recorded_by=ann.created_by
    )
    _mark_free_text(_whole_record(ann))
    assert _every_table_mentioning(MARK)
    before = _figures(pilot)

    services.child_erase(child=ann, actor=None, reason="Request SAR-1")

    assert _every_table_mentioning(MARK) == []
    pregnant = "Parents who are pregnant"  # health data, and undated: erased, not counted
    after = _figures(pilot)
    assert _without(after, pregnant) == _without(before, pregnant)
    assert _count(after, pregnant) == _count(before, pregnant) - 1
    assert not default_storage.exists(drawing.image.name)
    ann.refresh_from_db()
    assert ann.preferred_name == ERASED and ann.erased_at is not None
    assert ann.date_of_birth == date(2015, 1, 1)  # kept to the month
    assert not Carer.objects.filter(family=ann.family).exists()
    assert ParentInJustice.objects.get(family=ann.family).name == ERASED
    assert AuditEvent.objects.filter(child_id=ann.pk, action="delete", detail="Request SAR-1")


def test_an_erased_child_is_seen_by_nobody(practitioner_client, practitioner, case):
    child = case["child"]
    services.child_erase(child=child, actor=None, reason="Request")
    assert not ChildUserObjectPermission.objects.filter(content_object=child).exists()
    assert not child.practitioners.exists()
    assert not Consent.objects.filter(child=child, withdrawn_at__isnull=True).exists()
    response = practitioner_client.get(reverse("assessments:child_detail", args=[child.id]))
    assert response.status_code == 404
    assert child.preferred_name not in practitioner_client.get("/children/").content.decode()


def test_a_brother_keeps_the_family_when_his_sister_is_erased(practitioner, case):
    sister = case["child"]
    brother = ChildFactory(family=sister.family, created_by=practitioner)
    services.child_erase(child=sister, actor=None, reason="Request")
    assert Carer.objects.filter(family=sister.family).exists()
    assert ParentInJustice.objects.get(family=sister.family).name != ERASED
    services.child_erase(child=brother, actor=None, reason="Request")
    assert not Carer.objects.filter(family=sister.family).exists()
    assert Family.objects.get(pk=sister.family_id).name == ERASED


def test_the_erase_command_asks_for_a_reason_and_a_real_record(case):
    child = case["child"]
    with pytest.raises(CommandError):
        call_command("erase_child", child.pk)  # no --reason
    with pytest.raises(CommandError, match="No child"):
        call_command("erase_child", "not-an-id", reason="R", yes=True)
    out = io.StringIO()
    call_command("erase_child", child.pk, reason="DPO ref 14", yes=True, stdout=out)
    assert "last child" in out.getvalue()
    assert AuditEvent.objects.filter(detail="Erased on request: DPO ref 14").exists()
    with pytest.raises(CommandError, match="already erased"):
        call_command("erase_child", child.pk, reason="again", yes=True)


# Retention --------------------------------------------------------------------------------


@pytest.fixture
def aged_records(practitioner):
    today = timezone.localdate()

    def case_closed(on):
        child = ParentChildLinkFactory(child__created_by=practitioner).child
        Child.objects.filter(pk=child.pk).update(closed_on=on)
        return child

    old_referral = Referral.objects.create(
        route=ReferralRouteFactory(),
        referred_by="Duty desk",
        mother_name="Lorna Quill",
        children_description="Two boys",
        status=Referral.Status.DECLINED,
        received_by=practitioner,
    )
    Referral.objects.filter(pk=old_referral.pk).update(
        modified_at=timezone.now() - timedelta(days=800)
    )
    old_audit = AuditEvent.objects.create(action="view", object_type="x", object_id="1")
    AuditEvent.objects.filter(pk=old_audit.pk).update(at=timezone.now() - timedelta(days=8 * 366))
    return {
        "long_closed": case_closed(today - timedelta(days=7 * 366)),
        "recently_closed": case_closed(today - timedelta(days=30)),
        "open": case_closed(None),
        "old_referral": old_referral,
        "old_audit": old_audit,
    }


def test_a_dry_run_lists_what_is_due_and_changes_nothing(aged_records):
    out = io.StringIO()
    call_command("apply_retention", dry_run=True, stdout=out)
    listed = out.getvalue()
    assert str(aged_records["long_closed"].pk) in listed
    assert str(aged_records["recently_closed"].pk) not in listed
    assert str(aged_records["old_referral"].pk) in listed
    assert "Audit rows from before" in listed and ": 1" in listed
    assert "Nothing changed" in listed
    assert not Child.objects.filter(erased_at__isnull=False).exists()
    assert AuditEvent.objects.filter(pk=aged_records["old_audit"].pk).exists()


def test_retention_anonymises_what_is_due_and_audits_each_step(aged_records, settings):
    call_command("apply_retention", stdout=io.StringIO())
    erased = set(Child.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {aged_records["long_closed"].pk}
    referral = Referral.objects.get(pk=aged_records["old_referral"].pk)
    assert referral.mother_name == ERASED and referral.children_description == ERASED
    assert not AuditEvent.objects.filter(pk=aged_records["old_audit"].pk).exists()
    details = list(AuditEvent.objects.filter(action="delete").values_list("detail", flat=True))
    assert any(d.startswith("Retention: case closed on") for d in details)
    assert any(d.startswith("Retention: anonymised a referral") for d in details)
    assert any(d.startswith("Retention: deleted 1 audit rows") for d in details)
    # Nothing more is due, so a second run changes nothing.
    call_command("apply_retention", stdout=io.StringIO())
    assert Child.objects.filter(erased_at__isnull=False).count() == 1


def test_the_periods_are_settings(aged_records, settings):
    settings.RETENTION = settings.RETENTION | {"closed_case_years": 0}
    due = selectors.retention_due()
    assert {c.pk for c in due.children} == {
        aged_records["long_closed"].pk,
        aged_records["recently_closed"].pk,
    }


def test_information_about_other_people_is_marked_in_the_json_and_the_pdf(
    practitioner_client, full_case, practitioner
):
    """Issue 16: the export named the brothers and sisters and the parent with no mark."""
    child = full_case["child"]
    brother = ChildFactory(family=child.family, created_by=practitioner, preferred_name="Rory")
    referral = Referral.objects.create(
        route=ReferralRouteFactory(),
        referred_by="Duty desk",
        mother_name="Lorna Quill",
        children_description=f"{child.preferred_name} and {brother.preferred_name}",
        received_by=practitioner,
        family=child.family,
    )
    HearingFactory(parent=full_case["link"].parent)
    record = json.loads(practitioner_client.get(_record_url("record_json", child)).content)
    marks = {
        part["slug"]: {bool(entry["third_party"]) for entry in part["entries"]}
        for part in record["parts"]
        if part["entries"]
    }
    for about_others in ["family", "parents", "justice-events", "carers", "referrals"]:
        assert marks[about_others] == {True}, about_others
    for about_the_child in ["child", "offers", "conversations", "actions"]:
        assert marks.get(about_the_child, {False}) == {False}, about_the_child
    referral_entry = next(
        e
        for p in record["parts"]
        if p["slug"] == "referrals"
        for e in p["entries"]
        if e["fields"].get("children_description")
    )
    assert "Rory" in referral_entry["fields"]["children_description"]
    assert referral_entry["fields"]["mother_name"] == referral.mother_name
    conversation = next(p for p in record["parts"] if p["slug"] == "conversations")["entries"][0]
    assert conversation["third_party_fields"] == {"practitioner_notes": "May name other people"}

    pdf = practitioner_client.get(_record_url("record_pdf", child))
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "OTHER PERSON About the parent in the justice system" in text
    assert "MAY NAME OTHERS" in text

    page = practitioner_client.get(reverse("records:record", args=[child.id])).content.decode()
    assert "marked &#x27;Other person&#x27;" in page or "marked 'Other person'" in page
