"""Policy: who may see which child, and what of the child's record.

- `child_visible_to(user)`: every child the person may open at all (their grants, read from
  django-guardian's tables, see `grants.py`), and nobody but practitioners sees any child.
- `child_scope_for(user=, child=)`: what the person may see *inside* that child's record,
  worked out from the consents and overrides themselves when the page is drawn.
- The getters (`child_get_for_user` and friends) return 404 for anything outside the first.

"Active" has one definition each, beside the models: `Consent.objects.active(on=day)` and
`SafeguardingOverride.objects.active(on=day)`. Both stop at the start of their stop date.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from django.contrib.auth.models import Permission
from django.contrib.postgres.search import TrigramSimilarity
from django.db import connections
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cia_portal.accounts.models import Organisation, Role, User

from ..models import (
    AgreedAction,
    Assessment,
    Child,
    ChildGroupObjectPermission,
    ChildUserObjectPermission,
    Consent,
    Drawing,
    SafeguardingOverride,
    Stage,
)
from ..search import ChildSearch, child_search
from ..sections import SECTIONS

ALL_SECTIONS = frozenset(s.slug for s in SECTIONS) | {Consent.DRAWINGS}
ALL_STAGES = frozenset(Stage.values)


def last_day_shared(stop_on: date | None) -> date | None:
    """The last day a consent or override with this stop date shares anything (None: no end).
    "Stop sharing on 5 March" means 4 March is the last day anyone sees it."""
    return stop_on - timedelta(days=1) if stop_on else None


# Who may see a child at all ----------------------------------------------------------------


def child_visible_to(user) -> QuerySet[Child]:
    """Every child this user may see: a current `view_child` grant in django-guardian's direct
    foreign-key tables, to the user or to their organisation, and the user is a practitioner.

    Deny by default: no global permissions, no exception for superusers, erased records are
    nobody's, and roles that work with aggregates (chair, auditor, referral admin) never see a
    child even when their organisation is named in a consent. The grants are read first,
    through their unique (holder, permission, child) indexes, so the cost follows the
    person's own caseload, not the number of children in the database.
    """
    if not (user.is_authenticated and user.is_active):
        return Child.objects.none()
    current = Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate())
    view_child = view_child_permission_id()
    granted = ChildUserObjectPermission.objects.filter(
        current, user=user, permission=view_child
    ).values("content_object_id")
    if user.organisation_id:
        granted = granted.union(
            ChildGroupObjectPermission.objects.filter(
                current, group__organisation=user.organisation_id, permission=view_child
            ).values("content_object_id")
        )
    is_practitioner = Exists(
        User.groups.through.objects.filter(user_id=user.pk, group__name=Role.PRACTITIONER)
    )
    return Child.objects.filter(is_practitioner, pk__in=granted, erased_at__isnull=True)


@cache
def view_child_permission_id() -> int:
    """The `view_child` permission's id: read once, not joined in every query that asks who
    may see a child. A database made again (between tests) forgets it (`permission_ids_forget`)."""
    return Permission.objects.get(content_type__app_label="assessments", codename="view_child").pk


def permission_ids_forget(**kwargs) -> None:
    """After a migrate or a flush the permissions are made again, with new ids."""
    view_child_permission_id.cache_clear()


def child_held_by(user) -> QuerySet[Child]:
    """The children whose case this user holds (allocated to them), not those shared with them."""
    return child_visible_to(user).filter(practitioners=user)


# What a person may see inside a child's record --------------------------------------------


@dataclass(frozen=True)
class ChildScope:
    """What one person may see of one child's record. Pages, lists, PDFs, exports and emails
    ask this, never the consents directly."""

    holds_case: bool = False
    stages: frozenset = field(default_factory=frozenset)
    sections: frozenset = field(default_factory=frozenset)
    practitioner_notes: bool = False
    consents: tuple = ()  # the active consents that make up a recipient's scope
    overrides: tuple = ()

    @property
    def purposes(self) -> tuple:
        return tuple(c.purpose for c in self.consents)

    @property
    def drawings(self) -> bool:
        return Consent.DRAWINGS in self.sections

    @property
    def case_details(self) -> bool:
        """The family, the parent's justice details, carers, offers, actions and the progress
        of conversations: the case holders' alone. A recipient sees the child's words only."""
        return self.holds_case

    def covers(self, stage: str) -> bool:
        return stage in self.stages

    def may_read(self, assessment: Assessment) -> bool:
        """A conversation's words. Unfinished conversations are the case holders' alone: a
        child's words are shared once the conversation is completed, at a stage in scope."""
        if self.holds_case:
            return True
        return assessment.status == Assessment.Status.COMPLETED and self.covers(assessment.stage)


def child_scope_for(*, user, child: Child, today: date | None = None) -> ChildScope:
    """Worked out from the records, not from the grants, so it is right at every moment."""
    today = today or timezone.localdate()
    if any(p.pk == user.pk for p in child.practitioners.all()):  # prefetched by the getters
        return ChildScope(
            holds_case=True, stages=ALL_STAGES, sections=ALL_SECTIONS, practitioner_notes=True
        )
    return _shared_scope(child=child, user=user.pk, organisation=user.organisation_id, on=today)


def child_scope_with_consent(
    *, recipient: User | Organisation, child: Child, consent: Consent
) -> ChildScope:
    """What `recipient` (a person, or anyone at an organisation) would see of `child` once the
    consent not yet saved is given: the rule of `child_scope_for`, with that consent added.
    The check-your-answers page draws its preview with this, so it shows exactly that."""
    person = None if isinstance(recipient, Organisation) else recipient
    return _shared_scope(
        child=child,
        user=person.pk if person else None,
        organisation=person.organisation_id if person else recipient.pk,
        on=timezone.localdate(),
        also=consent,
    )


def _shared_scope(
    *, child: Child, user, organisation, on: date, also: Consent | None = None
) -> ChildScope:
    """What the people named (a user, their organisation) may see of a child they do not hold."""
    to_me, me = Q(pk__in=[]), Q(pk__in=[])
    if user:
        to_me, me = Q(recipient_users=user), Q(recipient_user=user)
    if organisation:
        to_me |= Q(recipient_organisations=organisation)
        me |= Q(recipient_organisation=organisation)
    consents = list(Consent.objects.active(on=on).filter(to_me, child=child).distinct())
    if also is not None:
        consents.append(also)
    overrides = tuple(SafeguardingOverride.objects.active(on=on).filter(me, child=child))
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
        consents=tuple(consents),
        overrides=overrides,
    )


def child_consents_by_organisation(child: Child) -> dict:
    """Organisation id -> an active consent naming it: the test for passing the child's
    details to a service outside the case holder's organisation."""
    found = {}
    consents = Consent.objects.active(on=timezone.localdate()).filter(child=child)
    for consent in consents.prefetch_related("recipient_organisations"):
        for organisation in consent.recipient_organisations.all():
            found.setdefault(organisation.pk, consent)
    return found


def consent_for_organisation(child: Child, organisation_id) -> Consent | None:
    """The child's active consent that names this organisation, if there is one."""
    return child_consents_by_organisation(child).get(organisation_id) if organisation_id else None


def child_organisations_for_the_whole_case(child: Child) -> set:
    """The organisations the whole case may go to (to hold it, not only to read some of it):
    those an active consent names for every stage and part with the practitioner's notes,
    and those an active safeguarding override reaches. Whoever accepts a case handed on
    holds it, and a case holder sees everything."""
    today = timezone.localdate()
    whole = []
    for consent in (
        Consent.objects.active(on=today)
        .filter(child=child, include_practitioner_notes=True)
        .prefetch_related("recipient_organisations")
    ):
        if set(consent.stages) >= ALL_STAGES and set(consent.sections) >= ALL_SECTIONS:
            whole += [organisation.pk for organisation in consent.recipient_organisations.all()]
    overrides = SafeguardingOverride.objects.active(on=today).filter(
        child=child, recipient_organisation__isnull=False
    )
    return set(whole) | set(overrides.values_list("recipient_organisation", flat=True))


# Getters: the object, or 404 for anyone who may not see it ---------------------------------


def child_get_for_user(user, child_id) -> Child:
    """The child, with `shared_without_consent_until`: the last stop date of the overrides
    sharing it now (None if there are none), which every page about the child may warn of."""
    overridden = (
        SafeguardingOverride.objects.active(on=timezone.localdate())
        .filter(child=OuterRef("pk"))
        .order_by("-ends_on")
        .values("ends_on")[:1]
    )
    return get_object_or_404(
        child_visible_to(user)
        .select_related("family")
        .annotate(shared_without_consent_until=Subquery(overridden))
        .prefetch_related(Prefetch("practitioners", User.objects.select_related("organisation"))),
        pk=child_id,
    )


def assessment_get_for_user(user, assessment_id) -> Assessment:
    return get_object_or_404(
        Assessment.objects.select_related("child", "completed_with__organisation").filter(
            child__in=child_visible_to(user)
        ),
        pk=assessment_id,
    )


def drawing_get_for_user(user, drawing_id) -> Drawing:
    return get_object_or_404(
        Drawing.objects.select_related("assessment__child").filter(
            assessment__child__in=child_visible_to(user)
        ),
        pk=drawing_id,
    )


def action_get_for_user(user, action_id) -> AgreedAction:
    return get_object_or_404(
        AgreedAction.objects.select_related("child").filter(child__in=child_visible_to(user)),
        pk=action_id,
    )


def consent_get_for_user(user, consent_id) -> Consent:
    return get_object_or_404(
        Consent.objects.select_related("child").filter(child__in=child_visible_to(user)),
        pk=consent_id,
    )


def _safeguarding_lead(user) -> None:
    if not (user.is_authenticated and user.is_active and user.has_role(Role.SAFEGUARDING_LEAD)):
        raise Http404("Not found")


def child_get_for_safeguarding_lead(user, child_id) -> Child:
    """A safeguarding lead may reach any child to share without consent (risk of significant
    harm); to anyone else every child is not found. The only way past `child_visible_to`.
    An erased record is nobody's, a safeguarding lead's included."""
    _safeguarding_lead(user)
    return get_object_or_404(Child.objects.filter(erased_at__isnull=True), pk=child_id)


SAFEGUARDING_RESULTS = 20


def child_search_for_safeguarding_lead(user, search: ChildSearch) -> list[Child]:
    """A safeguarding lead finds any child (not erased) to share without consent. Only what
    identifies the child and who holds the case leaves the database: the preferred name, the
    date of birth, the family name and the holders' organisations (`holding_organisations`).
    At most `SAFEGUARDING_RESULTS`, and nothing for an empty search: never a list of every
    child. The caller states and audits the reason (`guards.audited_search`)."""
    _safeguarding_lead(user)
    if not search:
        return []
    order = ("preferred_name", "date_of_birth", "pk")
    matched = child_search(Child.objects.filter(erased_at__isnull=True), search).order_by(*order)
    children = (
        # The first 20, then their families: joined before the limit, the family of every
        # child matched is read (a common name matches hundreds among 300,000).
        Child.objects.filter(pk__in=matched.values("pk")[:SAFEGUARDING_RESULTS])
        .select_related("family")
        .only("id", "preferred_name", "date_of_birth", "family__name")
        .prefetch_related(
            Prefetch(
                "practitioners",
                User.objects.select_related("organisation").only("id", "organisation__name"),
            )
        )
        .order_by(*order)
    )
    found = list(children)
    for child in found:
        child.holding_organisations = sorted(
            {str(p.organisation) for p in child.practitioners.all() if p.organisation}
        )
    return found


def team_manager_of(manager, practitioner) -> None:
    """404 unless `manager` is a team manager of `practitioner`'s organisation."""
    if not (
        manager.is_authenticated
        and manager.is_active
        and manager.organisation_id
        and practitioner.organisation_id == manager.organisation_id
        and manager.has_role(Role.TEAM_MANAGER)
    ):
        raise Http404("Not found")


def child_caseload_for_manager(manager, practitioner) -> QuerySet[Child]:
    """The records a practitioner holds, as their team manager sees them in order to move
    them: the preferred name, the reference and whether the case is closed. Nothing of the
    child's words or the case (unless the manager holds the case, on their own pages)."""
    team_manager_of(manager, practitioner)
    return (
        Child.objects.filter(practitioners=practitioner, erased_at__isnull=True)
        .only("id", "preferred_name", "reference", "closed_on")
        .order_by("preferred_name", "pk")
    )


DUPLICATE_SIMILARITY = 0.4  # "Tobi" and "Toby" (0.43), "Tobi" and "Tobias" (0.5)


def child_likely_duplicates(child: Child) -> list[Child]:
    """Other records that may be the same child: the same date of birth and a similar name,
    across every record, whoever holds it, but never a brother or sister in the same family,
    a record someone holding `child` already holds, or an erased one. For the duplicate check only:
    the person who added `child` may learn that there is a match and nothing of it; the
    holders of each match are told, and decide (`services.duplicate_check`)."""
    candidates = _likely_same(name=child.preferred_name, born=child.date_of_birth).exclude(
        Q(pk=child.pk) | Q(family_id=child.family_id)
    )
    already_theirs = Child.practitioners.through.objects.filter(
        child_id=OuterRef("pk"), user__in=child.practitioners.all()
    )
    found = candidates.exclude(Exists(already_theirs)).prefetch_related("practitioners")
    return list(found.order_by("pk")[:10])


def child_likely_known(*, name: str, born: date, practitioner) -> list:
    """Before a child is added: the ids of records someone else holds that may be the same
    child (the rule of `child_likely_duplicates`). For the audit trail only: the person may
    learn whether there are any, and nothing of them."""
    theirs = Child.practitioners.through.objects.filter(child_id=OuterRef("pk"), user=practitioner)
    found = _likely_same(name=name, born=born).exclude(Exists(theirs))
    return list(found.order_by("pk").values_list("pk", flat=True)[:10])


def _likely_same(*, name: str, born: date) -> QuerySet[Child]:
    candidates = Child.objects.filter(date_of_birth=born, erased_at__isnull=True)
    if candidates.db and connections[candidates.db].vendor == "postgresql":
        similar = TrigramSimilarity("preferred_name", name)
        return candidates.annotate(similarity=similar).filter(
            Q(similarity__gte=DUPLICATE_SIMILARITY) | Q(preferred_name__iexact=name)
        )
    return candidates.filter(preferred_name__istartswith=name[:3])


def overrides_for_safeguarding_lead(user) -> QuerySet[SafeguardingOverride]:
    """The overrides a safeguarding lead looks after: those made by any safeguarding lead of
    their organisation (so a colleague can end one while its maker is away), or by them."""
    _safeguarding_lead(user)
    if user.organisation_id:
        made_here = Q(created_by__organisation=user.organisation_id)
    else:
        made_here = Q(created_by=user)
    return (
        SafeguardingOverride.objects.filter(made_here, child__erased_at__isnull=True)
        .select_related(
            "child", "recipient_user__organisation", "recipient_organisation", "created_by"
        )
        .only(
            "id",
            "ends_on",
            "ended_at",
            "created_at",
            "reason",
            "child__id",
            "child__preferred_name",
            "recipient_user__first_name",
            "recipient_user__last_name",
            "recipient_user__username",
            "recipient_user__organisation__name",
            "recipient_organisation__name",
            "created_by__first_name",
            "created_by__last_name",
            "created_by__username",
        )
    )


def override_get_for_safeguarding_lead(user, override_id) -> SafeguardingOverride:
    _safeguarding_lead(user)
    return get_object_or_404(
        SafeguardingOverride.objects.select_related("child").filter(child__erased_at__isnull=True),
        pk=override_id,
    )
