"""The parents' way through the justice system in the period, from the dated events of the
chronology: hearings adjourned (for a pre-sentence report and a CIA: plan action 5.2), the
sentences given to parents who cared for a child, and whether the child's view went into
the pre-sentence reports written, side by side. Counted in hearings, sentences and reports,
not children (a parent may have several)."""

from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q

from assessments.models import JusticeEvent, ParentChildLink

from .pilot import Period
from .suppression import LinkedCounts, Table, suppressed_table

Kind, Outcome = JusticeEvent.Kind, JusticeEvent.Outcome
SENTENCES = [(v, label) for v, label in Outcome.choices if v in JusticeEvent.SENTENCES]


def justice_counts(ids, period: Period) -> list[list]:
    """[kind, outcome, adjourned for, the child's view, to a carer, how many] of the hearings
    and reports counted."""
    carer = Exists(
        ParentChildLink.objects.filter(
            parent=OuterRef("parent"), care_arrangement__in=ParentChildLink.CARED_FOR
        )
    )
    counted = (
        JusticeEvent.objects.filter(
            parent__in=ParentChildLink.objects.filter(child__in=ids).values("parent"),
            on__range=period.range,
        )
        .filter(
            Q(kind=Kind.HEARING, outcome__in=[Outcome.ADJOURNED, *JusticeEvent.SENTENCES])
            | Q(kind=Kind.REPORT_WRITTEN)
        )
        .annotate(carer=carer)
        .values_list("kind", "outcome", "adjourned_for", "child_view", "carer")
        .annotate(n=Count("pk"))
    )
    return [list(row) for row in counted]


def justice_tables(counted: list[list], t: int) -> list[Table]:
    adjourned, reports, sentences = Counter(), Counter(), Counter()
    for kind, outcome, adjourned_for, child_view, is_carer, n in counted:
        if kind == Kind.REPORT_WRITTEN:
            reports[child_view] += n
        elif outcome == Outcome.ADJOURNED:
            adjourned[adjourned_for] += n
        else:
            sentences[outcome, is_carer] += n
    return [
        suppressed_table(
            "adjourned",
            "Hearings adjourned, and why",
            [(label, adjourned[v]) for v, label in JusticeEvent.AdjournedFor.choices]
            + [("Why not recorded", adjourned[""])],
            t,
            unit="hearings",
        ),
        *_sentences(sentences, t),
        suppressed_table(
            "reports-child-view",
            "Pre-sentence reports written: did the child's view go in?",
            [(label, reports[v]) for v, label in JusticeEvent.ChildView.choices]
            + [("Not recorded", reports[""])],
            t,
            unit="reports",
        ),
    ]


def _sentences(given: Counter, t: int) -> list[Table]:
    """Sentences given, to parents who cared for a child before and to other parents, and
    the carers' by sentence: one set of linked counts."""
    linked = LinkedCounts(t)
    carers = [linked.add(v, given[v, True]) for v, _label in SENTENCES]
    linked.add("carers", sum(given[v, True] for v, _label in SENTENCES))
    linked.split("carers", carers)
    linked.add("others", sum(given[v, False] for v, _label in SENTENCES))
    linked.add("all", linked.values["carers"] + linked.values["others"])
    linked.split("all", ["carers", "others"])
    cells = linked.cells()
    return [
        Table(
            "sentences",
            "Sentences given",
            [
                ("To parents who cared for a child before", cells["carers"]),
                ("To other parents", cells["others"]),
            ],
            cells["all"],
            unit="sentences",
        ),
        Table(
            "sentences-to-carers",
            "Sentences given to parents who cared for a child before",
            [(label, cells[v]) for v, label in SENTENCES],
            cells["carers"],
            unit="sentences",
        ),
    ]
