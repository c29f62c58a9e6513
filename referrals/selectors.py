"""Reads for referrals. A referral is seen by the practitioner who received it and the one it is
allocated to, and, while it is accepted and nobody holds it yet, by the practitioners of the
receiver's organisation (their team inbox); its children are reached only through assessments'
own selectors."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import ngettext

from assessments.models import (
    AgreedAction,
    Assessment,
    Child,
    Consent,
    Family,
    JusticeEvent,
    ParentChildLink,
)
from assessments.privacy import child_held_by, child_visible_to, consent_for_organisation
from assessments.selectors import CIA_SETTLED, CiaStatus, child_annotate_cia_status
from cia_portal.accounts.models import Role, User
from cia_portal.queries import in_subquery

from .models import FamilyRequest, OnwardReferral, Referral, ReferralRoute

WAITING_TOO_LONG = timedelta(days=5)  # received but no CIA offered yet
SOON = timedelta(days=7)  # a hearing this close needs the CIA done (or declined) now
HEARINGS_AHEAD = timedelta(days=84)  # how far ahead the hearings list looks


def referral_visible_to(user) -> QuerySet[Referral]:
    if not (user.is_authenticated and user.is_active and user.has_role(Role.PRACTITIONER)):
        return Referral.objects.none()
    theirs = Q(received_by=user) | Q(allocated_to=user)
    if user.organisation_id:  # the team's inbox: accepted, and nobody holds it yet
        team = User.objects.filter(organisation=user.organisation_id).values("pk")
        theirs |= Q(status=Referral.Status.ACCEPTED, allocated_to__isnull=True) & in_subquery(
            "received_by", team
        )
        # ...and families' requests to the organisation's routes that nobody has picked up.
        routes = ReferralRoute.objects.filter(organisation=user.organisation_id).values("pk")
        theirs |= Q(received_by__isnull=True) & in_subquery("route", routes)
    return Referral.objects.filter(theirs)


def referrals_for_the_team(user) -> QuerySet[Referral]:
    """The accepted referrals of the person's organisation that nobody holds yet, and families'
    requests nobody has picked up (the team's inbox), oldest first."""
    return (
        referral_visible_to(user)
        .filter(
            Q(status=Referral.Status.ACCEPTED, allocated_to__isnull=True)
            | Q(received_by__isnull=True)
        )
        .select_related("route", "received_by")
        .order_by("received_on", "pk")
    )


def referral_held_by(user) -> QuerySet[Referral]:
    """Open referrals this person looks after: allocated to them, or received by them and
    not allocated to anyone else."""
    return Referral.objects.exclude(status=Referral.Status.CLOSED).filter(
        Q(allocated_to=user) | Q(received_by=user, allocated_to__isnull=True)
    )


def open_referrals_they_hold(user) -> str:
    count = referral_held_by(user).count()
    return (
        ngettext("%(count)d open referral", "%(count)d open referrals", count) % {"count": count}
        if count
        else ""
    )


def _with_first_assessment(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    first = (
        Assessment.objects.filter(child__family=OuterRef("family"))
        .values("child__family")
        .annotate(first=Min("conversation_date"))
        .values("first")
    )
    return referrals.annotate(first_assessment_on=Subquery(first[:1]))


def _timeliness(referral: Referral, today: date) -> Referral:
    offered_on = timezone.localdate(referral.offered_at) if referral.offered_at else None
    referral.days_to_offer = (offered_on - referral.received_on).days if offered_on else None
    referral.days_to_assessment = (
        (referral.first_assessment_on - offered_on).days
        if offered_on and referral.first_assessment_on
        else None
    )
    referral.waiting_too_long = (
        referral.status == Referral.Status.RECEIVED
        and today - referral.received_on > WAITING_TOO_LONG
    )
    return referral


def referral_get_for_user(user, referral_id) -> Referral:
    referral = get_object_or_404(
        _with_first_assessment(referral_visible_to(user)).select_related(
            "route", "allocated_to", "received_by", "family"
        ),
        pk=referral_id,
    )
    return _timeliness(referral, timezone.localdate())


def referral_list_for_user(user) -> list[Referral]:
    """Open referrals first, with the days each step took and a flag for those waiting."""
    today = timezone.localdate()
    referrals = (
        _with_first_assessment(referral_visible_to(user))
        .select_related("route", "allocated_to")
        .order_by("closed_at", "-received_on")
    )
    return [_timeliness(referral, today) for referral in referrals]


def referral_children(user, referral: Referral) -> list[Child]:
    """The linked family's children whose case this user holds, each with their CIA status."""
    if referral.family_id is None:
        return []
    return list(
        child_annotate_cia_status(child_held_by(user).filter(family=referral.family_id)).order_by(
            "date_of_birth"
        )
    )


def families_to_link(user) -> QuerySet[Family]:
    """Families in which this user holds at least one child's case."""
    return (
        Family.objects.filter(children__in=child_held_by(user))
        .distinct()
        .prefetch_related(Prefetch("children", Child.objects.order_by("date_of_birth")))
        .order_by("name")
    )


# Upcoming hearings ---------------------------------------------------------------------------


@dataclass
class HearingRow:
    date: date
    mother: str
    where: str
    children: list = field(default_factory=list)  # (label, CiaStatus, child or None)
    referral: Referral | None = None

    @property
    def soon(self) -> bool:
        return self.date <= timezone.localdate() + SOON

    @property
    def needs_cia(self) -> bool:
        """Within a week and some child has neither completed nor declined a CIA."""
        return self.soon and any(status not in CIA_SETTLED for _, status, _ in self.children)


REFERRAL_CIA_STATUS = {
    Referral.Status.RECEIVED: CiaStatus.NOT_OFFERED,
    Referral.Status.NOT_REACHED: CiaStatus.NOT_OFFERED,
    Referral.Status.OFFERED: CiaStatus.OFFERED,
    Referral.Status.ACCEPTED: CiaStatus.OFFERED,
    Referral.Status.ALLOCATED: CiaStatus.OFFERED,
    Referral.Status.DECLINED: CiaStatus.DECLINED,
}


def hearings_for_user(user, *, today: date | None = None, ahead=HEARINGS_AHEAD) -> list[HearingRow]:
    """The mothers' next court dates for this user's cases, and for their open referrals whose
    family is not yet added, soonest first, with each child's CIA status. Four queries."""
    today = today or timezone.localdate()
    held = child_held_by(user)
    hearings = list(
        JusticeEvent.objects.hearings()
        .filter(on__range=(today, today + ahead), parent__links__child__in=held)
        .distinct()
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "parent__links",
                ParentChildLink.objects.filter(child__in=held).order_by("child__date_of_birth"),
                to_attr="held_links",
            )
        )
    )
    child_ids = {link.child_id for h in hearings for link in h.parent.held_links}
    children = {
        child.pk: child
        for child in child_annotate_cia_status(Child.objects.filter(pk__in=child_ids)).only(
            "preferred_name"
        )
    }
    rows = [
        HearingRow(
            date=h.on,
            mother=h.parent.name,
            where=f"{h.get_purpose_display()}, {h.court}" if h.purpose else h.court,
            children=[
                (
                    children[link.child_id].preferred_name,
                    children[link.child_id].cia_status,
                    children[link.child_id],
                )
                for link in h.parent.held_links
            ],
        )
        for h in hearings
    ]
    for referral in referral_visible_to(user).filter(
        family__isnull=True,
        closed_at__isnull=True,
        next_court_date__range=(today, today + ahead),
    ):
        rows.append(
            HearingRow(
                date=referral.next_court_date,
                mother=referral.mother_name,
                where="Next court date given with the referral",
                children=[
                    (referral.children_description, REFERRAL_CIA_STATUS[referral.status], None)
                ],
                referral=referral,
            )
        )
    return sorted(rows, key=lambda row: (row.date, row.mother))


# Reminders -----------------------------------------------------------------------------------


@dataclass
class Digest:
    actions: list = field(default_factory=list)  # (child, number due, number overdue, first due)
    reviews: list = field(default_factory=list)  # (child, review date)
    hearings: list = field(default_factory=list)  # (child, hearing date, CIA status)
    referral_hearings: list = field(default_factory=list)  # referrals not yet added, in court
    waiting: list = field(default_factory=list)  # referrals waiting too long for an offer

    @property
    def children(self) -> set:
        return {row[0] for row in self.actions + self.reviews + self.hearings}

    def __bool__(self) -> bool:
        return any(vars(self).values())


def reminders_for(user, *, today: date) -> Digest:
    """What a practitioner should know about today: open actions due within a week (or
    overdue), consents due for review within a week, hearings within a week (of their cases,
    and of their referrals whose family is not yet added), and referrals waiting too long for
    a CIA to be offered."""
    week = today + SOON
    theirs = referral_visible_to(user).filter(Q(received_by=user) | Q(allocated_to=user))
    digest = Digest(
        referral_hearings=list(
            theirs.filter(
                family__isnull=True, closed_at__isnull=True, next_court_date__range=(today, week)
            ).order_by("next_court_date")
        ),
        waiting=list(
            theirs.filter(
                status=Referral.Status.RECEIVED, received_on__lt=today - WAITING_TOO_LONG
            ).order_by("received_on")
        ),
    )
    held = {child.pk: child for child in child_annotate_cia_status(child_held_by(user))}
    if not held:
        return digest
    due: dict = {}
    for action in AgreedAction.objects.filter(
        child__in=held, status__in=AgreedAction.OPEN_STATUSES, due_date__lte=week
    ).order_by("due_date"):
        count, overdue, first = due.get(action.child_id, (0, 0, action.due_date))
        due[action.child_id] = (count + 1, overdue + (action.due_date < today), first)
    digest.actions = [(held[pk], *numbers) for pk, numbers in due.items()]
    digest.reviews = [
        (held[consent.child_id], consent.review_on)
        for consent in Consent.objects.active(on=today)
        .filter(child__in=held, review_on__lte=week)
        .order_by("review_on")
    ]
    seen = set()
    for link in (
        ParentChildLink.objects.filter(
            child__in=held,
            parent__events__kind=JusticeEvent.Kind.HEARING,
            parent__events__on__range=(today, week),
        )
        .annotate(hearing_on=Min("parent__events__on"))
        .order_by("hearing_on")
    ):
        if link.child_id not in seen:
            seen.add(link.child_id)
            child = held[link.child_id]
            digest.hearings.append((child, link.hearing_on, CiaStatus(child.cia_status)))
    return digest


def onward_referrals_for_action(action: AgreedAction) -> list[OnwardReferral]:
    return list(
        action.onward_referrals.select_related("service__organisation", "sent_by").prefetch_related(
            "events__by", "sessions"
        )
    )


def onward_referral_get(action: AgreedAction, onward_id) -> OnwardReferral:
    return get_object_or_404(
        OnwardReferral.objects.select_related("service"), pk=onward_id, action=action
    )


def referrals_for_evaluation(*, organisations, start, end) -> QuerySet[Referral]:
    """Referrals received between `start` and `end` through the routes of `organisations`.
    For aggregates only."""
    return Referral.objects.filter(
        route__organisation__in=organisations, received_on__range=(start, end)
    )


# The service's side --------------------------------------------------------------------------


def onward_referrals_to_services_of(user, *, open_only: bool = True) -> QuerySet[OnwardReferral]:
    """Onward referrals sent to services of the person's organisation (open ones, unless
    `open_only` is False), for children whose consent names it (through the kernel's
    visibility: the child is shared with them). For a practitioner only: no other role ever
    sees a child."""
    if not (user.organisation_id and user.has_role(Role.PRACTITIONER)):
        return OnwardReferral.objects.none()
    referrals = OnwardReferral.objects.filter(
        service__organisation=user.organisation_id,
        action__child__in=child_visible_to(user),
    )
    if open_only:
        referrals = referrals.filter(status__in=OnwardReferral.OPEN_STATUSES)
    return referrals.select_related("service", "sent_by__organisation", "action__child").order_by(
        "sent_at"
    )


def onward_referral_get_for_service(user, onward_id) -> OnwardReferral:
    """One referral to the person's services, open or closed, or 404 (also once the consent
    naming their organisation has ended: the child's details no longer go there)."""
    try:
        onward = onward_referrals_to_services_of(user, open_only=False).get(pk=onward_id)
    except (OnwardReferral.DoesNotExist, ValueError) as exc:
        raise Http404("Not a referral to your services") from exc
    if not consent_for_organisation(onward.action.child, onward.service.organisation_id):
        raise Http404("No longer covered by the child's consent")
    return onward


def family_request_route() -> ReferralRoute | None:
    """Where the public "ask for a CIA" form sends families' requests (an active route marked
    for them), or None: then the form says how else to ask."""
    return (
        ReferralRoute.objects.filter(is_active=True, takes_family_requests=True)
        .select_related("organisation")
        .order_by("position", "name")
        .first()
    )


def family_request_of(referral: Referral) -> FamilyRequest | None:
    """How to reach the family, when they asked through the public form."""
    return FamilyRequest.objects.filter(referral=referral).first()
