from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from assessments import privacy
from assessments.models import (
    AgreedAction,
    Assessment,
    Child,
    Consent,
    JoinRequest,
    JusticeEvent,
)
from assessments.privacy import child_held_by
from assessments.selectors import CIA_SETTLED, child_annotate_cia_status
from cia_portal.accounts.models import Role, User
from cia_portal.notifications.models import Notification
from cia_portal.notifications.selectors import notification_list_for
from referrals.models import Referral
from referrals.selectors import WAITING_TOO_LONG, referral_visible_to

ENDING_SOON_DAYS = 7
OVERRIDES_SHOWN = 50  # of each kind; ended ones, most recent first


def overrides_by_state(user, *, today: date) -> dict:
    """The overrides a safeguarding lead looks after, as the workspace lists them: ending
    within a week, active, and ended (by date or by hand), most recent first."""
    overrides = privacy.overrides_for_safeguarding_lead(user)
    active = overrides.active(on=today)
    soon = today + timedelta(days=ENDING_SOON_DAYS)
    return {
        "ending_soon": list(active.filter(ends_on__lte=soon).order_by("ends_on")[:OVERRIDES_SHOWN]),
        "active": list(active.filter(ends_on__gt=soon).order_by("ends_on")[:OVERRIDES_SHOWN]),
        "ended": list(
            overrides.exclude(pk__in=active.values("pk")).order_by("-created_at")[:OVERRIDES_SHOWN]
        ),
    }


# Today ---------------------------------------------------------------------------------------

ACTIONS_AHEAD = timedelta(days=7)
HEARINGS_AHEAD = timedelta(days=14)
REVIEWS_AHEAD = timedelta(days=7)
ROWS_SHOWN = 25


@dataclass
class Today:
    """A practitioner's day: each list is where a piece of work waits, soonest first."""

    actions: list  # open actions due within a week, or overdue
    hearings: list  # held children whose parent is in court within 14 days
    drafts: list  # held children with a conversation left in progress
    reviews: list  # held children with a consent due for review within a week
    requests: list  # held children a colleague asks to join, until a holder decides
    waiting: list  # referrals received and not yet offered a CIA (theirs)
    family_requests: list  # families' requests to their organisation nobody has picked up
    unallocated: list  # accepted referrals of their organisation that nobody holds yet
    referral_hearings: list  # their open referrals, not yet added, in court within 14 days
    for_you: list  # unread: shared with you, an override to you, a case or referral given you

    @property
    def children_named(self) -> set:
        named = {a.child_id for a in self.actions}
        return named | {c.pk for c in self.hearings + self.drafts + self.reviews + self.requests}

    @property
    def in_court(self) -> list[tuple]:
        """(day, child, referral): the held children's hearings and their referrals' court
        dates in one table, soonest first."""
        rows = [(c.hearing_on, c, None) for c in self.hearings]
        rows += [(r.next_court_date, None, r) for r in self.referral_hearings]
        return sorted(rows, key=lambda row: row[0])

    def __bool__(self) -> bool:
        return any(vars(self).values())


def today_for(user, *, today: date) -> Today:
    """Everything on Today, in five queries whatever the caseload: the actions, the held
    children needing something (one row each, with what they need), the referrals, and the
    unread notifications that give the person something."""
    held = child_held_by(user)
    actions = list(
        AgreedAction.objects.filter(
            child__in=held,
            status__in=AgreedAction.OPEN_STATUSES,
            due_date__lte=today + ACTIONS_AHEAD,
        )
        .select_related("child")
        .only("id", "description", "due_date", "status", "child__id", "child__preferred_name")
        .order_by("due_date", "pk")[:ROWS_SHOWN]
    )
    children = list(_children_needing_something(held, today=today)[: ROWS_SHOWN * 3])
    referrals = list(_referrals_needing_something(user, today=today))
    for referral in referrals:
        referral.days_waiting = (today - referral.received_on).days
        referral.waiting_too_long = today - referral.received_on > WAITING_TOO_LONG
    return Today(
        actions=actions,
        hearings=sorted(
            (c for c in children if c.hearing_on), key=lambda c: (c.hearing_on, c.preferred_name)
        )[:ROWS_SHOWN],
        drafts=[c for c in children if c.draft_id][:ROWS_SHOWN],
        requests=[c for c in children if c.request_id][:ROWS_SHOWN],
        reviews=sorted((c for c in children if c.review_on), key=lambda c: c.review_on)[
            :ROWS_SHOWN
        ],
        waiting=[r for r in referrals if r.status == Referral.Status.RECEIVED and r.received_by_id],
        family_requests=[r for r in referrals if r.received_by_id is None],
        unallocated=[
            r for r in referrals if r.status == Referral.Status.ACCEPTED and not r.allocated_to_id
        ],
        referral_hearings=[
            r
            for r in referrals
            if r.family_id is None
            and r.next_court_date
            and today <= r.next_court_date <= today + HEARINGS_AHEAD
        ],
        for_you=list(
            notification_list_for(user).filter(read_at__isnull=True, kind__in=ASKS_OR_SHARES)[
                :ROWS_SHOWN
            ]
        ),
    )


ASKS_OR_SHARES = [
    Notification.Kind.SHARED,
    Notification.Kind.OVERRIDE_TO_YOU,
    Notification.Kind.CASE_ALLOCATED,
    Notification.Kind.REFERRAL_ALLOCATED,
]


def _children_needing_something(held, *, today: date):
    """The held children with a hearing within 14 days, a conversation in progress, a
    consent review due or a colleague's request to join waiting: one row each, with the
    soonest hearing, its CIA status (and whether a completed CIA is already shared for the
    pre-sentence report), the draft, the review, the oldest request. A request stays here
    until a holder decides it, read or not."""
    hearings = (
        JusticeEvent.objects.hearings()
        .filter(parent__links__child=OuterRef("pk"), on__range=(today, today + HEARINGS_AHEAD))
        .order_by("on")
    )
    draft = Assessment.objects.filter(
        child=OuterRef("pk"), status=Assessment.Status.DRAFT
    ).order_by("-modified_at")
    active = Consent.objects.active(on=today).filter(child=OuterRef("pk"))
    review = active.filter(review_on__lte=today + REVIEWS_AHEAD).order_by("review_on")
    request = JoinRequest.objects.filter(
        child=OuterRef("pk"), status=JoinRequest.Status.WAITING
    ).order_by("created_at")
    children = child_annotate_cia_status(held).annotate(
        hearing_on=Subquery(hearings.values("on")[:1]),
        hearing_court=Subquery(hearings.values("court")[:1]),
        hearing_purpose=Subquery(hearings.values("purpose")[:1]),
        shared_for_report=Exists(active.filter(for_pre_sentence_report=True)),
        draft_id=Subquery(draft.values("pk")[:1]),
        draft_stage=Subquery(draft.values("stage")[:1]),
        review_on=Subquery(review.values("review_on")[:1]),
        request_id=Subquery(request.values("pk")[:1]),
    )
    return (
        children.filter(
            Q(hearing_on__isnull=False)
            | Q(draft_id__isnull=False)
            | Q(review_on__isnull=False)
            | Q(request_id__isnull=False)
        )
        .only("id", "preferred_name")
        .order_by("preferred_name", "pk")
    )


def _referrals_needing_something(user, *, today: date):
    """In one query: their referrals waiting for an offer (with families' requests to their
    organisation), the accepted referrals of their organisation nobody holds yet, and their
    unlinked referrals with a court date soon."""
    waiting = Q(status=Referral.Status.RECEIVED)
    unallocated = Q(status=Referral.Status.ACCEPTED, allocated_to__isnull=True)
    in_court = Q(
        family__isnull=True,
        closed_at__isnull=True,
        next_court_date__range=(today, today + HEARINGS_AHEAD),
    )
    return (
        referral_visible_to(user)
        .filter(waiting | unallocated | in_court)
        .select_related("route", "received_by")
        .order_by("received_on", "pk")[: ROWS_SHOWN * 3]
    )


# A team manager's view -------------------------------------------------------------------------


def _count(queryset) -> Coalesce:
    """COUNT(*) of `queryset` as a subquery: one number per row of the outer query."""
    counted = queryset.order_by().values("pk").annotate(n=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)


def team_for_manager(manager, *, today: date) -> list[User]:
    """The practitioners of the manager's organisation, each with counts (never a child):
    open cases held, overdue actions on them, open referrals allocated to them, those they
    received that nobody is allocated yet, and children in court within 14 days without a
    completed or declined CIA. One query."""
    if not manager.organisation_id:
        return []
    held = Child.objects.filter(
        practitioners=OuterRef(OuterRef("pk")), erased_at__isnull=True, closed_on__isnull=True
    )
    soon = JusticeEvent.objects.hearings().filter(
        parent__links__child=OuterRef("pk"), on__range=(today, today + HEARINGS_AHEAD)
    )
    open_referrals = Referral.objects.exclude(status=Referral.Status.CLOSED)
    unsettled = (
        child_annotate_cia_status(held.filter(Exists(soon)))
        .exclude(cia_status__in=CIA_SETTLED)
        .values("pk")
    )
    return list(
        User.objects.filter(organisation=manager.organisation_id, groups__name=Role.PRACTITIONER)
        .annotate(
            cases=_count(Child.objects.filter(pk__in=held.values("pk"))),
            overdue=_count(
                AgreedAction.objects.filter(
                    child__in=held.values("pk"),
                    status__in=AgreedAction.OPEN_STATUSES,
                    due_date__lt=today,
                )
            ),
            referrals=_count(open_referrals.filter(allocated_to=OuterRef("pk"))),
            unallocated=_count(
                open_referrals.filter(received_by=OuterRef("pk"), allocated_to__isnull=True)
            ),
            without_cia=_count(Child.objects.filter(pk__in=unsettled)),
        )
        .select_related("organisation")
        .order_by("-is_active", "first_name", "last_name", "pk")
    )
