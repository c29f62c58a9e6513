"""Reads about children. Who may see which child, and what of it, is the privacy kernel's
(`assessments.privacy`): every read here starts from its `child_visible_to` or a scope."""

import base64
import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    TextChoices,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cia_portal.accounts.models import Organisation, User
from cia_portal.audit.models import AuditEvent

from . import wording
from .child_mode import wording_for
from .models import (
    AgreedAction,
    Assessment,
    Child,
    Consent,
    Drawing,
    JusticeEvent,
    Offer,
    ParentChildLink,
    Stage,
    YouSaidWeDid,
)
from .privacy import ChildScope, child_held_by, child_scope_with_consent, child_visible_to
from .progress import CiaProgress
from .search import ChildSearch, child_search
from .sections import SECTIONS, section_is_answered


class CiaStatus(TextChoices):
    """Where a child's CIA has got to, for lists of hearings and referrals."""

    NOT_OFFERED = "not_offered", _("Not offered")
    OFFERED = "offered", _("Offered")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")


CIA_SETTLED = {CiaStatus.COMPLETED, CiaStatus.DECLINED}


def child_annotate_cia_status(children: QuerySet[Child]) -> QuerySet[Child]:
    """Adds `cia_status`, worked out in the database: a completed conversation counts first,
    then one under way; otherwise the latest offer says declined or offered."""

    def conversation(status):
        return Exists(Assessment.objects.filter(child=OuterRef("pk"), status=status))

    latest_offer = Offer.objects.filter(child=OuterRef("pk")).order_by("-offered_on", "-created_at")
    return children.annotate(
        latest_offer=Subquery(latest_offer.values("outcome")[:1]),
        cia_status=Case(
            When(conversation(Assessment.Status.COMPLETED), then=Value(CiaStatus.COMPLETED)),
            When(conversation(Assessment.Status.DRAFT), then=Value(CiaStatus.IN_PROGRESS)),
            When(latest_offer=Offer.Outcome.DECLINED, then=Value(CiaStatus.DECLINED)),
            When(latest_offer__isnull=False, then=Value(CiaStatus.OFFERED)),
            default=Value(CiaStatus.NOT_OFFERED),
        ),
    )


def child_ids_for_evaluation(*, court: str, start, end, families=None) -> list:
    """The ids of the children a pilot counts: those whose parent had a hearing at `court`
    between `start` and `end`, and those in `families` (a queryset of family ids, e.g. from
    referrals). For aggregates only: never for a page that shows a child. Found from the
    hearings (indexed by court and date) and the families, without reading the child table."""
    hearings = JusticeEvent.objects.hearings().filter(court__iexact=court, on__range=(start, end))
    at_court = (
        ParentChildLink.objects.filter(parent__in=hearings.values("parent_id"))
        .order_by()
        .values_list("child_id", flat=True)
        .distinct()
    )
    if families is not None:
        in_families = Child.objects.filter(family__in=families).order_by().values_list("pk")
        at_court = at_court.union(in_families)  # UNION: each child once
    return list(at_court)


def _steps_latest_first(child, *, today: date) -> QuerySet[JusticeEvent]:
    """The events that have happened to the child's parent in the justice system (the first
    recorded), latest first. `child` is a child, or a reference to one."""
    first_parent = ParentChildLink.objects.filter(child=child).order_by("parent__created_at")
    return (
        JusticeEvent.objects.filter(parent=Subquery(first_parent.values("parent_id")[:1]))
        .happened(on=today)
        .latest_first()
    )


def child_current_stage(child: Child) -> str | None:
    """Where the child's parent is now: the stage of her latest event, so it cannot disagree
    with them. None before anything is recorded."""
    steps = _steps_latest_first(child, today=timezone.localdate())
    return steps.values_list("stage", flat=True).first()


def child_cases_held(user) -> QuerySet[Child]:
    """'My cases': the cases the person holds, each with the family, the parent's stage, the
    CIA status, the next open action, the overdue count and whether a conversation is in
    progress, worked out in the database. Children shared with the person are a list of their
    own (`caseload_for_user`), with nothing but their names."""
    today = timezone.localdate()
    open_actions = AgreedAction.objects.filter(
        child=OuterRef("pk"), status__in=AgreedAction.OPEN_STATUSES
    ).order_by("due_date")
    overdue = (
        open_actions.filter(due_date__lt=today)
        .order_by()
        .values("child")
        .annotate(n=Count("pk"))
        .values("n")
    )
    draft = Assessment.objects.filter(child=OuterRef("pk"), status=Assessment.Status.DRAFT)
    return (
        child_annotate_cia_status(child_held_by(user))
        .annotate(
            family_name=F("family__name"),
            parent_stage=Subquery(
                _steps_latest_first(OuterRef(OuterRef("pk")), today=today).values("stage")[:1]
            ),
            next_action=Subquery(open_actions.values("description")[:1]),
            next_action_due=Subquery(open_actions.values("due_date")[:1]),
            overdue_actions=Coalesce(Subquery(overdue), 0),
            has_draft=Exists(draft),
        )
        .order_by("preferred_name", "pk")
    )


class CaseSort(TextChoices):
    NAME = "name", _("Name, A to Z")
    NEXT_ACTION = "due", _("Next action due first")
    OVERDUE = "overdue", _("Most overdue actions first")
    NEWEST = "newest", _("Newest cases first")


SORT_ORDER = {
    CaseSort.NAME: ("preferred_name", "pk"),
    CaseSort.NEXT_ACTION: (F("next_action_due").asc(nulls_last=True), "preferred_name", "pk"),
    CaseSort.OVERDUE: ("-overdue_actions", F("next_action_due").asc(nulls_last=True), "pk"),
    CaseSort.NEWEST: ("-created_at", "pk"),
}


class CaseState(TextChoices):
    OPEN = "open", _("Open cases")
    CLOSED = "closed", _("Closed cases")
    ALL = "all", _("Open and closed")


@dataclass(frozen=True)
class CaseFilters:
    """My cases' search, filters and order. Empty values filter nothing."""

    search: ChildSearch = ChildSearch()
    stage: str = ""
    cia_status: str = ""
    overdue_only: bool = False
    state: str = CaseState.OPEN
    sort: str = CaseSort.NAME


def caseload_for_user(user, filters: CaseFilters) -> tuple[QuerySet[Child], QuerySet[Child]]:
    """'My cases', split: the cases the person holds (searched, filtered and sorted) and the
    children shared with them (searched by preferred name only: a recipient must not find a
    child by a family name, date of birth or reference they cannot see)."""
    held = child_search(child_cases_held(user), filters.search)
    if filters.state == CaseState.OPEN:
        held = held.filter(closed_on__isnull=True)
    elif filters.state == CaseState.CLOSED:
        held = held.filter(closed_on__isnull=False)
    if filters.stage:
        held = held.filter(parent_stage=filters.stage)
    if filters.cia_status:
        held = held.filter(cia_status=filters.cia_status)
    if filters.overdue_only:
        held = held.filter(overdue_actions__gt=0)
    held = held.order_by(*SORT_ORDER.get(filters.sort, SORT_ORDER[CaseSort.NAME]))
    shared = child_visible_to(user).exclude(practitioners=user).only("id", "preferred_name")
    if filters.search.born_on or filters.search.reference:
        shared = shared.none()  # what a recipient cannot see cannot find a child for them
    shared = child_search(shared, filters.search, names_only=True)
    return held, shared.order_by("preferred_name", "pk")


def child_shared_conversations(child: Child, scope: ChildScope) -> list[Assessment]:
    """The conversations a recipient may read (`scope.may_read`)."""
    return [a for a in child.assessments.filter(stage__in=scope.stages) if scope.may_read(a)]


def this_is_me(assessment: Assessment, scope: ChildScope, *, embed_images: bool = False) -> dict:
    """The "This is me" summary of one conversation: only what `scope` lets the viewer see.
    Sections out of scope are left out here, so no page, PDF or export can show them. Every
    heading is in the child's language; `embed_images` puts the drawings and the feelings'
    faces in the page as data URLs, for a PDF."""
    words = wording_for(assessment)
    titles = wording.this_is_me_titles(language=words.language, member=words.member)
    feeling_names = dict(wording.feelings(words.language))
    feelings = [
        {
            "label": feeling_names.get(value, value),
            "face": feeling_face_src(value, embed=embed_images),
        }
        for value in assessment.feelings
        if value in feeling_names
    ]
    answers = [
        {
            "title": titles[section.slug],
            "feelings": feelings if "feelings" in section.fields else [],
            # A section asking two things keeps each answer under its own label.
            "words": [
                (titles[name] if len(section.fields) > 1 else "", getattr(assessment, name))
                for name in section.fields
                if name != "feelings" and getattr(assessment, name)
            ],
        }
        for section in SECTIONS
        if section.slug in scope.sections and section_is_answered(assessment, section)
    ]
    drawings = list(assessment.drawings.all()) if scope.drawings else []
    for drawing in drawings:
        drawing.src = (
            drawing_data_url(drawing)
            if embed_images
            else reverse("assessments:drawing_file", args=[drawing.id])
        )
    return {
        "assessment": assessment,
        "child": assessment.child,
        "answers": answers,
        "feelings": feelings if "how-i-feel" in scope.sections else [],
        "drawings": drawings,
        # Notes are not the child's words: only a recipient the child chose them for sees them
        # here. The case holder reads them on the conversation's own pages.
        "titles": titles,
        "language": words.language,
        "notes": assessment.practitioner_notes
        if scope.practitioner_notes and not scope.holds_case
        else "",
        "scope": scope,
    }


def paper_pack(*, band: str, member: str, language: str) -> dict:
    """A blank "This is me" to print: every question of the child's screens in their words,
    with room to write or draw, and the feelings' faces to circle."""
    questions = [
        wording.question(step, language=language, band=band, member=member)
        for step in wording.STEPS
    ]
    titles = wording.this_is_me_titles(language=language, member=member)
    feelings = [
        {"label": label, "face": feeling_face_src(value, embed=True)}
        for value, label in wording.feelings(language)
    ]
    steps = [
        {"step": step, "question": question, "hint": hint}
        for step, (question, hint) in zip(wording.STEPS, questions, strict=True)
    ]
    return {"language": language, "titles": titles, "steps": steps, "feelings": feelings}


def you_said_we_did_record(assessment: Assessment) -> YouSaidWeDid | None:
    return YouSaidWeDid.objects.filter(assessment=assessment).first()


def you_said_we_did(assessment: Assessment, scope: ChildScope, *, embed_images: bool = False):
    """What the child is given back after a conversation, in their words and language: "This
    is me" narrowed to the parts they chose (never wider than `scope`, never the notes), the
    actions agreed in the conversation with where each has got to, and who to ask."""
    record = you_said_we_did_record(assessment)
    chosen = frozenset(record.sections) if record else frozenset()
    narrowed = replace(scope, sections=scope.sections & chosen, practitioner_notes=False)
    context = this_is_me(assessment, narrowed, embed_images=embed_images)
    words = wording_for(assessment)
    said = wording.you_said_we_did(
        language=words.language,
        band=words.band,
        member=words.member,
        who=record.who_to_ask if record else "",
    )
    actions = list(assessment.actions.order_by("due_date", "created_at"))
    for action in actions:
        action.for_child = said["status"][action.status]
    copy = _fingerprint(
        [
            context["answers"],
            said,
            [(a.description, a.owner, a.due_date, a.status) for a in actions],
        ]
    )
    return context | {
        "record": record,
        "said": said,
        "actions": actions,
        "copy": copy,  # what the child's copy says now, as a fingerprint
        "changed_since_given": bool(record and record.given_copy and record.given_copy != copy),
    }


def _fingerprint(value) -> str:
    return hashlib.sha256(json.dumps(value, default=str, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class ConsentPreview:
    """What one recipient will see once a consent is given: their scope, and "This is me" of
    each conversation they may then read, drawn as their own pages draw it."""

    recipient: User | Organisation  # an organisation: anyone who works there
    scope: ChildScope
    conversations: list[dict]

    @property
    def to_organisation(self) -> bool:
        return isinstance(self.recipient, Organisation)


def consent_previews(*, child: Child, consent: Consent, recipients: list) -> list[ConsentPreview]:
    """For check your answers: exactly what each recipient will see, by the recipient's rule
    (`child_scope_with_consent`, `child_shared_conversations`, `this_is_me`)."""
    previews = []
    for recipient in recipients:
        scope = child_scope_with_consent(recipient=recipient, child=child, consent=consent)
        conversations = child_shared_conversations(child, scope)
        previews.append(
            ConsentPreview(
                recipient=recipient,
                scope=scope,
                conversations=[this_is_me(a, scope) for a in conversations],
            )
        )
    return previews


def this_is_me_agreements(assessment: Assessment, scope: ChildScope) -> list[Consent]:
    """What the child agreed to that covers this conversation, for the professional copy's
    header: for a recipient, the consents their scope is made of; for a case holder, every
    active consent (the copy says who else may read it)."""
    consents = (
        Consent.objects.active(on=timezone.localdate()).filter(child=assessment.child_id)
        if scope.holds_case
        else scope.consents
    )
    covering = [c for c in consents if assessment.stage in c.stages]
    prefetch_related_objects(
        covering, Prefetch("recipient_users", User.objects.select_related("organisation"))
    )
    prefetch_related_objects(covering, "recipient_organisations")
    return covering


def feeling_face_src(feeling: str, *, embed: bool) -> str:
    """The face the child chose on their own screen: its static URL, or (for a PDF) the
    picture itself as a data URL, so that nothing is fetched while the PDF is drawn."""
    path = f"images/feelings/{feeling}.svg"
    return _static_data_url(path) if embed else static(path)


@cache
def _static_data_url(path: str) -> str:
    svg = Path(finders.find(path)).read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def drawing_data_url(drawing: Drawing) -> str:
    with drawing.image.open("rb") as image:
        return "data:image/png;base64," + base64.b64encode(image.read()).decode()


# The child's words and the practitioner's notes: read on the conversation's own pages, never
# for the child's page, which shows when each conversation was and how far it got.
WORDS_AND_NOTES = [field for section in SECTIONS for field in section.fields] + [
    "practitioner_notes"
]


def _parents_with_stage(child: Child, *, today: date) -> list[ParentChildLink]:
    """The child's parents, each with where they are now (`stage`, as `Journey` works it out
    in Python) and the next hearing to come (`next_hearing_on`, `next_hearing_court`): the
    whole journey is one link away."""
    events = JusticeEvent.objects.filter(parent=OuterRef("parent"))
    next_hearing = events.hearings().filter(on__gte=today, outcome="").order_by("on", "created_at")
    links = list(
        ParentChildLink.objects.filter(child=child)
        .select_related("parent")
        .annotate(
            stage=Subquery(events.happened(on=today).latest_first().values("stage")[:1]),
            next_hearing_on=Subquery(next_hearing.values("on")[:1]),
            next_hearing_court=Subquery(next_hearing.values("court")[:1]),
        )
        .order_by("parent__created_at", "pk")
    )
    for link in links:
        link.stage_label = Stage(link.stage).label if link.stage else ""
    return links


def child_page_data(child: Child) -> dict:
    """What the child's page shows: where the CIA is at the parent's stage (`progress`), the
    offers and conversations, the actions still to do, what the child agreed to share and the
    parents where they are now, one query each. Every action and what came of it
    (`child_actions_data`), the family (`child_family_data`), who sees the child's words and
    why (`child_sharing_data`) and the parent's whole journey are pages of their own, so
    the page stays the same size however long the child's history."""
    today = timezone.localdate()
    parents = _parents_with_stage(child, today=today)
    conversations = list(child.assessments.select_related("completed_with").defer(*WORDS_AND_NOTES))
    offers = list(child.offers.select_related("offered_by"))
    actions = list(child.actions.all())
    consents = list(child.consents.all())
    timeline = sorted(
        [("offer", o.offered_on, o) for o in offers]
        + [("assessment", a.conversation_date, a) for a in conversations],
        key=lambda item: item[1],
        reverse=True,
    )
    progress = CiaProgress.at(
        parents[0].stage if parents else None,
        offers=offers,
        conversations=conversations,
        actions=actions,
        consents=consents,
        today=today,
    )
    return {
        "parents": parents,
        "progress": progress,
        "timeline": timeline,
        "actions": actions,
        "open_actions": [a for a in actions if a.status in AgreedAction.OPEN_STATUSES],
        "consents": consents,
        "practitioners": list(child.practitioners.all()),
    }


def child_actions_data(child: Child) -> dict:
    """Every action agreed with the child, with the conversation it was agreed in."""
    words = (f"assessment__{field}" for field in WORDS_AND_NOTES)
    return {"actions": list(child.actions.select_related("assessment").defer(*words))}


def child_family_data(child: Child, user) -> dict:
    """The child's family page: carers, and the brothers and sisters this person may see."""
    return {
        "carers": list(child.family.carers.all()),
        "siblings": list(child_visible_to(user).filter(family=child.family).exclude(pk=child.pk)),
    }


def child_sharing_data(child: Child) -> dict:
    """Who may see the child's words and why: each consent with the people and organisations
    it names, and each time a safeguarding lead shared without consent."""
    return {
        "consents": list(
            child.consents.select_related("recorded_by").prefetch_related(
                Prefetch("recipient_users", User.objects.select_related("organisation")),
                "recipient_organisations",
            )
        ),
        "overrides": list(
            child.overrides.select_related("recipient_user", "recipient_organisation", "created_by")
        ),
    }


def child_conversation_at(child: Child, *, stage: str) -> Assessment | None:
    """The latest conversation with the child at `stage`, if there is one (before another)."""
    return child.assessments.filter(stage=stage).first()


def child_seen_by(child: Child, *, exclude, limit: int = 20) -> list[dict]:
    """Who else has opened this child's record, most recent first ("who has seen this")."""
    return list(
        AuditEvent.objects.filter(child_id=child.id, action=AuditEvent.Action.VIEW)
        .exclude(actor=exclude)
        .values(
            "actor__first_name", "actor__last_name", "actor__job_title", "actor__organisation__name"
        )
        .annotate(last_seen=Max("at"), times=Count("id"))
        .order_by("-last_seen")[:limit]
    )


def child_only_held_by(user) -> QuerySet[Child]:
    """The records (open or closed, not erased) that `user` holds and no other active
    practitioner does: they would be left with nobody if the account closed."""
    others = Child.practitioners.through.objects.filter(
        child_id=OuterRef("pk"), user__is_active=True
    ).exclude(user_id=user.pk)
    return Child.objects.filter(practitioners=user, erased_at__isnull=True).exclude(Exists(others))


def cases_only_they_hold(user) -> str:
    count = child_only_held_by(user).count()
    return (
        ngettext("%(count)d case nobody else holds", "%(count)d cases nobody else holds", count)
        % {"count": count}
        if count
        else ""
    )
