import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import islice

from django.db import models
from django.db.models import QuerySet
from django.utils.timezone import localtime

from cia_portal.accounts.client_address import client_address

from .models import AuditEvent
from .sentences import Names, sentence

# The address the current request came from, set by AuditContextMiddleware, so that rows
# written deep inside a service still say where the access came from.
_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


@contextmanager
def without_client_address():
    """Audit rows written inside leave out the address the request came from: for people the
    portal does not know (a family asking through the public form), whose address it keeps
    only as a keyed hash."""
    token = _client_ip.set(None)
    try:
        yield
    finally:
        _client_ip.reset(token)


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


EXPORT_HEADER = [
    "When",
    "What happened",
    "Username",
    "Name",
    "Organisation",
    "Action",
    "Record type",
    "Record id",
    "Child's case reference",
    "Child's id",
    "Detail",
    "IP address",
]
EXPORT_CHUNK = 2000  # rows read, and named, at a time


def audit_trail_export(*, actor, events: QuerySet[AuditEvent], searched: str) -> Iterator[list]:
    """Every row `events` holds, one line each, newest first, under one header row: read a
    chunk at a time as the file is sent. The export is itself audited, with what was searched
    for and how many rows it holds."""
    exported = audit_record(
        actor=actor,
        action=AuditEvent.Action.DOWNLOAD,
        obj=AuditEvent(pk=0),  # the trail itself
        detail=f"Exported {events.count()} rows of the audit trail. Searched for: {searched}",
    )
    return _export_lines(events.filter(pk__lt=exported.pk))  # the file holds what it says


def _export_lines(events: QuerySet[AuditEvent]) -> Iterator[list]:
    yield EXPORT_HEADER
    rows = events.iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(islice(rows, EXPORT_CHUNK)):
        names = Names.of(chunk)
        for event in chunk:
            person = names.people.get(event.actor_id)
            yield [
                localtime(event.at).isoformat(timespec="seconds"),
                sentence(event, names),
                person.username if person else "",
                person.get_full_name() if person else "",
                str(person.organisation or "") if person else "",
                event.action,
                event.object_type,
                event.object_id,
                names.children.get(event.child_id, ""),
                event.child_id or "",
                event.detail,
                event.ip_address or "",
            ]
