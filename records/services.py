"""Writes: erasing a child's record (on a valid request, or when retention makes it due) and
anonymising old referrals.

Erasure keeps the rows the evaluation counts and empties everything else. `KEPT` names, model by
model, the fields that stay: the categories, stages, statuses and dates the figures are worked
out from, and the links between the rows. Every other field goes back to its default or to
"(erased)", so a field added later is erased without anyone remembering to list it. Drawings,
carers and grants are deleted. The audit trail is not rewritten: it is what auditors check (who
opened the record, who it was shared with and why, the reason for an override), and it has its
own retention period.
"""

import datetime as dt

from django.db import models, transaction
from django.utils import timezone

from assessments.models import (
    AgreedAction,
    Assessment,
    Carer,
    Child,
    Consent,
    Drawing,
    Family,
    JoinRequest,
    JusticeEvent,
    Offer,
    ParentChildLink,
    ParentInJustice,
    SafeguardingOverride,
    YouSaidWeDid,
)
from assessments.privacy import child_sync_grants
from chronology.models import CaseNote, HandOn, ParentContact, ReleasePlan
from cia_portal.audit.models import AuditEvent
from cia_portal.audit.services import audit_record
from cia_portal.notifications.services import notifications_forget_child
from referrals.models import (
    FamilyRequest,
    OnwardReferral,
    OnwardReferralEvent,
    OnwardSession,
    Referral,
    ReferralEvent,
)

from .selectors import ERASED, RetentionDue

ALWAYS_KEPT = {"id", "created_at", "modified_at", "created_by"}
KEPT = {
    Child: {
        "family",
        "gender",
        "ethnicity",
        "date_of_birth",
        "living_arrangement",
        "siblings_apart",
        "care_status",
        "closed_on",
        "erased_at",
    },
    Assessment: {
        "child",
        "stage",
        "status",
        "conversation_date",
        "completed_with",
        "chosen_by_child",
        "on_paper",
        "completed_at",
        "language",
        "age_band",
        "family_member",
    },
    Offer: {"child", "stage", "offered_on", "offered_by", "outcome"},
    AgreedAction: {"child", "assessment", "due_date", "status"},
    OnwardReferral: {"action", "service", "consent", "status", "sent_by", "sent_at"},
    OnwardReferralEvent: {"onward_referral", "status", "at", "by"},
    Consent: {
        "child",
        "given_by",
        "stages",
        "sections",
        "include_practitioner_notes",
        "for_pre_sentence_report",
        "how_given",
        "given_on",
        "review_on",
        "expires_on",
        "recorded_by",
        "withdrawn_at",
        "withdrawn_by",
    },
    SafeguardingOverride: {
        "child",
        "recipient_user",
        "recipient_organisation",
        "ends_on",
        "ended_at",
        "ended_by",
    },
    ParentChildLink: {
        "parent",
        "child",
        "relationship",
        "care_arrangement",
        "removed_on",
        "contact_now",
    },
    # Only when the family's last child is erased:
    Family: set(),
    ParentInJustice: {"family", "number_of_children"},
    # The parent's journey, without the prison's name or the practitioner's words:
    JusticeEvent: {
        "parent",
        "kind",
        "on",
        "court",
        "purpose",
        "outcome",
        "adjourned_for",
        "sentence_months",
        "distance_miles",
        "child_view",
    },
    Referral: {
        "route",
        "received_on",
        "next_court_date",
        "family",
        "status",
        "received_by",
        "allocated_to",
        "offered_at",
        "closed_at",
    },
    ReferralEvent: {"referral", "status", "at", "by"},
}


def _erased_value(model_field: models.Field):
    if model_field.has_default():
        return model_field.get_default()
    if model_field.null:
        return None
    if isinstance(model_field, (models.CharField, models.TextField)):
        return ERASED if not model_field.blank else ""
    raise ValueError(f"{model_field} has no erased value: keep it or give it a default")


def _erase_rows(queryset: models.QuerySet) -> int:
    """Empty every field of these rows that `KEPT` does not name, in one UPDATE."""
    model = queryset.model
    kept = ALWAYS_KEPT | KEPT[model]
    erased = {
        f.name: _erased_value(f)
        for f in model._meta.concrete_fields
        if f.name not in kept and not f.primary_key and not f.generated
    }
    return queryset.update(**erased)


def _first_of_month(day: dt.date) -> dt.date:
    """A date of birth kept to the month: ages on the last day of a month (the evaluation's
    periods end on one) come out the same."""
    return day.replace(day=1)


@transaction.atomic
def child_erase(*, child: Child, actor=None, reason: str) -> None:
    """Anonymise the child's record for good. `reason` says why (a request's reference, or the
    retention policy) and goes in the audit trail. When the family's last child is erased, the
    family's own records (parent, carers, referrals) are anonymised too."""
    child = Child.objects.select_for_update().get(pk=child.pk)
    if child.erased_at:
        return
    now = timezone.now()
    for drawing in Drawing.objects.filter(assessment__child=child):
        drawing.image.delete(save=False)
        drawing.delete()
    notifications_forget_child(child_id=child.pk)
    JoinRequest.objects.filter(models.Q(child=child) | models.Q(their_child=child)).delete()
    CaseNote.objects.filter(child=child).delete()  # with every earlier version of each
    YouSaidWeDid.objects.filter(assessment__child=child).delete()  # who to ask: free text
    ParentContact.objects.filter(link__child=child).delete()
    ReleasePlan.objects.filter(link__child=child).delete()
    HandOn.objects.filter(child=child).delete()  # handover notes and reasons are free text
    OnwardSession.objects.filter(onward_referral__action__child=child).delete()
    child.practitioners.clear()
    Consent.objects.filter(child=child, withdrawn_at__isnull=True).update(withdrawn_at=now)
    SafeguardingOverride.objects.filter(child=child, ended_at__isnull=True).update(ended_at=now)
    for rows in [
        Assessment.objects.filter(child=child),
        Offer.objects.filter(child=child),
        AgreedAction.objects.filter(child=child),
        OnwardReferral.objects.filter(action__child=child),
        OnwardReferralEvent.objects.filter(onward_referral__action__child=child),
        Consent.objects.filter(child=child),
        SafeguardingOverride.objects.filter(child=child),
        ParentChildLink.objects.filter(child=child),
        Child.objects.filter(pk=child.pk),
    ]:
        _erase_rows(rows)
    Child.objects.filter(pk=child.pk).update(
        date_of_birth=_first_of_month(child.date_of_birth), erased_at=now
    )
    child.erased_at = now
    child_sync_grants(child=child)  # an erased record has no grants
    family = child.family
    if not family.children.filter(erased_at__isnull=True).exists():
        _family_erase(family)
    audit_record(
        actor=actor, action=AuditEvent.Action.DELETE, obj=child, child_id=child.pk, detail=reason
    )


def _family_erase(family: Family) -> None:
    Carer.objects.filter(family=family).delete()
    _erase_rows(Family.objects.filter(pk=family.pk))
    _erase_rows(ParentInJustice.objects.filter(family=family))
    _erase_rows(JusticeEvent.objects.filter(parent__family=family))
    _referrals_erase(Referral.objects.filter(family=family))


def _referrals_erase(referrals: models.QuerySet) -> None:
    FamilyRequest.objects.filter(referral__in=referrals).delete()  # all of it is the family's
    _erase_rows(ReferralEvent.objects.filter(referral__in=referrals))
    _erase_rows(referrals)


@transaction.atomic
def retention_apply(due: RetentionDue) -> dict[str, int]:
    """Do what `retention_due` listed: anonymise the closed cases and ended referrals, delete
    the old audit rows. Each step is audited."""
    counts = {"children": 0, "referrals": 0, "audit_rows": 0}
    for child in due.children:
        child_erase(child=child, reason=f"Retention: case closed on {child.closed_on:%Y-%m-%d}")
        counts["children"] += 1
    for referral in due.referrals:
        _referrals_erase(Referral.objects.filter(pk=referral.pk))
        audit_record(
            actor=None,
            action=AuditEvent.Action.DELETE,
            obj=referral,
            detail="Retention: anonymised a referral that ended before "
            f"{due.referrals_ended_before:%Y-%m-%d}",
        )
        counts["referrals"] += 1
    counts["audit_rows"], _ = due.audit_rows.delete()
    if counts["audit_rows"]:
        audit_record(
            actor=None,
            action=AuditEvent.Action.DELETE,
            obj=AuditEvent(pk=0),
            detail=f"Retention: deleted {counts['audit_rows']} audit rows from before "
            f"{due.audit_before:%Y-%m-%d}",
        )
    return counts
