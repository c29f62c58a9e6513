"""How the audit trail (cia_portal.audit, a floor below this app) names what this app keeps:
a child by their case reference, never by name (auditors see no child's details), and a
conversation, drawing or offer by its stage. Registered in AssessmentsConfig.ready."""

import uuid

from .models import Assessment, Child, Drawing, Offer, Stage, normalised_reference


def child_references(ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    return dict(Child.objects.filter(pk__in=ids).values_list("pk", "reference"))


def child_with_reference(text: str) -> uuid.UUID | None:
    reference = normalised_reference(text)
    if not reference:
        return None
    return Child.objects.filter(reference=reference).values_list("pk", flat=True).first()


def _stages(rows) -> dict[str, str]:
    labels = dict(Stage.choices)
    return {str(pk): str(labels.get(stage, stage)) for pk, stage in rows}


def _ids(object_ids: set[str]) -> list[uuid.UUID]:
    found = []
    for text in object_ids:
        try:
            found.append(uuid.UUID(text))
        except ValueError:
            continue  # not one of ours
    return found


STAGES = {
    Assessment._meta.label_lower: lambda ids: _stages(
        Assessment.objects.filter(pk__in=_ids(ids)).values_list("pk", "stage")
    ),
    Drawing._meta.label_lower: lambda ids: _stages(
        Drawing.objects.filter(pk__in=_ids(ids)).values_list("pk", "assessment__stage")
    ),
    Offer._meta.label_lower: lambda ids: _stages(
        Offer.objects.filter(pk__in=_ids(ids)).values_list("pk", "stage")
    ),
}
