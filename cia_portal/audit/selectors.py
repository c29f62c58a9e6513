from django.db.models import QuerySet

from .models import AuditEvent


def audit_search(
    *, child=None, user="", action="", date_from=None, date_to=None
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor__organisation").order_by("-at", "-pk")
    if child:
        events = events.filter(child_id=child)
    if user:
        events = events.filter(actor__username__iexact=user)
    if action:
        events = events.filter(action=action)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events
