import uuid
from contextvars import ContextVar

from django.db import models

from cia_portal.accounts.client_address import client_address

from .models import AuditEvent

# The address the current request came from, set by AuditContextMiddleware, so that rows
# written deep inside a service still say where the access came from.
_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def audit_record(
    *,
    actor,
    action: AuditEvent.Action,
    obj: models.Model,
    child_id: uuid.UUID | None = None,
    detail: str = "",
) -> AuditEvent:
    """Record that `actor` did `action` to `obj` (which belongs to child `child_id`).

    The only writer of audit rows. Nothing updates them; only `apply_retention` deletes them,
    once the audit retention period has passed.
    """
    return AuditEvent.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        child_id=child_id,
        detail=detail[:500],
        ip_address=_client_ip.get(),
    )


def audit_record_children(
    *, actor, action: AuditEvent.Action, obj: models.Model, child_ids, detail: str = ""
) -> None:
    """One row per child for a page or message that shows several children, in one insert."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor if actor and actor.is_authenticated else None,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            child_id=child_id,
            detail=detail[:500],
            ip_address=_client_ip.get(),
        )
        for child_id in child_ids
    )


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(client_address(request))  # behind a trusted proxy: the client
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
