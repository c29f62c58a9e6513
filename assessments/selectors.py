"""Reads. `child_visible_to` is the one answer to "may this user see this child?"."""

import base64

from django.db.models import (
    Case,
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cia_portal.accounts.models import Role, User
from cia_portal.audit.models import AuditEvent

from . import wording
from .child_mode import wording_for
from .models import (
    AgreedAction,
    Assessment,
    Child,
    ChildGroupObjectPermission,
    ChildUserObjectPermission,
    Consent,
    Drawing,
    Offer,
    ParentChildLink,
    SafeguardingOverride,
)
from .sections import section_answers


def child_visible_to(user) -> QuerySet[Child]:
    """Every child this user may see: a current `view_child` grant in django-guardian's direct
    foreign-key tables, to the user or to their organisation, and the user is a practitioner.

    Deny by default: no global permissions, no exception for superusers, and roles that work
    with aggregates (chair, auditor, referral admin) never see a child even when their
    organisation is named in a consent. The grants are read first, through their unique
    (holder, permission, child) indexes, so the cost follows the person's own caseload, not
    the number of children in the database.
    """
    if not (user.is_authenticated and user.is_active):
        return Child.objects.none()
    current = Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate())
    granted = ChildUserObjectPermission.objects.filter(
        current, user=user, permission__codename="view_child"
    ).values("content_object_id")
    if user.organisation_id:
        granted = granted.union(
            ChildGroupObjectPermission.objects.filter(
                current, group__organisation=user.organisation_id, permission__codename="view_child"
            ).values("content_object_id")
        )
    is_practitioner = Exists(
        User.groups.through.objects.filter(user_id=user.pk, group__name=Role.PRACTITIONER)
    )
    return Child.objects.filter(is_practitioner, pk__in=granted, erased_at__isnull=True)


def child_held_by(user) -> QuerySet[Child]:
    """The children whose case this user holds (allocated to them), not those shared with them."""
    return child_visible_to(user).filter(practitioners=user)


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
    at_court = (
        ParentChildLink.objects.filter(
            parent__hearings__court__iexact=court, parent__hearings__date__range=(start, end)
        )
        .order_by()
        .values_list("child_id", flat=True)
        .distinct()
    )
    if families is not None:
        in_families = Child.objects.filter(family__in=families).order_by().values_list("pk")
        at_court = at_court.union(in_families)  # UNION: each child once
    return list(at_court)


def consent_for_organisation(child: Child, organisation_id) -> Consent | None:
    """The child's active consent that names this organisation, if there is one: the test for
    passing the child's details to a service outside the case holder's organisation."""
    return child_consents_by_organisation(child).get(organisation_id) if organisation_id else None


def child_consents_by_organisation(child: Child) -> dict:
    """Organisation id -> an active consent naming it (withdrawn or expired ones do not count)."""
    today = timezone.localdate()
    found = {}
    for consent in child.consents.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today), withdrawn_at__isnull=True
    ).prefetch_related("recipient_organisations"):
        for organisation in consent.recipient_organisations.all():
            found.setdefault(organisation.pk, consent)
    return found


def child_get_for_user(user, child_id) -> Child:
    """The child, or 404 for anyone who may not see them."""
    return get_object_or_404(
        child_visible_to(user)
        .select_related("family")
        .prefetch_related(Prefetch("practitioners", User.objects.select_related("organisation"))),
        pk=child_id,
    )


def child_get_for_safeguarding_lead(user, child_id) -> Child:
    """A safeguarding lead may reach any child to share without consent (risk of significant
    harm); to anyone else every child is not found. The only way past `child_visible_to`."""
    if not (user.is_authenticated and user.has_role(Role.SAFEGUARDING_LEAD)):
        raise Http404("Not found")
    return get_object_or_404(Child, pk=child_id)


def override_get_for_safeguarding_lead(user, override_id) -> SafeguardingOverride:
    if not (user.is_authenticated and user.has_role(Role.SAFEGUARDING_LEAD)):
        raise Http404("Not found")
    return get_object_or_404(SafeguardingOverride.objects.select_related("child"), pk=override_id)


def assessment_get_for_user(user, assessment_id) -> Assessment:
    return get_object_or_404(
        Assessment.objects.select_related("child", "completed_with__organisation").filter(
            child__in=child_visible_to(user)
        ),
        pk=assessment_id,
    )


def drawing_get_for_user(user, drawing_id) -> Drawing:
    return get_object_or_404(
        Drawing.objects.select_related("assessment").filter(
            assessment__child__in=child_visible_to(user)
        ),
        pk=drawing_id,
    )


def action_get_for_user(user, action_id) -> AgreedAction:
    return get_object_or_404(
        AgreedAction.objects.select_related("child").filter(child__in=child_visible_to(user)),
        pk=action_id,
    )


def child_current_stage(child: Child) -> str | None:
    """Where the child's parent in the justice system is now (the first recorded parent)."""
    return (
        ParentChildLink.objects.filter(child=child)
        .order_by("parent__created_at")
        .values_list("parent__stage", flat=True)
        .first()
    )


def child_list_for_user(user) -> QuerySet[Child]:
    """'My cases': each child with the parent's stage, the next open action and overdue count."""
    today = timezone.localdate()
    open_actions = AgreedAction.objects.filter(
        child=OuterRef("pk"), status__in=AgreedAction.OPEN_STATUSES
    ).order_by("due_date")
    return (
        child_visible_to(user)
        .annotate(
            parent_stage=Subquery(
                ParentChildLink.objects.filter(child=OuterRef("pk"))
                .order_by("parent__created_at")
                .values("parent__stage")[:1]
            ),
            next_action=Subquery(open_actions.values("description")[:1]),
            next_action_due=Subquery(open_actions.values("due_date")[:1]),
            overdue_actions=Coalesce(
                Subquery(
                    open_actions.filter(due_date__lt=today)
                    .order_by()
                    .values("child")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            ),
            has_draft=Exists(
                Assessment.objects.filter(child=OuterRef("pk"), status=Assessment.Status.DRAFT)
            ),
        )
        .select_related("family")
        .order_by("preferred_name", "pk")
    )


def consent_get_for_user(user, consent_id) -> Consent:
    return get_object_or_404(
        Consent.objects.select_related("child").filter(child__in=child_visible_to(user)),
        pk=consent_id,
    )


def child_shared_conversations(child: Child, scope) -> list[Assessment]:
    """The completed conversations a recipient may read: those at a stage in their scope."""
    return list(
        child.assessments.filter(stage__in=scope.stages, status=Assessment.Status.COMPLETED)
    )


def this_is_me(assessment: Assessment, scope, *, embed_drawings: bool = False) -> dict:
    """The "This is me" summary of one conversation: only what `scope` lets the viewer see.
    Sections out of scope are left out here, so no page, PDF or export can show them."""
    words = wording_for(assessment)
    titles = wording.this_is_me_titles(language=words.language, member=words.member)
    feeling_names = dict(wording.feelings(words.language))
    answers = [
        a
        | {
            "title": titles[a["section"].slug],
            "feelings": [feeling_names.get(f, f) for f in assessment.feelings]
            if a["feelings"]
            else None,
        }
        for a in section_answers(assessment)
        if a["section"].slug in scope.sections and a["answered"]
    ]
    drawings = list(assessment.drawings.all()) if scope.drawings else []
    for drawing in drawings:
        drawing.src = (
            drawing_data_url(drawing)
            if embed_drawings
            else reverse("assessments:drawing_file", args=[drawing.id])
        )
    return {
        "assessment": assessment,
        "child": assessment.child,
        "answers": answers,
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


def drawing_data_url(drawing: Drawing) -> str:
    with drawing.image.open("rb") as image:
        return "data:image/png;base64," + base64.b64encode(image.read()).decode()


def child_page_data(child: Child, user) -> dict:
    """Everything the child's page shows, in a fixed number of queries."""
    links = list(
        ParentChildLink.objects.filter(child=child)
        .select_related("parent")
        .prefetch_related("parent__hearings")
    )
    assessments = list(child.assessments.select_related("completed_with"))
    offers = list(child.offers.select_related("offered_by"))
    timeline = sorted(
        [("offer", o.offered_on, o) for o in offers]
        + [("assessment", a.conversation_date, a) for a in assessments],
        key=lambda item: item[1],
        reverse=True,
    )
    return {
        "links": links,
        "siblings": list(child_visible_to(user).filter(family=child.family).exclude(pk=child.pk)),
        "carers": list(child.family.carers.all()),
        "timeline": timeline,
        "actions": list(child.actions.select_related("assessment")),
        "consents": list(
            child.consents.select_related("recorded_by").prefetch_related(
                Prefetch("recipient_users", User.objects.select_related("organisation")),
                "recipient_organisations",
            )
        ),
        "overrides": list(
            child.overrides.select_related("recipient_user", "recipient_organisation", "created_by")
        ),
        "practitioners": list(child.practitioners.all()),
    }


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
