"""The children's figures: the headline, the children's steps of the funnel, conversations by
stage, before sentencing, and who the children are. They share totals (every profile table
adds up to the children in the pilot; those offered, those who completed and those whose
mother was sentenced are among them), so they are suppressed together as one set of linked
counts, and every table made from it hides the same numbers."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Q

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


def child_counts(ids, period: Period) -> dict[str, int]:
    """Every count about the pilot's children in the period, before anything is hidden."""
    return (
        _profile_counts(ids, period)
        | _steps_counts(ids, period)
        | families.child_counts(ids, period)
        | activity.onward_counts(ids, period)
        | {"psr_reports": _psr_reports(ids, period)}
    )


def child_figures(pilot: Pilot, counts: dict[str, int]) -> ChildFigures:
    """The children's tables from their counts (`child_counts`), small numbers hidden."""
    t = pilot.suppress_below
    cells = _linked(counts, t).cells()
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
        before_sentencing=_before_sentencing_table(cells, counts["psr_reports"], t),
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


def _linked(counts: dict[str, int], t: int) -> LinkedCounts:
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
        linked.add(f"conversations_{value}", counts[f"conversations_{value}"])
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


def _profile_counts(ids, period: Period) -> dict[str, int]:
    """Every count of the children's own details, in one query of conditional counts."""
    counts = {"children": Count("pk")}
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
    return Child.objects.filter(pk__in=ids).aggregate(**counts, **families.profile_counts())


def _steps_counts(ids, period: Period) -> dict[str, int]:
    """The children's steps, their conversations by stage, and how many children had a CIA
    completed or declined before their mother's sentencing hearing.

    Each table is read once, a row per offer, completed conversation and sentencing hearing of
    the pilot's children, and the rows counted here. Asked of the database as a subquery per
    child, the same counts cost a pass over each table per count: about 250 ms for a pilot of
    4,000 children at 300,000, against tens of milliseconds this way."""
    said_yes = {Offer.Outcome.ACCEPTED, Offer.Outcome.SOMEONE_ELSE}
    offered, agreed, first_declined = set(), set(), {}
    for child, on, outcome in (
        Offer.objects.filter(child__in=ids).order_by().values_list("child", "offered_on", "outcome")
    ):
        if period.start <= on <= period.end:
            offered.add(child)
            if outcome in said_yes:
                agreed.add(child)
        if outcome == Offer.Outcome.DECLINED:
            first_declined[child] = min(on, first_declined.get(child, on))

    counts = Counter()
    first_stage, first_completed = {}, {}
    conversations = (
        Assessment.objects.filter(child__in=ids, status=Assessment.Status.COMPLETED)
        .order_by("conversation_date", "created_at", "pk")
        .values_list("child", "conversation_date", "stage")
    )
    for child, on, stage in conversations:
        first_completed.setdefault(child, on)
        if period.start <= on <= period.end:
            counts[f"conversations_{stage}"] += 1
            first_stage.setdefault(child, stage)
    for stage in first_stage.values():
        counts[f"first_{stage}"] += 1

    # The first sentencing hearing in the period, for each child whose mother had one.
    sentenced_on = dict(
        JusticeEvent.objects.sentencing()
        .filter(parent__links__child__in=ids, on__range=period.range)
        .values_list("parent__links__child")
        .annotate(first=Min("on"))
    )
    settled_before = [
        child
        for child, on in sentenced_on.items()
        if min(first_completed.get(child, date.max), first_declined.get(child, date.max)) <= on
    ]
    return {
        "offered": len(offered),
        "said_yes": len(agreed),
        "completed": len(first_stage),
        "sentenced": len(sentenced_on),
        "settled_before": len(settled_before),
    } | {
        f"{name}_{value}": counts[f"{name}_{value}"]
        for name in ("first", "conversations")
        for value in Stage.values
    }


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
