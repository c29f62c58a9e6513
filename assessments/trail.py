"""How the audit trail (cia_portal.audit, a floor below this app) names what this app keeps:
a child by their case reference, never by name (auditors see no child's details), and a
conversation, drawing or offer by its stage. Registered in AssessmentsConfig.ready."""

import uuid

from django.db.models import CharField, Value

from .models import Assessment, Child, Drawing, Offer, Stage, normalised_reference


def child_references(ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    return dict(Child.objects.filter(pk__in=ids).order_by().values_list("pk", "reference"))


def child_with_reference(text: str) -> uuid.UUID | None:
    reference = normalised_reference(text)
    if not reference:
        return None
    return Child.objects.filter(reference=reference).values_list("pk", flat=True).first()


def stages(ids_by_type: dict[str, set[str]]) -> dict[tuple[str, str], str]:
    """The stage of each conversation, drawing and offer named (by object type and id), in
    words, in one query."""
    named = [
        model.objects.filter(pk__in=_ids(ids_by_type[label]))
        .order_by()
        .values_list(Value(label, output_field=CharField()), "pk", stage)
        for model, stage in STAGED.items()
        if ids_by_type.get(label := model._meta.label_lower)
    ]
    if not named:
        return {}
    labels = dict(Stage.choices)
    rows = named[0].union(*named[1:], all=True)
    return {(label, str(pk)): str(labels.get(stage, stage)) for label, pk, stage in rows}


STAGED = {Assessment: "stage", Drawing: "assessment__stage", Offer: "stage"}


def _ids(object_ids: set[str]) -> list[uuid.UUID]:
    found = []
    for text in object_ids:
        try:
            found.append(uuid.UUID(text))
        except ValueError:
            continue  # not one of ours
    return found
