import uuid

from django.db import models

from .models import AuditEvent


def audit_record(
    *,
    actor,
    action: AuditEvent.Action,
    obj: models.Model,
    child_id: uuid.UUID | None = None,
    detail: str = "",
) -> AuditEvent:
    """Record that `actor` did `action` to `obj` (which belongs to child `child_id`)."""
    return AuditEvent.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        child_id=child_id,
        detail=detail[:255],
    )
