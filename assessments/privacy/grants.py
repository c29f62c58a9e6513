"""Grants: who may open a child at all, as django-guardian object permissions derived from
the records.

The grants are derived state. `child_sync_grants` recomputes a child's grants from
(a) the practitioners allocated to the case, (b) active consents and (c) active safeguarding
overrides, and every service that changes any of them calls it in the same transaction.
`python manage.py verify_sharing` recomputes every child's grants and reports drift.

Each grant's `valid_until` is the last day it lets anyone in (the day before a consent's or an
override's stop date), so expiry needs no job. What a person may see *inside* a child's
record is `policy.ChildScope`, worked out from the same records when a page is drawn.
"""

from datetime import date

from django.contrib.auth.models import Permission
from django.utils import timezone

from cia_portal.accounts.services import organisation_group

from ..models import (
    Child,
    ChildGroupObjectPermission,
    ChildUserObjectPermission,
    Consent,
    SafeguardingOverride,
)
from .policy import last_day_shared

VIEW, CHANGE = "view_child", "change_child"

# A grant: ("user" or "group", holder id, permission codename) -> valid until (None: open-ended)
Grants = dict[tuple[str, int, str], date | None]


def _merge(grants: Grants, key, until: date | None) -> None:
    if key in grants and (grants[key] is None or until is None):
        grants[key] = None
    else:
        grants[key] = max(filter(None, [grants.get(key), until]), default=until)


def _group_id(organisation) -> int:
    return organisation.group_id or organisation_group(organisation=organisation).pk


def child_expected_grants(*, child: Child, today: date | None = None) -> Grants:
    """The grants the records say this child should have today. An erased record has none."""
    today = today or timezone.localdate()
    grants: Grants = {}
    if child.erased_at:
        return grants
    for user_id in child.practitioners.values_list("pk", flat=True):
        _merge(grants, ("user", user_id, VIEW), None)
        _merge(grants, ("user", user_id, CHANGE), None)
    consents = Consent.objects.active(on=today).filter(child=child)
    for consent in consents.prefetch_related("recipient_users", "recipient_organisations"):
        until = last_day_shared(consent.expires_on)
        for user in consent.recipient_users.all():
            _merge(grants, ("user", user.pk, VIEW), until)
        for organisation in consent.recipient_organisations.all():
            _merge(grants, ("group", _group_id(organisation), VIEW), until)
    overrides = SafeguardingOverride.objects.active(on=today).filter(child=child)
    for override in overrides.select_related("recipient_organisation"):
        until = last_day_shared(override.ends_on)
        if override.recipient_user_id:
            _merge(grants, ("user", override.recipient_user_id, VIEW), until)
        else:
            _merge(grants, ("group", _group_id(override.recipient_organisation), VIEW), until)
    return grants


def child_stored_grants(*, child: Child) -> Grants:
    stored: Grants = {}
    for kind, model, holder in (
        ("user", ChildUserObjectPermission, "user_id"),
        ("group", ChildGroupObjectPermission, "group_id"),
    ):
        for holder_id, codename, until in model.objects.filter(content_object=child).values_list(
            holder, "permission__codename", "valid_until"
        ):
            stored[(kind, holder_id, codename)] = until
    return stored


def _permissions() -> dict[str, Permission]:
    return {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="assessments", codename__in=[VIEW, CHANGE]
        )
    }


def child_sync_grants(*, child: Child) -> None:
    """Make the stored grants equal to the expected ones."""
    expected = child_expected_grants(child=child)
    stored = child_stored_grants(child=child)
    if expected == stored:
        return
    permissions = _permissions()
    models = {
        "user": (ChildUserObjectPermission, "user_id"),
        "group": (ChildGroupObjectPermission, "group_id"),
    }
    for key in stored.keys() - expected.keys():
        kind, holder_id, codename = key
        model, holder = models[kind]
        model.objects.filter(
            content_object=child, permission=permissions[codename], **{holder: holder_id}
        ).delete()
    for key, until in expected.items():
        kind, holder_id, codename = key
        model, holder = models[kind]
        if key not in stored:
            model.objects.create(
                content_object=child,
                permission=permissions[codename],
                valid_until=until,
                **{holder: holder_id},
            )
        elif stored[key] != until:
            model.objects.filter(
                content_object=child, permission=permissions[codename], **{holder: holder_id}
            ).update(valid_until=until)
