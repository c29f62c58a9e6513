"""Who may see a child: django-guardian object permissions, derived from the records.

The grants are derived state. `child_sync_grants` recomputes a child's grants from
(a) the practitioners allocated to the case, (b) active consents and (c) active safeguarding
overrides, and every service that changes any of them calls it in the same transaction.
`python manage.py verify_sharing` recomputes every child's grants and reports drift.

What a person may see *inside* a child's record (which stages and sections) is `ChildScope`,
worked out from the same records when a page is drawn.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils import timezone

from cia_portal.accounts.services import organisation_group

from .models import (
    Child,
    ChildGroupObjectPermission,
    ChildUserObjectPermission,
    Consent,
    Stage,
)
from .sections import SECTIONS

VIEW, CHANGE = "view_child", "change_child"
ALL_SECTIONS = frozenset(s.slug for s in SECTIONS) | {Consent.DRAWINGS}
ALL_STAGES = frozenset(Stage.values)

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
    """The grants the records say this child should have today."""
    today = today or timezone.localdate()
    grants: Grants = {}
    for user_id in child.practitioners.values_list("pk", flat=True):
        _merge(grants, ("user", user_id, VIEW), None)
        _merge(grants, ("user", user_id, CHANGE), None)
    for consent in child.consents.filter(withdrawn_at__isnull=True).prefetch_related(
        "recipient_users", "recipient_organisations"
    ):
        if not consent.is_active_on(today):
            continue
        for user in consent.recipient_users.all():
            _merge(grants, ("user", user.pk, VIEW), consent.expires_on)
        for organisation in consent.recipient_organisations.all():
            _merge(grants, ("group", _group_id(organisation), VIEW), consent.expires_on)
    for override in child.overrides.filter(
        ended_at__isnull=True, ends_on__gte=today
    ).select_related("recipient_organisation"):
        if override.recipient_user_id:
            _merge(grants, ("user", override.recipient_user_id, VIEW), override.ends_on)
        else:
            group_id = _group_id(override.recipient_organisation)
            _merge(grants, ("group", group_id, VIEW), override.ends_on)
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


@dataclass(frozen=True)
class ChildScope:
    """What one person may see of one child's record."""

    holds_case: bool = False
    stages: frozenset = field(default_factory=frozenset)
    sections: frozenset = field(default_factory=frozenset)
    practitioner_notes: bool = False
    purposes: tuple = ()
    overrides: tuple = ()

    @property
    def drawings(self) -> bool:
        return Consent.DRAWINGS in self.sections

    def covers(self, stage: str) -> bool:
        return stage in self.stages


def child_scope_for(*, user, child: Child, today: date | None = None) -> ChildScope:
    """Worked out from the records, not from the grants, so it is right at every moment."""
    today = today or timezone.localdate()
    if any(p.pk == user.pk for p in child.practitioners.all()):  # prefetched by the selectors
        return ChildScope(
            holds_case=True, stages=ALL_STAGES, sections=ALL_SECTIONS, practitioner_notes=True
        )
    to_me = Q(recipient_users=user)
    if user.organisation_id:
        to_me |= Q(recipient_organisations=user.organisation_id)
    consents = [
        c
        for c in child.consents.filter(to_me, withdrawn_at__isnull=True).distinct()
        if c.is_active_on(today)
    ]
    me = Q(recipient_user=user)
    if user.organisation_id:
        me |= Q(recipient_organisation=user.organisation_id)
    overrides = tuple(child.overrides.filter(me, ended_at__isnull=True, ends_on__gte=today))
    stages, sections = set(), set()
    for consent in consents:
        stages |= set(consent.stages)
        sections |= set(consent.sections)
    if overrides:  # at risk of significant harm: the child's words at every stage, not notes
        stages, sections = set(ALL_STAGES), set(ALL_SECTIONS)
    return ChildScope(
        stages=frozenset(stages),
        sections=frozenset(sections),
        practitioner_notes=any(c.include_practitioner_notes for c in consents),
        purposes=tuple(c.purpose for c in consents),
        overrides=overrides,
    )
