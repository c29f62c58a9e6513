"""Every figure the chair sees, worked out in the database, and small-number suppression.

The chair (and through the report, funders and the Police and Crime Commissioner) are not
working with the children, and a pilot of 15 means almost every breakdown points at someone.
So every count from 1 up to the pilot's threshold shows as "fewer than N", and where a table
has a total that would give a hidden cell away, a second cell is hidden too. A hidden count is
dropped here, before any page, chart, CSV or PDF sees it.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    AgreedAction,
    Assessment,
    Child,
    Consent,
    CourtHearing,
    Offer,
    ParentChildLink,
    ParentInJustice,
    SafeguardingOverride,
    Stage,
)
from assessments.selectors import child_ids_for_evaluation
from cia_portal.dates import add_years
from referrals.models import OnwardReferral, SupportService
from referrals.selectors import referrals_for_evaluation

from .models import FeedbackResponse, Pilot, PlanAction, PlanOutcome, Respondent, UnitCost

# Cells and tables -------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """A count as it may be shown. A suppressed cell does not hold its number at all."""

    value: int | None
    threshold: int

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        return f"fewer than {self.threshold}" if self.value is None else f"{self.value:,}"


def cell(count: int, threshold: int) -> Cell:
    return Cell(None if 0 < count < threshold else count, threshold)


@dataclass
class Table:
    slug: str
    title: str
    rows: list[tuple[str, Cell]]
    total: Cell | None = None
    unit: str = "children"
    note: str = ""

    @property
    def largest(self) -> int:
        return max([c.value for _, c in self.rows if c.value is not None] or [0])


def suppressed_table(
    slug: str, title: str, counts: list[tuple[str, int]], threshold: int, *, total=True, **kw
) -> Table:
    """Primary suppression of each cell, then secondary suppression against the total."""
    hidden = [0 < n < threshold for _, n in counts]
    if total and sum(hidden) == 1:
        others = [i for i, (_, n) in enumerate(counts) if n > 0 and not hidden[i]]
        if others:  # with no other, the total is itself below the threshold and hidden
            hidden[min(others, key=lambda i: counts[i][1])] = True
    rows = [
        (label, Cell(None if hide else n, threshold))
        for (label, n), hide in zip(counts, hidden, strict=True)
    ]
    return Table(
        slug,
        title,
        rows,
        total=cell(sum(n for _, n in counts), threshold) if total else None,
        **kw,
    )


# The period and the pilot's records -------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def range(self) -> tuple[date, date]:
        return (self.start, self.end)


def pilot_referrals(pilot: Pilot, period: Period):
    return referrals_for_evaluation(
        organisations=pilot.partners.all(), start=period.start, end=period.end
    )


def pilot_child_ids(pilot: Pilot, period: Period) -> RawSQL | list:
    """The pilot's children, found once (one query) and then named by id in every figure
    (`child__in=ids`), so the database does not look for them again for each one."""
    families = pilot_referrals(pilot, period).filter(family__isnull=False).values("family")
    return _one_parameter(
        child_ids_for_evaluation(
            court=pilot.court, start=period.start, end=period.end, families=families
        )
    )


def _one_parameter(ids: list) -> RawSQL | list:
    """The ids as one query parameter. On PostgreSQL that is a single '{id,id,...}' array
    literal, quick to send and to read however many children there are (as separate values,
    1,300 ids cost about 5 ms a query). The demo's embedded SQLite has no arrays: a list."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::uuid[])", ("{" + ",".join(map(str, ids)) + "}",))
    return ids


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median, worked out by the database."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def _median_days(queryset: QuerySet, expression) -> tuple[float | None, int]:
    """(median days, how many) of a date difference. The embedded SQLite of `make run` has no
    percentile function, so there (and only there) the values are fetched and the median taken
    in Python."""
    queryset = queryset.annotate(gap=expression)  # NULL where either date is missing
    if connection.vendor == "postgresql":
        # Both aggregates skip the NULLs, so the gap is worked out once per row.
        result = queryset.aggregate(
            median=Median("gap", output_field=DurationField()), n=Count("gap")
        )
        median, n = result["median"], result["n"]
        return (median.total_seconds() / 86400 if median is not None else None), n
    gaps = [
        gap.total_seconds() / 86400
        for gap in queryset.values_list("gap", flat=True)
        if gap is not None
    ]
    return (statistics.median(gaps) if gaps else None), len(gaps)


def _days(end, start):
    return ExpressionWrapper(end - start, output_field=DurationField())


# The dashboard ----------------------------------------------------------------------------

AGE_BANDS = [("Under 5", 0, 4), ("5 to 10", 5, 10), ("11 to 15", 11, 15), ("16 and over", 16, 200)]


@dataclass
class Timeliness:
    label: str
    days: float | None
    n: int
    threshold: int

    def __str__(self) -> str:
        if self.n < self.threshold:
            return f"not shown (fewer than {self.threshold} to count)"
        return f"{self.days:.1f} days".replace(".0 days", " days")


@dataclass
class Dashboard:
    pilot: Pilot
    period: Period
    headline: Table
    funnel: Table
    referrals_by_route: Table
    referrals_by_stage: Table
    conversations_by_stage: Table
    timeliness: list[Timeliness]
    before_sentencing: Table
    onward_by_type: Table
    sharing: Table
    feedback: list[dict]
    quotes: list[FeedbackResponse]
    profile: list[Table]
    plan: list[dict] = field(default_factory=list)
    costs: "CostEstimate | None" = None

    @property
    def tables(self) -> list[Table]:
        """Every table, for the CSV export."""
        return [
            self.headline,
            self.funnel,
            self.referrals_by_route,
            self.referrals_by_stage,
            self.conversations_by_stage,
            self.before_sentencing,
            self.onward_by_type,
            self.sharing,
            *self.profile,
            self.feedback_table,
            self.timeliness_table,
            self.plan_table,
        ]

    @property
    def timeliness_table(self) -> Table:
        rows = [
            (t.label, Cell(None if t.n < t.threshold else round(t.days, 1), t.threshold))
            for t in self.timeliness
        ]
        return Table("timeliness", "How quickly", rows, unit="days (median)")

    @property
    def plan_table(self) -> Table:
        """Not about children, so nothing is hidden."""
        rows = [
            (f"Outcome {row['outcome'].number}: {label}", Cell(row["counts"][value], 0))
            for row in self.plan
            for value, label in PlanAction.Status.choices
        ]
        return Table("action-plan", "Action plan progress", rows, unit="actions")

    @property
    def feedback_table(self) -> Table:
        rows = []
        for group in self.feedback:
            rows.append((f"{group['label']}: responses", group["n"]))
            for question, share in group["shares"]:
                rows.append((f"{group['label']}: {question} (% agreeing)", share))
        return Table("feedback", "Feedback", rows, unit="responses or %")


def dashboard(pilot: Pilot, period: Period) -> Dashboard:
    t = pilot.suppress_below
    ids = pilot_child_ids(pilot, period)
    children = Child.objects.filter(pk__in=ids)
    referrals = pilot_referrals(pilot, period)
    figures = _child_figures(children, ids, period)

    headline = Table(
        "headline",
        "Against the target",
        [
            ("Children with a completed CIA", cell(figures["assessed"], t)),
            ("Target", Cell(pilot.target_children, t)),
            ("Children in the pilot", cell(figures["children"], t)),
        ],
    )
    # An action counts in the period of the conversation that agreed it (or of its recording).
    actions = AgreedAction.objects.annotate(
        agreed_on=Coalesce("assessment__conversation_date", TruncDate("created_at"))
    ).filter(child__in=ids, agreed_on__range=period.range)
    action_counts = actions.aggregate(
        agreed=Count("pk"), done=Count("pk", filter=Q(status=AgreedAction.Status.DONE))
    )
    by_route = list(
        referrals.values("route__name", "route__stage").annotate(n=Count("pk")).order_by("-n")
    )
    funnel_rows = [
        ("Referrals received (families)", sum(r["n"] for r in by_route)),
        ("Children offered a CIA", figures["offered"]),
        ("Children who said yes", figures["accepted"]),
        ("Children with a completed CIA", figures["assessed"]),
    ]
    funnel_rows += [
        (f"Completed at {label.lower()}", figures[f"assessed_{value}"])
        for value, label in Stage.choices
    ]
    funnel_rows += [
        ("Actions agreed", action_counts["agreed"]),
        ("Actions completed", action_counts["done"]),
    ]
    funnel = Table(
        "funnel",
        "From referral to action",
        [(label, cell(n, t)) for label, n in funnel_rows],
        unit="children, referrals or actions",
    )

    referrals_by_route = suppressed_table(
        "referrals-by-route",
        "Referrals by route",
        [(r["route__name"], r["n"]) for r in by_route],
        t,
        unit="referrals",
    )
    stage_counts = {value: 0 for value in Stage.values}
    for r in by_route:
        stage_counts[r["route__stage"]] += r["n"]
    referrals_by_stage = suppressed_table(
        "referrals-by-stage",
        "Referrals by the stage where the child was found",
        [(label, stage_counts[value]) for value, label in Stage.choices],
        t,
        unit="referrals",
    )

    completed = Assessment.objects.filter(
        child__in=ids,
        status=Assessment.Status.COMPLETED,
        conversation_date__range=period.range,
    )
    stage_n = dict(completed.values_list("stage").annotate(n=Count("pk")))
    # No total here: with the funnel's children per stage beside it, a total would let a
    # reader work out a hidden cell.
    conversations_by_stage = suppressed_table(
        "conversations-by-stage",
        "Completed conversations by stage",
        [(label, stage_n.get(value, 0)) for value, label in Stage.choices],
        t,
        total=False,
        unit="conversations",
    )

    to_offer = _median_days(
        referrals.filter(offered_at__isnull=False), _days(TruncDate("offered_at"), F("received_on"))
    )
    to_conversation = _median_days(
        children.annotate(
            first_offer=Min("offers__offered_on"),
            first_conversation=Min("assessments__conversation_date"),
        ),
        _days(F("first_conversation"), F("first_offer")),
    )
    timeliness = [
        Timeliness("Median days from referral to offer", *to_offer, t),
        Timeliness("Median days from offer to first conversation", *to_conversation, t),
    ]

    before_sentencing = Table(
        "before-sentencing",
        "Before the mother's sentencing hearing",
        [
            ("Children whose mother had a sentencing hearing", cell(figures["sentenced"], t)),
            ("CIA completed or declined before it", cell(figures["settled_before"], t)),
            ("Share completed or declined before it (%)", _share(figures, t)),
            (
                "Pre-sentence reports the child's words reached, with consent",
                cell(figures["psr_reports"], t),
            ),
        ],
    )
    onward = dict(
        OnwardReferral.objects.filter(action__child__in=ids, sent_at__date__range=period.range)
        .values_list("service__type")
        .annotate(n=Count("pk"))
    )
    onward_by_type = suppressed_table(
        "onward-by-type",
        "Onward referrals by type of service",
        [(label, onward.get(value, 0)) for value, label in SupportService.Type.choices],
        t,
        unit="onward referrals",
    )
    sharing = _sharing(ids, period, t)
    feedback, quotes = _feedback(pilot, period, t)
    profile = [
        suppressed_table(
            "age",
            "Children by age",
            [(label, figures[f"age_{i}"]) for i, (label, _, _) in enumerate(AGE_BANDS)],
            t,
        ),
        suppressed_table(
            "gender",
            "Children by gender",
            [(label, figures[f"gender_{v}"]) for v, label in Child.Gender.choices],
            t,
        ),
        suppressed_table(
            "ethnicity",
            "Children by ethnicity",
            [(label, figures[f"ethnicity_{v}"]) for v, label in Child.Ethnicity.choices],
            t,
        ),
    ]
    return Dashboard(
        pilot=pilot,
        period=period,
        headline=headline,
        funnel=funnel,
        referrals_by_route=referrals_by_route,
        referrals_by_stage=referrals_by_stage,
        conversations_by_stage=conversations_by_stage,
        timeliness=timeliness,
        before_sentencing=before_sentencing,
        onward_by_type=onward_by_type,
        sharing=sharing,
        feedback=feedback,
        quotes=quotes,
        profile=profile,
        plan=plan_progress(pilot),
        costs=cost_estimate(pilot, period, ids),
    )


def _child_figures(children: QuerySet[Child], ids, period: Period) -> dict[str, int]:
    """Every count about children, in one query of conditional counts."""

    def has(model, **filters):
        return Exists(model.objects.filter(child=OuterRef("pk"), **filters))

    in_period = {"offered_on__range": period.range}
    done = {"status": Assessment.Status.COMPLETED, "conversation_date__range": period.range}
    end = period.end
    counts = {
        "children": Count("pk"),
        "offered": Count("pk", filter=has(Offer, **in_period)),
        "accepted": Count(
            "pk",
            filter=has(
                Offer,
                outcome__in=[Offer.Outcome.ACCEPTED, Offer.Outcome.SOMEONE_ELSE],
                **in_period,
            ),
        ),
        "assessed": Count("pk", filter=has(Assessment, **done)),
    }
    for value in Stage.values:
        counts[f"assessed_{value}"] = Count("pk", filter=has(Assessment, stage=value, **done))
    for i, (_label, low, high) in enumerate(AGE_BANDS):  # age on the last day of the period
        born_after, born_by = add_years(end, -(high + 1)), add_years(end, -low)
        counts[f"age_{i}"] = Count(
            "pk", filter=Q(date_of_birth__gt=born_after, date_of_birth__lte=born_by)
        )
    for value in Child.Gender.values:
        counts[f"gender_{value}"] = Count("pk", filter=Q(gender=value))
    for value in Child.Ethnicity.values:
        counts[f"ethnicity_{value}"] = Count("pk", filter=Q(ethnicity=value))
    figures = children.aggregate(**counts)
    figures |= _before_sentencing(children, period)
    # Reports reached: one per mother, however many of her children's words went in.
    figures["psr_reports"] = (
        ParentChildLink.objects.filter(
            child__in=ids,
            child__consents__for_pre_sentence_report=True,
            child__consents__given_on__range=period.range,
        )
        .values("parent")
        .distinct()
        .count()
    )
    return figures


def _share(figures: dict, t: int) -> Cell:
    """The percentage settled before sentencing, shown only when both counts are."""
    sentenced, settled = figures["sentenced"], figures["settled_before"]
    if cell(sentenced, t).suppressed or cell(settled, t).suppressed or not sentenced:
        return Cell(None, t)
    return Cell(round(100 * settled / sentenced), t)


def _before_sentencing(children: QuerySet[Child], period: Period) -> dict[str, int]:
    """Children whose mother had a sentencing hearing in the period, and how many of them had
    completed (or declined) a CIA by the day of that hearing (the first, if several)."""
    sentencing = CourtHearing.objects.filter(
        parent__links__child=OuterRef("pk"),
        purpose=CourtHearing.Purpose.SENTENCING,
        date__range=period.range,
    ).order_by("date")
    sentenced = children.annotate(sentenced_on=Subquery(sentencing.values("date")[:1])).filter(
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


def _sharing(ids, period: Period, t: int) -> Table:
    consents = Consent.objects.filter(child__in=ids)
    counts = consents.aggregate(
        given=Count("pk", filter=Q(given_on__range=period.range)),
        withdrawn=Count("pk", filter=Q(withdrawn_at__date__range=period.range)),
    )
    overrides = SafeguardingOverride.objects.filter(
        child__in=ids, created_at__date__range=period.range
    ).count()
    return Table(
        "sharing",
        "Consent and safeguarding overrides",
        [
            ("Consents to share given", cell(counts["given"], t)),
            ("Consents withdrawn", cell(counts["withdrawn"], t)),
            ("Safeguarding overrides (shared without consent)", cell(overrides, t)),
        ],
        unit="records",
    )


QUESTIONS = [
    ("listened_to", _("Felt listened to")),
    ("supported", _("Felt well supported")),
    ("included", _("Included in decisions about the actions")),
]


def _feedback(pilot: Pilot, period: Period, t: int) -> tuple[list[dict], list]:
    responses = FeedbackResponse.objects.filter(pilot=pilot, submitted_on__range=period.range)
    counts = {"n": Count("pk")}
    for name, _label in QUESTIONS:
        counts[f"{name}_answered"] = Count("pk", filter=Q(**{f"{name}__isnull": False}))
        counts[f"{name}_agree"] = Count("pk", filter=Q(**{f"{name}__gte": 4}))
    rows = {r["respondent"]: r for r in responses.values("respondent").annotate(**counts)}
    groups = []
    for value, label in Respondent.choices:
        row = rows.get(value, {"n": 0})
        n = cell(row["n"], t)
        shares = []
        for name, question in QUESTIONS:
            answered = row.get(f"{name}_answered", 0)
            share = (
                Cell(round(100 * row[f"{name}_agree"] / answered), t)
                if not n.suppressed and answered >= t
                else Cell(None, t)
            )
            shares.append((question, share))
        groups.append({"value": value, "label": label, "n": n, "shares": shares})
    quotes = list(
        responses.filter(may_quote=True).exclude(comments="").order_by("respondent", "pk")
    )
    return groups, quotes


def plan_progress(pilot: Pilot) -> list[dict]:
    """Each outcome of the plan with how many of its actions are in each status."""
    statuses = PlanAction.Status.values
    outcomes = PlanOutcome.objects.filter(pilot=pilot).annotate(
        **{f"n_{s}": Count("actions", filter=Q(actions__status=s)) for s in statuses}
    )
    progress = []
    for outcome in outcomes:
        counts = {s: getattr(outcome, f"n_{s}") for s in statuses}
        progress.append({"outcome": outcome, "counts": counts, "total": sum(counts.values())})
    return progress


@dataclass
class CostEstimate:
    custody: list
    community: list
    per_family: Decimal
    families: Cell

    @property
    def total(self) -> Decimal | None:
        return None if self.families.suppressed else self.per_family * self.families.value

    @property
    def paths(self) -> list[tuple[str, list, str]]:
        return [
            (UnitCost.Path.CUSTODY.label, self.custody, ""),
            (f"Less: {UnitCost.Path.COMMUNITY.label.lower()}", self.community, "minus "),
        ]


def cost_estimate(pilot: Pilot, period: Period, ids: RawSQL | list | None = None) -> CostEstimate:
    """The per-family unit-cost method: (custody path) - (community path), per family, for the
    families whose mother served a community sentence. An estimate, never a measured saving.
    `ids`: the pilot's children, if already found."""
    costs = list(pilot.unit_costs.all())
    custody = [c for c in costs if c.path == UnitCost.Path.CUSTODY]
    community = [c for c in costs if c.path == UnitCost.Path.COMMUNITY]
    per_family = sum((c.total for c in custody), Decimal(0)) - sum(
        (c.total for c in community), Decimal(0)
    )
    families = (
        ParentChildLink.objects.filter(
            child__in=ids if ids is not None else pilot_child_ids(pilot, period),
            parent__sentence_type__in=[
                ParentInJustice.SentenceType.COMMUNITY,
                ParentInJustice.SentenceType.SUSPENDED,
            ],
        )
        .values("parent")
        .distinct()
        .count()
    )
    return CostEstimate(custody, community, per_family, cell(families, pilot.suppress_below))
