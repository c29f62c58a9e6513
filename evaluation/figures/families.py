"""The families' side, which the costs report (seed 004) found nobody records: how the parent
cared for the child before, who the child lives with now, brothers and sisters apart, care
status, the prison's distance and whether contact is kept up, mentors offered and whether the
child was given back what happens next; and the parents: carers, pregnant, how many children.

Each child is counted once, by the parent in the justice system first recorded for them (most
have one). What is counted is as recorded now, not as it was at the start of the period. The
children's tables share the children's total with the profile, so they are linked with it in
`children._linked` (`link_children`); the parents' are linked among themselves."""

from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q

from assessments.models import (
    Child,
    JusticeEvent,
    ParentChildLink,
    ParentInJustice,
    YouSaidWeDid,
)
from referrals.models import OnwardReferral, SupportService

from .pilot import Period
from .suppression import Cell, LinkedCounts, Table

Care = ParentChildLink.CareArrangement
Contact = ParentChildLink.Contact
# (label, fewest miles, most miles): together with "not recorded" they cover every child.
DISTANCE_BANDS = [
    ("Under 25 miles", 0, 24),
    ("25 to 49 miles", 25, 49),
    ("50 to 99 miles", 50, 99),
    ("100 miles or more", 100, None),
]
# (label, fewest children, most): with "not recorded", every parent.
CHILDREN_BANDS = [("1 child", 1, 1), ("2 children", 2, 2), ("3 children", 3, 3)]
CHILDREN_BANDS += [("4 or more children", 4, None)]


def _breakdowns() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The tables that split the children in the pilot: (slug, title, [(count, label)])."""
    return [
        (
            "living-now",
            "Who the children live with now",
            [(f"living_{v}", label) for v, label in Child.LivingArrangement.choices],
        ),
        (
            "siblings-apart",
            "Children living apart from brothers or sisters",
            [(f"siblings_{v}", label) for v, label in Child.SiblingsApart.choices],
        ),
        (
            "care-status",
            "Children by care status",
            [(f"care_status_{v}", label) for v, label in Child.CareStatus.choices],
        ),
    ]


CARE_BEFORE = [(f"care_{v}", label) for v, label in Care.choices]


def _prison_breakdowns() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The tables that split the children whose parent went to prison."""
    return [
        (
            "prison-distance",
            "How far the prison is from the child's home",
            [(f"distance_{i}", band[0]) for i, band in enumerate(DISTANCE_BANDS)]
            + [("distance_none", "Distance not recorded")],
        ),
        (
            "contact",
            "Keeping in touch with the parent who went to prison",
            [(f"contact_{v}", label) for v, label in Contact.choices],
        ),
    ]


def profile_counts() -> dict[str, Count]:
    """The counts of who the children live with, brothers and sisters apart and care status:
    conditional counts over the pilot's children (`children._profile_counts`)."""
    return {
        name: Count("pk", filter=Q(**{field: name.removeprefix(prefix)}))
        for field, prefix, (_slug, _title, rows) in zip(
            ("living_arrangement", "siblings_apart", "care_status"),
            ("living_", "siblings_", "care_status_"),
            _breakdowns(),
            strict=True,
        )
        for name, _label in rows
    }


def child_counts(ids, period: Period) -> dict[str, int]:
    """The counts of each child's first-recorded parent: how that parent cared for them and
    keeps in touch, and whether (and how far away) that parent was in prison by the end of the
    period; and the children with a mentor or "You said, we did".

    The links and the prison events are read once, a row each, and counted here: as a subquery
    per child, each count was a pass over the tables per count (1.9 s for a pilot of 1,300
    children at 100,000 counted in the database; 90 ms for 4,000 at 300,000 with a row a
    child; tens of milliseconds this way)."""
    links = ParentChildLink.objects.filter(child__in=ids)
    first_parent = {}  # child: (parent, how the parent cared for them, contact now)
    for child, *link in links.order_by("-created_at", "-pk").values_list(
        "child", "parent", "care_arrangement", "contact_now"
    ):
        first_parent[child] = link  # the last written is the first recorded
    latest_prison = {}  # parent: miles to the latest prison by the end of the period
    in_prison = JusticeEvent.objects.filter(
        parent__in=links.values("parent"), kind__in=JusticeEvent.IN_PRISON, on__lte=period.end
    )
    for parent, miles in in_prison.order_by("on", "created_at", "pk").values_list(
        "parent", "distance_miles"
    ):
        latest_prison[parent] = miles  # the last written is the latest
    counts = Counter()
    for parent, care, contact in first_parent.values():
        counts[f"care_{care}"] += 1
        if parent in latest_prison:
            counts["prison"] += 1
            counts[f"distance_{_band(latest_prison[parent])}"] += 1
            counts[f"contact_{contact}"] += 1
    mentors = OnwardReferral.objects.filter(
        action__child__in=ids,
        service__type=SupportService.Type.MENTORING,
        sent_at__date__range=period.range,
    ).aggregate(n=Count("action__child", distinct=True))
    given_back = YouSaidWeDid.objects.filter(
        assessment__child__in=ids, given_on__range=period.range
    ).aggregate(n=Count("assessment__child", distinct=True))
    counts["mentor"], counts["given_back"] = mentors["n"], given_back["n"]
    names = [name for *_table, rows in _prison_breakdowns() for name, _ in rows]
    names += [name for name, _label in CARE_BEFORE]
    return {name: counts[name] for name in [*names, "prison", "mentor", "given_back"]}


def _band(miles: int | None) -> int | str:
    if miles is None:
        return "none"
    return next(
        i for i, (_label, low, high) in enumerate(DISTANCE_BANDS) if low <= miles <= (high or miles)
    )


def link_children(linked: LinkedCounts, counts: dict[str, int]) -> None:
    """Add these counts, and the sums a reader could use, to the children's linked counts.

    Only a child with a parent recorded can have a parent in prison, so the children split
    into those with a parent recorded and those without, and those with a parent split two
    ways: by how the parent cared for them, and into whether the parent went to prison. A
    mentor is counted among the children and among the onward referrals to mentoring."""
    for _slug, _title, rows in _breakdowns():
        linked.split("children", [linked.add(name, counts[name]) for name, _label in rows])
    # (a reader knows how many have a parent recorded, the children less those with none,
    # and how many of those did not have a parent in prison: neither is on a page of its own)
    with_a_parent = sum(counts[name] for name, _label in CARE_BEFORE)
    with_parent = linked.add("with_parent", with_a_parent)
    linked.unpublished.add(with_parent)
    care_none = linked.add("care_none", counts["children"] - with_a_parent)
    linked.split("children", [with_parent, care_none])
    linked.split(with_parent, [linked.add(name, counts[name]) for name, _label in CARE_BEFORE])
    linked.add("prison", counts["prison"])
    linked.at_most("prison", with_parent)
    for _slug, _title, rows in _prison_breakdowns():
        linked.split("prison", [linked.add(name, counts[name]) for name, _label in rows])
    for name in ("mentor", "given_back"):
        linked.add(name, counts[name])
        linked.at_most(name, "children")
    linked.at_most("mentor", f"onward_{SupportService.Type.MENTORING}")


def children_tables(cells: dict[str, Cell]) -> list[Table]:
    tables = [
        Table(
            "care-before",
            "How the parent cared for the child before",
            [(label, cells[name]) for name, label in CARE_BEFORE]
            + [("No parent in the justice system recorded", cells["care_none"])],
            cells["children"],
        ),
        *(
            Table(slug, title, [(label, cells[name]) for name, label in rows], cells["children"])
            for slug, title, rows in _breakdowns()
        ),
    ]
    tables += [
        Table(
            slug,
            title,
            [(label, cells[name]) for name, label in rows],
            cells["prison"],
            note="Children whose parent went to prison by the end of the period; the "
            "distance is to the latest prison recorded.",
        )
        for slug, title, rows in _prison_breakdowns()
    ]
    tables.append(
        Table(
            "after-the-conversation",
            "Mentors, and telling the child what happens next",
            [
                ("Children referred to a mentor", cells["mentor"]),
                ("Children given 'You said, we did' (what happens next)", cells["given_back"]),
            ],
        )
    )
    return tables


def parent_counts(ids) -> dict[str, int]:
    """The parents of the pilot's children: carers, pregnant, and how many children."""
    cared = ParentChildLink.objects.filter(
        parent=OuterRef("pk"), care_arrangement__in=ParentChildLink.CARED_FOR
    )
    parents = ParentInJustice.objects.filter(
        pk__in=ParentChildLink.objects.filter(child__in=ids).values("parent")
    )
    bands = {}
    for i, (_label, low, high) in enumerate(CHILDREN_BANDS):
        band = Q(number_of_children__gte=low)
        if high is not None:
            band &= Q(number_of_children__lte=high)
        bands[f"children_{i}"] = Count("pk", filter=band)
    return parents.aggregate(
        parents=Count("pk"),
        carers=Count("pk", filter=Exists(cared)),
        pregnant=Count("pk", filter=Q(pregnant=True)),
        children_none=Count("pk", filter=Q(number_of_children__isnull=True)),
        **bands,
    )


def parents_tables(counts: dict[str, int], t: int) -> list[Table]:
    linked = LinkedCounts(t)
    linked.add("parents", counts["parents"])
    for name in ("carers", "pregnant"):
        linked.add(name, counts[name])
        linked.at_most(name, "parents")
    band_names = [f"children_{i}" for i in range(len(CHILDREN_BANDS))]
    linked.split(
        "parents",
        [linked.add(n, counts[n]) for n in [*band_names, "children_none"]],
    )
    cells = linked.cells()
    return [
        Table(
            "parents",
            "The parents in the justice system",
            [
                ("Parents of the children in the pilot", cells["parents"]),
                (
                    "Parents who cared for a child before (lived with, main or shared care)",
                    cells["carers"],
                ),
                ("Parents who are pregnant", cells["pregnant"]),
            ],
            unit="parents",
        ),
        Table(
            "parents-by-children",
            "How many children each parent has",
            [
                (label, cells[n])
                for (label, _lo, _hi), n in zip(CHILDREN_BANDS, band_names, strict=True)
            ]
            + [("Not recorded", cells["children_none"])],
            cells["parents"],
            unit="parents",
            note="Of any age, wherever they live, including children not known to this service.",
        ),
    ]
