from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from PIL import Image

from assessments import privacy, selectors, services
from assessments.models import Assessment, Carer, JusticeEvent, ParentChildLink
from cia_portal.audit.models import AuditEvent
from tests.conftest import png_bytes
from tests.factories import AssessmentFactory, ChildFactory, ParentChildLinkFactory

pytestmark = pytest.mark.django_db

NEW_CASE = {
    "family_name": "The Rivers family",
    "preferred_name": "Ruby",
    "date_of_birth": date(2014, 2, 3),
    "gender": "girl",
    "ethnicity": "white",
    "school": "Hopeside Primary School",
    "lives_with": "Grandma",
    "care_status": "none",
    "parent_name": "Dee",
    "relationship": "mother",
    "care_arrangement": "sole_or_primary",
    "so_far_kind": "bail",
    "so_far_on": date(2023, 4, 3),
    "so_far_details": {},
    "next_court_date": date(2023, 5, 1),
    "court": "Hopeside Court",
    "carer_name": "Grandma Rose",
    "carer_relationship": "grandparent",
    "carer_phone": "01234 567890",
}


def test_case_create_makes_family_parent_hearing_carer_and_grants(practitioner):
    child = services.case_create(created_by=practitioner, data=NEW_CASE)
    link = ParentChildLink.objects.get(child=child)
    assert link.parent.name == "Dee"
    bail, hearing = link.parent.events.all()
    assert (bail.kind, bail.on) == ("bail", date(2023, 4, 3))
    assert (hearing.kind, hearing.on, hearing.court) == (
        "hearing",
        date(2023, 5, 1),
        "Hopeside Court",
    )
    assert selectors.child_current_stage(child) == "court"  # the hearing has happened
    assert Carer.objects.get(family=child.family).name == "Grandma Rose"
    assert list(privacy.child_visible_to(practitioner)) == [child]
    assert AuditEvent.objects.filter(child_id=child.id, action="create").count() == 5


def test_case_create_without_court_date_or_carer_skips_them(practitioner):
    data = NEW_CASE | {"next_court_date": None, "carer_name": ""}
    child = services.case_create(created_by=practitioner, data=data)
    assert [e.kind for e in JusticeEvent.objects.all()] == ["bail"]
    assert not Carer.objects.filter(family=child.family).exists()


def test_sibling_joins_the_family_and_the_same_parent(practitioner):
    link = ParentChildLinkFactory(child__created_by=practitioner)
    sibling = services.sibling_add(
        child=link.child,
        created_by=practitioner,
        data={
            "preferred_name": "Max",
            "date_of_birth": date(2016, 1, 1),
            "gender": "boy",
            "ethnicity": "white",
            "school": "",
            "lives_with": "",
            "care_status": "none",
            "care_arrangement": "shared",
        },
    )
    assert sibling.family == link.child.family
    sibling_link = ParentChildLink.objects.get(child=sibling)
    assert sibling_link.parent == link.parent and sibling_link.care_arrangement == "shared"
    assert privacy.child_visible_to(practitioner).filter(pk=sibling.pk).exists()


def test_update_records_which_fields_changed_and_skips_audit_when_nothing_did(child):
    services.child_update(
        child=child,
        actor=child.created_by,
        data={"school": "Hopeside Academy", "gender": child.gender},
    )
    event = AuditEvent.objects.get(child_id=child.id, action="update")
    assert event.detail == "Changed: school"
    services.child_update(child=child, actor=child.created_by, data={"school": "Hopeside Academy"})
    assert AuditEvent.objects.filter(child_id=child.id, action="update").count() == 1


def test_assessment_complete_sets_status_and_time():
    assessment = AssessmentFactory()
    services.assessment_complete(assessment=assessment, actor=assessment.created_by)
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.COMPLETED
    assert assessment.completed_at is not None


def test_drawing_is_reencoded_as_png_without_metadata():
    assessment = AssessmentFactory()
    upload = SimpleUploadedFile("pic.jpg", png_bytes(fmt="JPEG"), content_type="image/jpeg")
    drawing = services.drawing_add(
        assessment=assessment, actor=assessment.created_by, image=upload, caption="Me"
    )
    with drawing.image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG"
        assert image.size == (40, 30)
        assert not image.info.get("exif")
    assert drawing.image.name.startswith(f"drawings/{assessment.id}/")


def test_drawing_that_is_not_an_image_is_refused_and_nothing_stored():
    assessment = AssessmentFactory()
    upload = SimpleUploadedFile("x.png", b"not a picture", content_type="image/png")
    with pytest.raises(ValidationError):
        services.drawing_add(assessment=assessment, actor=assessment.created_by, image=upload)
    assert not assessment.drawings.exists()


def test_a_picture_too_big_to_unpack_safely_is_refused_before_decoding(settings):
    settings.DRAWING_MAX_PIXELS = 1000  # 40 x 30 is 1,200
    assessment = AssessmentFactory()
    upload = SimpleUploadedFile("big.png", png_bytes(), content_type="image/png")
    with pytest.raises(ValidationError, match="too big"):
        services.drawing_add(assessment=assessment, actor=assessment.created_by, image=upload)
    assert not assessment.drawings.exists()


def test_a_picture_in_another_format_is_refused_by_the_service_too():
    assessment = AssessmentFactory()
    upload = SimpleUploadedFile("x.png", png_bytes(fmt="BMP"), content_type="image/png")
    with pytest.raises(ValidationError, match="PNG or JPEG"):
        services.drawing_add(assessment=assessment, actor=assessment.created_by, image=upload)


def test_services_run_in_a_transaction_nothing_half_created(practitioner):
    bad = NEW_CASE | {"carer_relationship": None}  # NOT NULL column: the carer insert fails
    with pytest.raises(IntegrityError):
        services.case_create(created_by=practitioner, data=bad)
    assert not ChildFactory._meta.model.objects.exists()
