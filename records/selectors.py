"""Reads: a child's whole record for a subject access request, and what retention has made due.

The export walks every model field rather than a hand-kept list, so a field added later is in
the next export without anyone remembering to add it.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import (
    Assessment,
    Carer,
    Child,
    ParentChildLink,
    SafeguardingOverride,
    YouSaidWeDid,
)
from assessments.sections import FEELING_LABELS, SECTIONS
from assessments.selectors import drawing_data_url
from chronology.models import CaseNote, HandOn, ParentContact, ReleasePlan
from cia_portal.audit.models import AuditEvent
from cia_portal.dates import add_years
from referrals.models import FamilyRequest, OnwardReferral, Referral, ReferralEvent

# What erased names and free text read afterwards.
ERASED = "(erased)"

# Labels for the conversation's answers: the section's title, as the child saw it.
ANSWER_LABELS = {name: section.title for section in SECTIONS for name in section.fields[:1]} | {
    "feelings_words": gettext_lazy("How I feel, in my own words")
}


# Information about someone other than the child, marked for the data protection officer, who
# decides what to redact before the record is given to anyone. Whole parts are about others:
THIRD_PARTY_PARTS = {
    "family": gettext_lazy("About the family, not only the child"),
    "parents": gettext_lazy("About the parent in the justice system"),
    "justice-events": gettext_lazy("About the parent in the justice system"),
    "carers": gettext_lazy("About a carer"),
    "referrals": gettext_lazy("About the family: the parent, brothers and sisters"),
}
# ...and these fields, in entries about the child, may name other people.
MAY_NAME_OTHERS = gettext_lazy("May name other people")
FIELDS_NAMING_OTHERS = {
    "lives_with",
    "trusted_adults",
    "told_what",
    "young_carer_duties",
    "practitioner_notes",
    "giver_name",
    "on_behalf_reason",
    "withdrawal_note",
    "note",
    "who_took_part",  # a note or contact
    "summary",
    "who_takes",  # keeping in touch
    "childs_words",
    "parent_will_live",  # a release plan
    "child_will_live_with",
    "childs_wishes",
    "support_agreed",
    "reason",  # a hand-on declined
    "outcome",  # what a service says changed for the child, and its note at the end
    "end_note",
}


@dataclass
class Entry:
    """One thing in the record (a conversation, a consent...) with every field it holds."""

    title: str
    fields: list[tuple[str, str, str, object]]  # name, label, as shown, as stored (JSON-ready)
    drawings: list[dict] = field(default_factory=list)
    third_party: str = ""  # why the whole entry is about someone else, if it is

    @property
    def third_party_fields(self) -> dict[str, str]:
        """Fields that may name other people (in an entry that is not wholly about others)."""
        if self.third_party:
            return {}
        return {
            name: str(MAY_NAME_OTHERS)
            for name, _label, shown, _value in self.fields
            if name in FIELDS_NAMING_OTHERS and shown
        }


@dataclass
class Part:
    slug: str
    title: str
    entries: list[Entry]

    def __post_init__(self):
        for entry in self.entries:
            entry.third_party = str(THIRD_PARTY_PARTS.get(self.slug, ""))


@dataclass
class ChildRecord:
    child: Child
    exported_at: dt.datetime
    parts: list[Part]

    def as_json(self) -> dict:
        return {
            "child_id": str(self.child.pk),
            "exported_at": self.exported_at.isoformat(),
            "parts": [
                {
                    "slug": part.slug,
                    "title": part.title,
                    "entries": [
                        {
                            "title": entry.title,
                            "third_party": entry.third_party or None,
                            "third_party_fields": entry.third_party_fields,
                            "fields": {name: value for name, _l, _s, value in entry.fields},
                            **({"drawings": entry.drawings} if entry.drawings else {}),
                        }
                        for entry in part.entries
                    ],
                }
                for part in self.parts
            ],
        }


def _stored(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal, Model)):
        return str(value)
    return value


def _shown(obj: Model, model_field, value) -> str:
    if value in (None, "", []):
        return ""
    if model_field.choices:
        return str(getattr(obj, f"get_{model_field.name}_display")())
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%-d %B %Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%-d %B %Y")
    if isinstance(value, list):  # feelings, stages, sections; or a family's children
        return ", ".join(
            " ".join(str(part) for part in v.values())
            if isinstance(v, dict)
            else str(FEELING_LABELS.get(v, v))
            for v in value
        )
    return str(value)


def _fields(obj: Model, *, leave_out=(), extra=()) -> list[tuple[str, str, str, object]]:
    """Every stored field of `obj` but the links that the record's shape already shows."""
    rows = []
    for model_field in obj._meta.concrete_fields:
        if model_field.name in leave_out:
            continue
        value = getattr(obj, model_field.name)
        label = ANSWER_LABELS.get(model_field.name) if isinstance(obj, Assessment) else None
        label = str(label or capfirst(model_field.verbose_name))
        rows.append((model_field.name, label, _shown(obj, model_field, value), _stored(value)))
    for name, label, values in extra:
        shown = ", ".join(str(v) for v in values)
        rows.append((name, str(label), shown, [str(v) for v in values]))
    return rows


def _family_request(referral: Referral) -> list:
    """What the family wrote when they asked through the public form, if they did."""
    try:
        return [referral.family_request]
    except FamilyRequest.DoesNotExist:
        return []


def child_record(child: Child) -> ChildRecord:
    """Everything held about the child, for a subject access request: what they said, what was
    decided, who it was shared with and who opened it. Information about other people (the
    parent, brothers and sisters, carers) is in it too, marked (`Entry.third_party`,
    `Entry.third_party_fields`); the data protection officer reviews it before it goes."""
    family = child.family
    links = (
        ParentChildLink.objects.filter(child=child)
        .select_related("parent")
        .prefetch_related("parent__events")
    )
    events = [event for link in links for event in link.parent.events.all()]
    conversations = child.assessments.select_related(
        "completed_with", "created_by"
    ).prefetch_related("drawings")
    actions = child.actions.select_related("assessment")
    onward = (
        OnwardReferral.objects.filter(action__child=child)
        .select_related("service", "sent_by")
        .prefetch_related("sessions__recorded_by")
    )
    consents = child.consents.select_related("recorded_by", "withdrawn_by").prefetch_related(
        "recipient_users", "recipient_organisations"
    )
    overrides = SafeguardingOverride.objects.filter(child=child).select_related(
        "recipient_user", "recipient_organisation", "created_by", "ended_by"
    )
    referrals = (
        Referral.objects.filter(family=family)
        .select_related("route", "received_by", "allocated_to", "family_request")
        .prefetch_related(Prefetch("events", ReferralEvent.objects.select_related("by")))
    )
    seen = AuditEvent.objects.filter(child_id=child.pk).select_related("actor").order_by("at")
    own = ("id", "child", "family")
    parts = [
        Part(
            "child",
            _("About the child"),
            [
                Entry(
                    child.preferred_name,
                    _fields(
                        child,
                        leave_out=("family",),
                        extra=[("practitioners", _("Holding the case"), child.practitioners.all())],
                    ),
                )
            ],
        ),
        Part("family", _("Family"), [Entry(family.name, _fields(family, leave_out=("id",)))]),
        Part(
            "parents",
            _("Parent in the justice system"),
            [
                Entry(
                    link.parent.name,
                    _fields(link.parent, leave_out=own) + _fields(link, leave_out=(*own, "parent")),
                )
                for link in links
            ],
        ),
        Part(
            "justice-events",
            _("The parent's journey through the justice system"),
            [
                Entry(str(event), _fields(event, leave_out=(*own, "parent", "stage")))
                for event in events
            ],
        ),
        Part(
            "carers",
            _("Carers"),
            [Entry(c.name, _fields(c, leave_out=own)) for c in Carer.objects.filter(family=family)],
        ),
        Part(
            "referrals",
            _("Referrals"),
            [
                # (a family's request keeps the address it came from only as a keyed hash)
                Entry(str(step), _fields(step, leave_out=("id", "referral", "family", "sent_from")))
                for referral in referrals
                for step in [referral, *referral.events.all(), *_family_request(referral)]
            ],
        ),
        Part(
            "offers",
            _("Offers of a CIA"),
            [
                Entry(f"{o.offered_on:%-d %B %Y}", _fields(o, leave_out=own))
                for o in child.offers.all()
            ],
        ),
        Part(
            "conversations",
            _("Conversations"),
            [
                Entry(
                    f"{a.get_stage_display()}, {a.conversation_date:%-d %B %Y}",
                    _fields(a, leave_out=own),
                    drawings=[
                        {"caption": d.caption, "image": drawing_data_url(d)}
                        for d in a.drawings.all()
                    ],
                )
                for a in conversations
            ],
        ),
        Part(
            "actions",
            _("Agreed actions"),
            [Entry(a.description, _fields(a, leave_out=own)) for a in actions]
            + [
                Entry(str(given), _fields(given, leave_out=("id", "assessment")))
                for given in YouSaidWeDid.objects.filter(assessment__child=child).select_related(
                    "assessment", "given_by"
                )
            ]
            + [Entry(str(o), _fields(o, leave_out=("id", "action"))) for o in onward]
            + [
                Entry(f"{o.service}: {s}", _fields(s, leave_out=("id", "onward_referral")))
                for o in onward
                for s in o.sessions.all()
            ],
        ),
        Part(
            "keeping-in-touch",
            _("Keeping in touch with the parent, and release"),
            [
                Entry(str(c), _fields(c, leave_out=("id", "link")))
                for c in ParentContact.objects.filter(link__child=child).select_related(
                    "link__parent"
                )
            ]
            + [
                Entry(str(r), _fields(r, leave_out=("id", "link")))
                for r in ReleasePlan.objects.filter(link__child=child).select_related(
                    "link__parent"
                )
            ],
        ),
        Part(
            "hand-ons",
            _("Handing the case on"),
            [
                Entry(str(h), _fields(h, leave_out=own))
                for h in HandOn.objects.filter(child=child).select_related(
                    "to_organisation", "handed_on_by", "decided_by"
                )
            ],
        ),
        Part(
            "notes",
            _("Notes and contacts"),
            [
                Entry(str(n), _fields(n, leave_out=own))
                for n in CaseNote.objects.filter(child=child).select_related("written_by")
            ]
            + [  # every earlier version is held too
                Entry(
                    f"{v.get_kind_display()}, {v.happened_on:%-d %B %Y}: version of "
                    f"{v.history_date:%Y-%m-%d %H:%M}",
                    _fields(v, leave_out=(*own, "history_id", "history_change_reason")),
                )
                for v in CaseNote.history.filter(child_id=child.pk).select_related(
                    "history_user", "written_by"
                )
            ],
        ),
        Part(
            "sharing",
            _("Consents and sharing"),
            [
                Entry(
                    c.purpose,
                    _fields(
                        c,
                        leave_out=own,
                        extra=[
                            ("recipient_users", _("Shared with"), c.recipient_users.all()),
                            (
                                "recipient_organisations",
                                _("Shared with everyone at"),
                                c.recipient_organisations.all(),
                            ),
                        ],
                    ),
                )
                for c in consents
            ]
            + [Entry(str(o.recipient), _fields(o, leave_out=own)) for o in overrides],
        ),
        Part(
            "access",
            _("Who opened or changed the record"),
            [
                Entry(
                    f"{e.at:%Y-%m-%d %H:%M}",
                    _fields(e, leave_out=("id", "child_id", "object_id", "ip_address")),
                )
                for e in seen
            ],
        ),
    ]
    return ChildRecord(child=child, exported_at=timezone.now(), parts=parts)


# Retention --------------------------------------------------------------------------------


@dataclass
class RetentionDue:
    """What the retention periods make due on `today`, as querysets (nothing is changed)."""

    today: dt.date
    cases_closed_before: dt.date
    referrals_ended_before: dt.date
    audit_before: dt.date
    children: QuerySet[Child]
    referrals: QuerySet[Referral]
    audit_rows: QuerySet[AuditEvent]


def erase_due_after(child: Child) -> dt.date | None:
    """The day after which retention anonymises this child's record, if the case is closed."""
    if child.closed_on is None:
        return None
    return add_years(child.closed_on, settings.RETENTION["closed_case_years"])


def retention_due(today: dt.date | None = None) -> RetentionDue:
    today = today or timezone.localdate()
    periods = settings.RETENTION
    cases_before = add_years(today, -periods["closed_case_years"])
    referrals_before = add_years(today, -periods["referral_years"])
    audit_before = add_years(today, -periods["audit_years"])
    ended = [Referral.Status.DECLINED, Referral.Status.NOT_REACHED, Referral.Status.CLOSED]
    return RetentionDue(
        today=today,
        cases_closed_before=cases_before,
        referrals_ended_before=referrals_before,
        audit_before=audit_before,
        children=Child.objects.filter(closed_on__lt=cases_before, erased_at__isnull=True).order_by(
            "closed_on", "pk"
        ),
        # Untouched since it ended. One that became a case goes with the family's last child.
        referrals=Referral.objects.filter(
            modified_at__date__lt=referrals_before, family__isnull=True, status__in=ended
        )
        .exclude(mother_name=ERASED)
        .order_by("received_on", "pk"),
        audit_rows=AuditEvent.objects.filter(at__date__lt=audit_before),
    )
