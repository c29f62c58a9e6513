"""The children's figures: the headline, the children's steps of the funnel, conversations by
stage, before sentencing, and who the children are. They share totals (every profile table
adds up to the children in the pilot; those offered, those who completed and those whose
mother was sentenced are among them), so they are suppressed together as one set of linked
counts, and every table made from it hides the same numbers."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.lookups import Exact

from assessments.models import Assessment, Child, JusticeEvent, Offer, ParentChildLink, Stage
from cia_portal.dates import add_years

from ..models import Pilot
from . import activity, families
from .pilot import Period
from .suppression import Cell, LinkedCounts, Table, cell, share, shown, small

# (label, lowest age, highest age): together they cover every age, so the table adds up.
AGE_BANDS = [("Under 5", 0, 4), ("5 to 10", 5, 10), ("11 to 15", 11, 15), ("16 and over", 16, None)]


@dataclass
class ChildFigures:
    headline: Table
    steps: list[tuple[str, Cell]]  # the children's rows of the funnel
    conversations_by_stage: Table
    before_sentencing: Table
    profile: list[Table]
    families: list[Table]  # the children's circumstances (`families`)
    onward_by_type: Table  # linked: a child referred to a mentor is among the referrals


def child_figures(pilot: Pilot, period: Period, ids) -> ChildFigures:
    t = pilot.suppress_below
    children = Child.objects.filter(pk__in=ids)
    counts = (
        _child_counts(children, period)
        | _before_sentencing(children, period)
        | families.child_counts(children, period)
        | activity.onward_counts(ids, period)
    )
    conversations = dict(
        Assessment.objects.filter(
            child__in=ids,
            status=Assessment.Status.COMPLETED,
            conversation_date__range=period.range,
        )
        .values_list("stage")
        .annotate(n=Count("pk"))
    )
    cells = _linked(counts, conversations, t).cells()
    headline = Table(
        "headline",
        "Against the target",
        [
            ("Children with a completed CIA", cells["completed"]),
            ("Target", shown(pilot.target_children, t)),
            ("Children in the pilot", cells["children"]),
        ],
    )
    steps = [
        ("Children offered a CIA", cells["offered"]),
        ("Children who said yes", cells["said_yes"]),
        ("Children who said no", cells["said_no"]),
        ("Children with a completed CIA", cells["completed"]),
    ] + [(f"First completed at {label.lower()}", cells[f"first_{v}"]) for v, label in Stage.choices]
    return ChildFigures(
        headline=headline,
        steps=steps,
        conversations_by_stage=Table(
            "conversations-by-stage",
            "Completed conversations by stage",
            [(label, cells[f"conversations_{v}"]) for v, label in Stage.choices],
            unit="conversations",
        ),
        before_sentencing=_before_sentencing_table(cells, _psr_reports(ids, period), t),
        profile=[
            Table(slug, title, [(label, cells[name]) for name, label in rows], cells["children"])
            for slug, title, rows in _profile_rows()
        ],
        families=families.children_tables(cells),
        onward_by_type=activity.onward_table(cells),
    )


def _profile_rows() -> list[tuple[str, str, list[tuple[str, str]]]]:
    return [
        ("age", "Children by age", [(f"age_{i}", b[0]) for i, b in enumerate(AGE_BANDS)]),
        ("gender", "Children by gender", [(f"gender_{v}", lb) for v, lb in Child.Gender.choices]),
        (
            "ethnicity",
            "Children by ethnicity",
            [(f"ethnicity_{v}", lb) for v, lb in Child.Ethnicity.choices],
        ),
    ]


def _linked(counts: dict[str, int], conversations: dict[str, int], t: int) -> LinkedCounts:
    """Every children's count and every sum a reader could use against them."""
    linked = LinkedCounts(t)
    linked.add("children", counts["children"])
    for _slug, _title, rows in _profile_rows():
        linked.split("children", [linked.add(name, counts[name]) for name, _label in rows])

    linked.add("offered", counts["offered"])
    linked.at_most("offered", "children")
    linked.add("said_yes", counts["said_yes"])
    linked.add("said_no", counts["offered"] - counts["said_yes"])
    linked.split("offered", ["said_yes", "said_no"])

    linked.add("completed", counts["completed"])
    linked.at_most("completed", "children")
    firsts = [linked.add(f"first_{v}", counts[f"first_{v}"]) for v in Stage.values]
    linked.split("completed", firsts)
    for value in Stage.values:  # each such child had at least one conversation at that stage
        linked.add(f"conversations_{value}", conversations.get(value, 0))
        linked.at_most(f"first_{value}", f"conversations_{value}")

    linked.add("sentenced", counts["sentenced"])
    linked.add("not_sentenced", counts["children"] - counts["sentenced"])
    linked.split("children", ["sentenced", "not_sentenced"])
    linked.add("settled_before", counts["settled_before"])
    linked.add("not_settled_before", counts["sentenced"] - counts["settled_before"])
    linked.split("sentenced", ["settled_before", "not_settled_before"])
    activity.link_onward(linked, counts)
    families.link_children(linked, counts)
    return linked


def _child_counts(children: QuerySet[Child], period: Period) -> dict[str, int]:
    """Every count about the children, in one query of conditional counts."""

    def has(model, **filters):
        return Exists(model.objects.filter(child=OuterRef("pk"), **filters))

    in_period = {"offered_on__range": period.range}
    done = {"status": Assessment.Status.COMPLETED, "conversation_date__range": period.range}
    # The stage of each child's first completed conversation in the period: one stage per
    # child, so the stages add up to the children with a completed CIA.
    first_stage = Subquery(
        Assessment.objects.filter(child=OuterRef("pk"), **done)
        .order_by("conversation_date", "created_at")
        .values("stage")[:1]
    )
    counts = {
        "children": Count("pk"),
        "offered": Count("pk", filter=has(Offer, **in_period)),
        "said_yes": Count(
            "pk",
            filter=has(
                Offer,
                outcome__in=[Offer.Outcome.ACCEPTED, Offer.Outcome.SOMEONE_ELSE],
                **in_period,
            ),
        ),
        "completed": Count("pk", filter=has(Assessment, **done)),
    }
    for value in Stage.values:
        counts[f"first_{value}"] = Count("pk", filter=Exact(first_stage, value))
    end = period.end
    for i, (_label, low, high) in enumerate(AGE_BANDS):  # age on the last day of the period
        band = Q()
        if low:
            band &= Q(date_of_birth__lte=add_years(end, -low))
        if high is not None:
            band &= Q(date_of_birth__gt=add_years(end, -(high + 1)))
        counts[f"age_{i}"] = Count("pk", filter=band) if band else Count("pk")
    for value in Child.Gender.values:
        counts[f"gender_{value}"] = Count("pk", filter=Q(gender=value))
    for value in Child.Ethnicity.values:
        counts[f"ethnicity_{value}"] = Count("pk", filter=Q(ethnicity=value))
    return children.aggregate(**counts)


def _before_sentencing(children: QuerySet[Child], period: Period) -> dict[str, int]:
    """Children whose mother had a sentencing hearing in the period, and how many of them had
    completed (or declined) a CIA by the day of that hearing (the first, if several)."""
    sentencing = (
        JusticeEvent.objects.sentencing()
        .filter(parent__links__child=OuterRef("pk"), on__range=period.range)
        .order_by("on")
    )
    sentenced = children.annotate(sentenced_on=Subquery(sentencing.values("on")[:1])).filter(
        sentenced_on__isnull=False
    )
    settled = Exists(
        Assessment.objects.filter(
            child=OuterRef("pk"),
            status=Assessment.Status.COMPLETED,
            conversation_date__lte=OuterRef("sentenced_on"),
        )
    ) | Exists(
        Offer.objects.filter(
            child=OuterRef("pk"),
            outcome=Offer.Outcome.DECLINED,
            offered_on__lte=OuterRef("sentenced_on"),
        )
    )
    return sentenced.annotate(settled=settled).aggregate(
        sentenced=Count("pk"), settled_before=Count("pk", filter=Q(settled=True))
    )


def _psr_reports(ids, period: Period) -> int:
    """Reports reached: one per mother, however many of her children's words went in."""
    return (
        ParentChildLink.objects.filter(
            child__in=ids,
            child__consents__for_pre_sentence_report=True,
            child__consents__given_on__range=period.range,
        )
        .values("parent")
        .distinct()
        .count()
    )


def _before_sentencing_table(cells: dict[str, Cell], psr_reports: int, t: int) -> Table:
    sentenced, settled = cells["sentenced"], cells["settled_before"]
    # A share shown beside its two counts tells nothing more; beside a hidden one it would.
    percent = (
        small(t, kind="percent")
        if sentenced.suppressed or settled.suppressed
        else share(settled.value, sentenced.value, t)
    )
    return Table(
        "before-sentencing",
        "Before the mother's sentencing hearing",
        [
            ("Children whose mother had a sentencing hearing", sentenced),
            ("Children whose mother had none in the period", cells["not_sentenced"]),
            ("CIA completed or declined before it", settled),
            ("Neither completed nor declined before it", cells["not_settled_before"]),
            ("Share completed or declined before it", percent),
            ("Pre-sentence reports the child's words reached, with consent", cell(psr_reports, t)),
        ],
    )
