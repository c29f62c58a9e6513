"""Reads for the child's journey, each within the scope the privacy kernel gives the reader."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Q, QuerySet, TextChoices, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat, TruncDate
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    AgreedAction,
    Assessment,
    Child,
    Consent,
    JusticeEvent,
    Offer,
    ParentChildLink,
    SafeguardingOverride,
    Stage,
)
from assessments.privacy import ChildScope, child_organisations_for_the_whole_case, child_visible_to
from assessments.services import ALLOCATED_TO, UNALLOCATED_FROM
from cia_portal.accounts.models import Organisation, Role
from cia_portal.audit.models import AuditEvent
from referrals.models import OnwardReferralEvent, ReferralEvent

from .models import CaseNote, HandOn, ParentContact, ReleasePlan


def notes_for(*, child: Child, scope: ChildScope) -> QuerySet[CaseNote]:
    """The notes and contacts this person may read, latest first: every one (drafts too) for
    a case holder; the saved ones for someone the child agreed to share the practitioner's
    notes with; none for anyone else."""
    notes = CaseNote.objects.filter(child=child).select_related("written_by")
    if scope.holds_case:
        return notes
    if scope.practitioner_notes:
        return notes.final()
    return notes.none()


def note_get(*, child: Child, scope: ChildScope, note_id) -> CaseNote:
    """One note of `child`, or 404 for a note this person may not read."""
    try:
        return notes_for(child=child, scope=scope).get(pk=note_id)
    except (CaseNote.DoesNotExist, ValueError) as exc:
        raise Http404("No such note") from exc


@dataclass(frozen=True)
class NoteVersion:
    """One save of a note: when, by whom, and what it changed (field, before, after)."""

    at: datetime
    by: str
    created: bool
    changes: list[tuple[str, str, str]]


def note_history(note: CaseNote) -> list[NoteVersion]:
    """Every version of the note, newest first, each with what it changed from the one
    before, in the words the form uses."""
    records = list(note.history.select_related("history_user").order_by("history_date"))
    versions = []
    for before, after in zip([None, *records], records, strict=False):
        changes = []
        if before is not None:
            for change in after.diff_against(before).changes:
                field = CaseNote._meta.get_field(change.field)
                changes.append(
                    (
                        str(field.verbose_name),
                        _shown(after, field, change.old),
                        _shown(after, field, change.new),
                    )
                )
        versions.append(
            NoteVersion(
                at=after.history_date,
                # Saved outside a request with no one named (a data load): its writer.
                by=str(after.history_user or (note.written_by if before is None else "")),
                created=before is None,
                changes=changes,
            )
        )
    return versions[::-1]


def _shown(record, field, value) -> str:
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if hasattr(value, "strftime"):
        return f"{value:%-d %B %Y}"
    return str(value)


# The chronology -------------------------------------------------------------------------------


class Strand(TextChoices):
    """What an entry is about: the chronology's filter."""

    PARENT = "parent", _("The parent's journey")
    CIA = "cia", _("Offers and conversations")
    ACTIONS = "actions", _("Actions")
    REFERRALS = "referrals", _("Referrals")
    SHARING = "sharing", _("Sharing")
    HOLDING = "holding", _("Who holds the case")
    NOTES = "notes", _("Notes and contacts")


@dataclass(frozen=True)
class Entry:
    """One dated thing about the child, as the chronology lists it."""

    on: date
    at: datetime
    kind: str  # what happened: "justice_event", "offer", "consent_given"...
    ref: str  # the key of the record it comes from
    code: str  # its status, outcome or kind
    extra: str  # a second code (a stage, a note's draft status)
    text: str  # its own words (a description, a purpose, a summary)

    @property
    def strand(self) -> str:
        return STRAND_OF[self.kind]

    @property
    def strand_label(self) -> str:
        return str(Strand(self.strand).label)


STRAND_OF = {
    "justice_event": Strand.PARENT,
    "offer": Strand.CIA,
    "conversation": Strand.CIA,
    "action": Strand.ACTIONS,
    "action_due": Strand.ACTIONS,
    "referral": Strand.REFERRALS,
    "onward": Strand.REFERRALS,
    "consent_given": Strand.SHARING,
    "consent_withdrawn": Strand.SHARING,
    "override": Strand.SHARING,
    "override_ended": Strand.SHARING,
    "hand_on": Strand.HOLDING,
    "allocation": Strand.HOLDING,
    "opened": Strand.HOLDING,
    "hand_on_decided": Strand.HOLDING,
    "note": Strand.NOTES,
}
COLUMNS = ("e_on", "e_at", "e_kind", "e_ref", "e_code", "e_extra", "e_text")


def _rows(rows: QuerySet, kind: str, *, on, at="created_at", code="", extra="", text=""):
    """`rows` as chronology entries: the same seven columns for every kind, so that one UNION
    ALL reads them all, ordered and cut to a page in the database."""

    def column(value):
        if isinstance(value, str):
            return Cast(F(value), TextField()) if value else Value("", output_field=TextField())
        return Cast(value, TextField())

    return (
        rows.order_by()
        .annotate(
            e_on=on if not isinstance(on, str) else F(on),
            e_at=F(at),
            e_kind=Value(kind, output_field=TextField()),
            e_ref=Cast("pk", TextField()),
            e_code=column(code),
            e_extra=column(extra),
            e_text=column(text),
        )
        .values_list(*COLUMNS)
    )


def _held_sources(child: Child) -> dict[str, list[QuerySet]]:
    actions = AgreedAction.objects.filter(child=child)
    consents = Consent.objects.filter(child=child)
    overrides = SafeguardingOverride.objects.filter(child=child)
    return {
        Strand.PARENT: [
            _rows(
                JusticeEvent.objects.filter(parent__links__child=child),
                "justice_event",
                on="on",
                code="kind",
                extra="outcome",
                text=Concat("court", "prison", output_field=TextField()),
            )
        ],
        Strand.CIA: [
            _rows(
                Offer.objects.filter(child=child),
                "offer",
                on="offered_on",
                code="outcome",
                extra="stage",
                text="reason",
            ),
            _rows(
                Assessment.objects.filter(child=child),
                "conversation",
                on="conversation_date",
                code="status",
                extra="stage",
            ),
        ],
        Strand.ACTIONS: [
            _rows(
                actions,
                "action",  # agreed in a conversation, or added on its own
                on=Coalesce("assessment__conversation_date", TruncDate("created_at")),
                code="status",
                text="description",
            ),
            _rows(
                actions.filter(status__in=AgreedAction.OPEN_STATUSES),
                "action_due",
                on="due_date",
                code="status",
                text="description",
            ),
        ],
        Strand.REFERRALS: [
            _rows(
                ReferralEvent.objects.filter(referral__family=child.family_id),
                "referral",
                on=TruncDate("at"),
                at="at",
                code="status",
                text="referral__route__name",
            ),
            _rows(
                OnwardReferralEvent.objects.filter(onward_referral__action__child=child),
                "onward",
                on=TruncDate("at"),
                at="at",
                code="status",
                text="onward_referral__service__name",
            ),
        ],
        Strand.SHARING: [
            _rows(consents, "consent_given", on="given_on", text="purpose"),
            _rows(
                consents.filter(withdrawn_at__isnull=False),
                "consent_withdrawn",
                on=TruncDate("withdrawn_at"),
                at="withdrawn_at",
                text="purpose",
            ),
            _rows(overrides, "override", on=TruncDate("created_at"), text="reason"),
            _rows(
                overrides.filter(ended_at__isnull=False),
                "override_ended",
                on=TruncDate("ended_at"),
                at="ended_at",
                text="reason",
            ),
        ],
        Strand.HOLDING: [
            _rows(
                HandOn.objects.filter(child=child),
                "hand_on",
                on=TruncDate("created_at"),
                extra="to_organisation__name",
                text="note",
            ),
            _rows(
                Child.objects.filter(pk=child.pk),
                "opened",
                on=TruncDate("created_at"),
                text="created_by__username",
            ),
            _rows(
                AuditEvent.objects.filter(
                    Q(detail__startswith=ALLOCATED_TO) | Q(detail__startswith=UNALLOCATED_FROM),
                    child_id=child.pk,
                    object_type=Child._meta.label_lower,
                    action=AuditEvent.Action.UPDATE,
                ),
                "allocation",
                on=TruncDate("at"),
                at="at",
                text="detail",
            ),
            _rows(
                HandOn.objects.filter(child=child, decided_at__isnull=False),
                "hand_on_decided",
                on=TruncDate("decided_at"),
                at="decided_at",
                code="status",
                extra="to_organisation__name",
                text="reason",
            ),
        ],
        Strand.NOTES: [
            _rows(
                CaseNote.objects.filter(child=child),
                "note",
                on="happened_on",
                code="kind",
                extra="status",
                text="summary",
            )
        ],
    }


def _shared_sources(child: Child, scope: ChildScope) -> dict[str, list[QuerySet]]:
    """What a recipient's consent covers: the completed conversations at its stages, and the
    saved notes if it includes the practitioner's notes. Nothing of the case besides."""
    conversations = Assessment.objects.filter(
        child=child, status=Assessment.Status.COMPLETED, stage__in=scope.stages
    )
    sources = {
        Strand.CIA: [
            _rows(
                conversations, "conversation", on="conversation_date", code="status", extra="stage"
            )
        ]
    }
    if scope.practitioner_notes:
        notes = notes_for(child=child, scope=scope)
        sources[Strand.NOTES] = [
            _rows(notes, "note", on="happened_on", code="kind", extra="status", text="summary")
        ]
    return sources


def chronology_strands(scope: ChildScope) -> list[Strand]:
    """The strands this person may see: every one for a case holder; for someone the child
    shared with, the conversations, and the notes if the consent includes them."""
    if scope.holds_case:
        return list(Strand)
    return [Strand.CIA] + ([Strand.NOTES] if scope.practitioner_notes else [])


@dataclass(frozen=True)
class ChronologyFilter:
    strands: tuple[str, ...] = ()  # none: every strand
    since: date | None = None
    until: date | None = None


def chronology_for(
    *, child: Child, scope: ChildScope, filters: ChronologyFilter = ChronologyFilter()
) -> QuerySet:
    """Every dated thing about the child this person may see, latest first, as one query
    (a UNION ALL of each kind's rows; slice it for a page). A case holder sees the whole
    journey; someone the child shared with sees only what their consent covers, through the
    same scope the pages use."""
    sources = _held_sources(child) if scope.holds_case else _shared_sources(child, scope)
    chosen = [
        rows
        for strand, queries in sources.items()
        if not filters.strands or strand in filters.strands
        for rows in queries
    ]
    if filters.since:
        chosen = [rows.filter(e_on__gte=filters.since) for rows in chosen]
    if filters.until:
        chosen = [rows.filter(e_on__lte=filters.until) for rows in chosen]
    if not chosen:
        return CaseNote.objects.none().values_list("pk")
    first, *rest = chosen
    return first.union(*rest, all=True).order_by("-e_on", "-e_at", "e_kind", "e_ref")


def chronology_page(entries: QuerySet, *, number: int, size: int) -> tuple[list[Entry], bool]:
    """Page `number` (from 1) of `entries`, and whether there is a later page: one query,
    with no count (one row more than the page says whether there are more)."""
    start = (max(number, 1) - 1) * size
    rows = [Entry(*row) for row in entries[start : start + size + 1]]
    return rows[:size], len(rows) > size


# Keeping in touch -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParentSide:
    """One parent in the justice system, as the child's keeping-in-touch page shows them."""

    link: ParentChildLink
    contact: ParentContact | None
    release_plan: ReleasePlan | None
    release_actions: list  # the actions of the release conversation the plan comes from


def parent_sides_for(child: Child) -> list[ParentSide]:
    """Each parent in the justice system of the child, with how the child keeps in touch with
    them and the plan for their release (None until recorded). For the case holders: the
    caller's page is HELD."""
    links = (
        child.parent_links.select_related("parent", "contact", "release_plan__conversation")
        .prefetch_related("release_plan__conversation__actions")
        .order_by("parent__created_at")
    )
    sides = []
    for link in links:
        plan = getattr(link, "release_plan", None)
        conversation = plan.conversation if plan else None
        sides.append(
            ParentSide(
                link=link,
                contact=getattr(link, "contact", None),
                release_plan=plan,
                release_actions=list(conversation.actions.all()) if conversation else [],
            )
        )
    return sides


def release_conversations(child: Child) -> QuerySet[Assessment]:
    """The child's conversations at the release stage: a release plan may come from one."""
    return child.assessments.filter(stage=Stage.RELEASE).order_by("-conversation_date")


def parent_link_get(child: Child, link_id) -> ParentChildLink:
    """One of the child's links to a parent, or 404."""
    try:
        return child.parent_links.select_related("parent").get(pk=link_id)
    except (ParentChildLink.DoesNotExist, ValueError) as exc:
        raise Http404("No such parent for this child") from exc


# Handing a case on ------------------------------------------------------------------------------


def hand_on_organisations(child: Child, *, user) -> QuerySet[Organisation]:
    """Where the case may be handed on: the organisations the record may go to (the kernel's
    answer), other than the person's own."""
    shared = child_organisations_for_the_whole_case(child)
    return (
        Organisation.objects.filter(pk__in=shared).exclude(pk=user.organisation_id).order_by("name")
    )


def hand_ons_waiting_for(user) -> QuerySet[HandOn]:
    """The cases handed on to the person's organisation, waiting for an answer: their team's
    inbox. Only children the person may see (the organisation is named in their consent)."""
    if not (user.organisation_id and user.has_role(Role.PRACTITIONER)):
        return HandOn.objects.none()
    return (
        HandOn.objects.waiting()
        .filter(to_organisation=user.organisation_id, child__in=child_visible_to(user))
        .select_related("child", "handed_on_by__organisation")
        .order_by("created_at")
    )


def hand_on_get_for_receiver(user, hand_on_id) -> HandOn:
    """One case waiting in the person's team inbox whose consent (or override) still lets the
    whole case go to their organisation, or 404: the handover note is read only then."""
    try:
        hand_on = hand_ons_waiting_for(user).get(pk=hand_on_id)
    except (HandOn.DoesNotExist, ValueError) as exc:
        raise Http404("Not in your team's inbox") from exc
    if hand_on.to_organisation_id not in child_organisations_for_the_whole_case(hand_on.child):
        raise Http404("No longer covered by the child's consent")
    return hand_on
