"""Small-number suppression keeps its promise (docs/decisions/0006-suppression.md):

    From everything published (every shown count, every total, the tables that share them,
    and what the labels say), every figure marked [c] could still be any whole number from
    1 to t-1, and no hidden figure could be fewer than t-1 different numbers.

A reader's knowledge is written out here on its own, apart from the code under test: a shown
count is known; "[c] fewer than t" is 0 to t-1 for a count in a sum (where zeros are hidden
too) and 1 to t-1 for a count on its own (whose zero would be shown); "[x] hidden to protect
another figure" is t or more; "[z] not shown" and an unpublished rest (children
in the pilot who were not offered a CIA, say) are 0 or more; and the sums hold.
An integer linear programming solver (scipy's HiGHS) then finds the least and greatest value
each hidden figure could take, and which values in between it could take.
"""

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from evaluation.figures.suppression import (
    Cell,
    Hidden,
    LinkedCounts,
    cell,
    key,
    possible_values,
    share,
    suppress,
    suppressed_table,
)

# A reader with a solver ----------------------------------------------------------------------


def reader_knows(values, hidden, sums, t, unpublished):
    """(least, greatest) each count may be before the sums are used, from the labels alone."""
    in_a_sum = {name for total, parts in sums for name in (total, *parts)}
    known = {}
    for name, value in values.items():
        how = hidden.get(name)
        if name in unpublished or how is Hidden.WITHDRAWN:
            known[name] = (0, np.inf)
        elif how is Hidden.SMALL:
            known[name] = (0 if name in in_a_sum else 1, t - 1)
        elif how is Hidden.PROTECTS:
            known[name] = (t, np.inf)
        else:
            known[name] = (value, value)
    return known


FAR = 10**6  # "no upper bound": far beyond any count here, so the solver always has a bound


class Solver:
    """Whole-number solutions of the sums within what the reader knows."""

    def __init__(self, known: dict, sums):
        self.names = list(known)
        self.index = {name: i for i, name in enumerate(self.names)}
        self.low = np.array([known[n][0] for n in self.names], dtype=float)
        self.high = np.array([min(known[n][1], FAR) for n in self.names], dtype=float)
        rows = []
        for total, parts in sums:
            row = np.zeros(len(self.names))
            row[self.index[total]] = 1
            for part in parts:
                row[self.index[part]] -= 1
            rows.append(row)
        self.constraints = [LinearConstraint(np.array(rows), 0, 0)] if rows else []

    def _solve(self, objective, low=None, high=None):
        return milp(
            objective,
            integrality=np.ones(len(self.names)),
            bounds=Bounds(self.low if low is None else low, self.high if high is None else high),
            constraints=self.constraints,
        )

    def least_and_greatest(self, name) -> tuple[float, float]:
        objective = np.zeros(len(self.names))
        objective[self.index[name]] = 1
        least, greatest = self._solve(objective), self._solve(-objective)
        assert least.status == greatest.status == 0, least.message  # the truth is a solution
        return round(least.fun), (np.inf if -greatest.fun > FAR / 2 else round(-greatest.fun))

    def could_be(self, name, value) -> bool:
        low, high = self.low.copy(), self.high.copy()
        low[self.index[name]] = high[self.index[name]] = value
        return self._solve(np.zeros(len(self.names)), low, high).status == 0


def broken_promises(values, hidden, sums, t, unpublished=frozenset(), known=None) -> list[str]:
    """Every way the published figures break the promise (empty when they keep it). `known`:
    what the reader knows before the sums, if not only from these labels and sums."""
    solver = Solver(known or reader_knows(values, hidden, sums, t, unpublished), sums)
    broken = []
    for name, how in hidden.items():
        if how is None:
            continue
        least, greatest = solver.least_and_greatest(name)
        small = how in (Hidden.SMALL, Hidden.WITHDRAWN) and 0 < values[name] < t
        if small:  # a hidden zero, or a [z] of t or more, makes no promise of its own
            if least > 1 or greatest < t - 1:
                broken.append(f"[c] {name}={values[name]} is {least} to {greatest}")
        elif how is Hidden.PROTECTS and greatest - least + 1 < t - 1:
            broken.append(f"[x] {name}={values[name]} is {least} to {greatest}")
    return broken


def table_sums(rows: list[int], total=True):
    values = {f"row {i}": n for i, n in enumerate(rows)}
    sums = []
    if total:
        values["total"] = sum(rows)
        sums = [("total", tuple(f"row {i}" for i in range(len(rows))))]
    return values, sums


def published(table) -> dict:
    cells = {f"row {i}": c for i, (_label, c) in enumerate(table.rows)}
    if table.total:
        cells["total"] = table.total
    return {name: c.hidden for name, c in cells.items()}


# The examples of issue 16 -----------------------------------------------------------------------


def test_the_solver_works_out_both_hidden_cells_of_the_old_gender_table():
    """Before: Girl 7, Boy 8, two cells "fewer than 5" and a total of 17 (only one hidden cell
    would have been protected). A reader with the total knows both are 1."""
    values, sums = table_sums([7, 8, 1, 1])
    # Zeros were shown then, so "fewer than 5" was 1 to 4.
    known = {"row 0": (7, 7), "row 1": (8, 8), "row 2": (1, 4), "row 3": (1, 4)}
    solver = Solver(known | {"total": (17, 17)}, sums)
    assert solver.least_and_greatest("row 2") == solver.least_and_greatest("row 3") == (1, 1)
    old = {"row 0": None, "row 1": None, "row 2": Hidden.SMALL, "row 3": Hidden.SMALL}
    assert broken_promises(values, old | {"total": None}, sums, 5)  # 0 to 2, even now


def test_the_gender_table_of_the_issue_is_protected_and_honestly_labelled():
    table = suppressed_table(
        "gender", "By gender", [("Girl", 7), ("Boy", 8), ("A", 1), ("B", 1)], 5
    )
    values, sums = table_sums([7, 8, 1, 1])
    assert broken_promises(values, published(table), sums, 5) == []
    labels = [str(c) for _label, c in table.rows]
    assert labels[2:] == ["[c] fewer than 5", "[c] fewer than 5"]
    # The 7 is hidden to protect the 1s, and says so: it does not claim "fewer than 5".
    assert labels[:2] == ["[x] hidden to protect another figure", "8"]
    assert str(table.total) == "17"


def test_a_hidden_cell_does_not_carry_its_number_or_claim_to_be_small():
    table = suppressed_table("t", "T", [("a", 3), ("b", 9), ("c", 12)], 5)
    a, b, c = (cell for _label, cell in table.rows)
    assert (a.value, a.hidden, str(a)) == (None, Hidden.SMALL, "[c] fewer than 5")
    assert (b.value, b.hidden) == (None, Hidden.PROTECTS)
    assert "fewer than" not in str(b) and str(c) == "12" and str(table.total) == "24"


def test_a_zero_in_a_table_is_hidden_and_a_zero_on_its_own_is_shown():
    """With zeros shown, four [c] rows beside a zero under a total below 5 would each be at
    least 1, so all 1."""
    small = suppressed_table("t", "T", [("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 0)], 5)
    assert [str(c) for _l, c in small.rows] == ["[c] fewer than 5"] * 5
    assert str(small.total) == "[c] fewer than 5"
    values, sums = table_sums([1, 1, 1, 1, 0])
    assert broken_promises(values, published(small), sums, 5) == []
    alone = suppressed_table("t", "T", [("a", 0), ("b", 3)], 5, total=False)
    assert [str(c) for _l, c in alone.rows] == ["0", "[c] fewer than 5"]


def test_a_total_is_hidden_when_the_rows_alone_cannot_protect_each_other():
    # 4 + 4 = 8: with the total shown, both are 4.
    table = suppressed_table("t", "T", [("a", 4), ("b", 4)], 5)
    assert table.total.hidden is Hidden.PROTECTS
    values, sums = table_sums([4, 4])
    assert broken_promises(values, published(table), sums, 5) == []


def test_without_a_total_nothing_else_is_hidden():
    table = suppressed_table("t", "T", [("a", 3), ("b", 7)], 5, total=False)
    assert [str(c) for _l, c in table.rows] == ["[c] fewer than 5", "7"]
    assert [str(c) for _l, c in suppressed_table("t", "T", [("a", 3)], 3, total=False).rows] == [
        "3"
    ]


def test_tables_that_share_a_total_protect_each_other():
    """Children by age and by gender add up to the same children. Each table alone is safe
    (the total protects its [c] cells), but the total is the same number in both."""
    linked = LinkedCounts(5)
    linked.add("children", 12)
    linked.split("children", [linked.add(f"age {i}", n) for i, n in enumerate([2, 10])])
    linked.split("children", [linked.add(f"gender {i}", n) for i, n in enumerate([6, 6])])
    hidden = suppress(linked.values, linked.sums, 5, linked.unpublished)
    assert hidden["age 0"] is Hidden.SMALL and hidden["age 1"] is Hidden.PROTECTS
    assert hidden["children"] is None  # shown: the age table hides its own cells
    assert broken_promises(linked.values, hidden, linked.sums, 5) == []


def test_a_step_and_what_is_left_of_it():
    """Offered 15, said yes 14: the one who said no is protected, and said yes is hidden to
    protect them (decision: differences that count children who said no are protected)."""
    linked = LinkedCounts(5)
    for name, n in [("children", 20), ("offered", 15), ("said yes", 14), ("said no", 1)]:
        linked.add(name, n)
    linked.at_most("offered", "children")
    linked.split("offered", ["said yes", "said no"])
    cells = linked.cells()
    assert str(cells["said no"]) == "[c] fewer than 5"
    assert cells["said yes"].hidden is Hidden.PROTECTS and cells["offered"].value == 15
    hidden = {name: c.hidden for name, c in cells.items()}
    assert broken_promises(linked.values, hidden, linked.sums, 5, linked.unpublished) == []


def test_an_accepted_difference_is_not_protected_and_hides_nothing():
    """Children 10, offered 8: that 2 were not offered yet is the service's progress, an
    accepted difference (decision 0006), so it is an unpublished rest, not a small count,
    and nothing is hidden to protect it (found by make mutants: marking it published, or
    forgetting the unpublished rests, hid a figure for nothing)."""
    linked = LinkedCounts(5)
    linked.add("children", 10)
    linked.add("offered", 8)
    linked.at_most("offered", "children")
    cells = linked.cells()
    assert (cells["children"].value, cells["offered"].value) == (10, 8)


def test_a_breakdown_is_left_out_when_nothing_else_can_protect_it():
    """Four children split 2 + 2 one way (both [c], so at most 4 in all) and 1 + 3 another:
    hiding the 3 says it is at least 3, so the 1 could only be 0 or 1, however much else is
    hidden. The second breakdown is left out whole, and marked so."""
    linked = LinkedCounts(3)
    linked.add("all", 25)
    for name, n in [("a", 21), ("b", 4), ("b1", 2), ("b2", 2), ("b3", 1), ("b4", 3)]:
        linked.add(name, n)
    linked.split("all", ["a", "b"])
    linked.split("b", ["b1", "b2"])
    linked.split("b", ["b3", "b4"])
    hidden = suppress(linked.values, linked.sums, 3)
    assert (hidden["b3"], hidden["b4"]) == (Hidden.WITHDRAWN, Hidden.WITHDRAWN)
    assert broken_promises(linked.values, hidden, linked.sums, 3) == []
    assert str(linked.cells()["b4"]) == "[z] not shown"


def test_sums_that_loop_are_refused():
    """With a loop (a total split two ways whose parts meet again) the bounds may not be
    exact, so the promise could not be kept: refused, not suppressed on hope."""
    values = {"t": 10, "a": 4, "b": 6, "c": 4, "d": 6}
    with pytest.raises(ValueError, match="loop"):
        suppress(values, [("t", ("a", "b")), ("t", ("c", "d")), ("a", ("c",))], 5)
    linked = LinkedCounts(5)
    linked.add("total", 3)
    linked.add("part", 2)
    with pytest.raises(ValueError, match="not the sum"):
        linked.split("total", ["part"])


def test_the_key_explains_each_label_in_plain_english():
    (c, c_text), (x, x_text), (z, z_text) = key(5)
    assert (c, x, z) == ("[c]", "[x]", "[z]")
    assert "from 1 to 4" in c_text and "5 or more" in x_text and "fewer than" not in x_text
    assert "any size" in z_text
    assert key(5, {Hidden.PROTECTS}) == [("[x]", x_text)]


@pytest.mark.parametrize(
    ("count", "label"),
    [(0, "0"), (1, "[c] fewer than 5"), (4, "[c] fewer than 5"), (5, "5"), (1234, "1,234")],
)
def test_a_count_on_its_own_is_hidden_from_1_to_below_the_threshold(count, label):
    """Found by make mutants: nothing tested the cell of a figure that is in no table."""
    figure = cell(count, 5)
    assert str(figure) == label
    assert figure.suppressed is label.startswith("[c]")
    assert figure.value == (None if figure.suppressed else count)


def test_the_key_says_a_1_when_only_a_1_can_be_hidden():
    assert "a 1 is not shown" in key(2)[0][1]
    assert "a number from 1 to 2 is not shown" in key(3)[0][1]


# Percentages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "agreed, answered, shown",
    [
        (6, 7, None),  # 86% of 7 says one did not agree
        (3, 4, None),  # a base below the threshold
        (4, 4, None),  # 100% of 4: a base below the threshold
        (0, 3, None),
        (5, 10, "50%"),
        (10, 10, "100%"),  # none disagreed: a zero, shown like any zero
        (0, 10, "0%"),
        (14, 18, None),  # 78%, but 4 did not agree
        (1, 10, None),  # 10% of 10 is one person (found by make mutants)
        (9, 10, None),  # 90% of 10: one did not agree
        (0, 0, None),
    ],
)
def test_a_share_is_shown_only_when_neither_side_of_it_is_a_small_number(agreed, answered, shown):
    percent = share(agreed, answered, 5)
    assert (None if percent.suppressed else str(percent)) == shown
    if percent.suppressed:
        assert str(percent) == "[c] not shown"


# The property, on random linked tables -----------------------------------------------------------


@st.composite
def linked_tables(draw):
    """Counts shaped like the dashboard's: a total broken down by one to three tables (age,
    gender, ethnicity), rows broken down again (routes within a stage), a count within
    another and its unpublished rest, itself broken down (said yes and said no within those
    offered, within the children), and a count at most another (children first completed at
    a stage, conversations there)."""
    t = draw(st.integers(2, 6))
    linked = LinkedCounts(t)
    names = itertools.count()

    def new(value: int) -> str:
        return linked.add(f"c{next(names)}", value)

    def composition(total: int, parts: int) -> list[int]:
        cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
        return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]

    def grow(name: str, depth: int) -> None:
        for _table in range(draw(st.integers(1, 3 if depth == 0 else 2))):
            parts = [new(v) for v in composition(linked.values[name], draw(st.integers(1, 5)))]
            linked.split(name, parts)
            for part in parts:
                if depth >= 2 or not draw(st.booleans()):
                    continue
                shape = draw(st.sampled_from(["break down", "within", "at most"]))
                if shape == "break down":
                    grow(part, depth + 1)
                elif shape == "within":
                    inner = new(draw(st.integers(0, linked.values[part])))
                    linked.at_most(inner, part)
                    if draw(st.booleans()):
                        grow(inner, depth + 1)
                else:
                    linked.at_most(part, new(linked.values[part] + draw(st.integers(0, 6))))

    root = linked.add("root", draw(st.integers(0, 30)))
    grow(root, 0)
    if draw(st.booleans()):
        linked.at_most(new(draw(st.integers(0, linked.values[root]))), root)
    return linked


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(linked_tables())
def test_no_hidden_figure_can_be_narrowed_by_a_reader_with_a_solver(linked):
    t = linked.threshold
    hidden = suppress(linked.values, linked.sums, t, linked.unpublished)
    assert broken_promises(linked.values, hidden, linked.sums, t, linked.unpublished) == []
    for name, how in hidden.items():  # honest labels
        value = linked.values[name]
        if how is Hidden.SMALL:
            assert value < t
        elif how is Hidden.PROTECTS:
            assert value >= t
        elif how is None:
            assert value >= t or (
                value == 0 and not any(name in (tt, *ps) for tt, ps in linked.sums)
            )


@settings(max_examples=40, deadline=None, derandomize=True)
@given(linked_tables())
def test_the_bounds_the_code_works_out_are_the_solvers(linked):
    """The code's own narrowing (which decides what else to hide) finds exactly the least and
    greatest values the solver finds, so it neither misses an attack nor hides for nothing."""
    t = linked.threshold
    hidden = suppress(linked.values, linked.sums, t, linked.unpublished)
    ours = possible_values(linked.values, hidden, linked.sums, t, linked.unpublished)
    solver = Solver(
        reader_knows(linked.values, hidden, linked.sums, t, linked.unpublished), linked.sums
    )
    for name in linked.values:
        if hidden.get(name) or name in linked.unpublished:
            assert ours[name] == solver.least_and_greatest(name), name


@settings(max_examples=12, deadline=None, derandomize=True)
@given(linked_tables())
def test_every_number_between_the_least_and_the_greatest_is_possible(linked):
    """The promise is about every number from 1 to t-1; the property above checks the least
    and the greatest. Here each number in between is tried too (with the sums tied in a tree
    and coefficients of 1, whole-number solutions leave no gaps, and this checks that)."""
    t = linked.threshold
    hidden = suppress(linked.values, linked.sums, t, linked.unpublished)
    solver = Solver(
        reader_knows(linked.values, hidden, linked.sums, t, linked.unpublished), linked.sums
    )
    for name, how in hidden.items():
        if how in (Hidden.SMALL, Hidden.WITHDRAWN) and 0 < linked.values[name] < t:
            assert all(solver.could_be(name, v) for v in range(1, t)), name
        elif how is Hidden.PROTECTS:
            least, _greatest = solver.least_and_greatest(name)
            assert all(solver.could_be(name, v) for v in range(least, least + t - 1)), name


# The dashboard, read as a reader with a solver reads it -----------------------------------------


class Published:
    """The dashboard's published counts, each named once however many tables show it (the
    same count must be shown or hidden the same way everywhere), with the true values from
    the same dashboard with nothing hidden, and the sums a reader knows hold between them."""

    def __init__(self, shown, truth):
        self.shown, self.truth = shown, truth
        self.hidden, self.values, self.sums, self.unpublished = {}, {}, [], set()
        self.where = {}  # (table, row or None for its total): the count it shows

    def count(self, name, table, row=None) -> str:
        """Row `row` of the dashboard's `table` (its total if None) is the count `name`."""
        shown, true = getattr(self.shown, table), getattr(self.truth, table)
        cell = shown.total if row is None else shown.rows[row][1]
        value = true.total.value if row is None else true.rows[row][1].value
        if name in self.hidden:
            assert (self.hidden[name], self.values[name]) == (cell.hidden, value), name
        assert cell.suppressed or cell.value == value, name
        self.hidden[name], self.values[name] = cell.hidden, value
        self.where[(table, row)] = name
        return name

    def rows(self, prefix, table) -> list[str]:
        labels = [label for label, _cell in getattr(self.shown, table).rows]
        return [self.count(f"{prefix} {label}", table, i) for i, label in enumerate(labels)]

    def within(self, smaller, larger) -> None:
        rest = f"{larger} but not {smaller}"
        self.values[rest] = self.values[larger] - self.values[smaller]
        self.unpublished.add(rest)
        self.sums.append((larger, (smaller, rest)))


FUNNEL = {
    "Referrals received (families)": "received",
    "Children offered a CIA": "offered",
    "Children who said yes": "said yes",
    "Children who said no": "said no",
    "Children with a completed CIA": "completed",
    "Actions agreed": "agreed",
    "Actions completed": "done",
}


def read_dashboard(shown, truth, route_stages: dict[str, str]) -> Published:
    """Every sum a reader of the dashboard, the report or the CSVs knows (0006-suppression.md),
    written out here from what the tables mean, apart from the code that suppresses them."""
    p = Published(shown, truth)
    p.count("children", "headline", 2)
    p.count("completed", "headline", 0)
    for index, table in enumerate(["age", "gender", "ethnicity"]):  # named, like the others
        setattr(p.shown, table, shown.profile[index])
        setattr(p.truth, table, truth.profile[index])
        p.count("children", table)
        p.sums.append(("children", tuple(p.rows(table, table))))
    firsts = []
    for i, (label, _cell) in enumerate(shown.funnel.rows):
        if label.startswith("First completed at "):
            firsts.append(p.count(label, "funnel", i))
        else:
            p.count(FUNNEL[label], "funnel", i)  # a new row is a KeyError: add its sums here
    p.sums.append(("offered", ("said yes", "said no")))
    p.within("offered", "children")
    p.sums.append(("completed", tuple(firsts)))
    p.within("completed", "children")
    for first, conversations in zip(
        firsts, p.rows("conversations", "conversations_by_stage"), strict=True
    ):
        p.within(first, conversations)
    sentenced, not_sentenced, settled, neither = p.rows("sentencing", "before_sentencing")[:4]
    p.sums.append((sentenced, (settled, neither)))
    p.sums.append(("children", (sentenced, not_sentenced)))
    p.within("done", "agreed")
    p.count("received", "referrals_by_route")
    p.count("received", "referrals_by_stage")
    routes = p.rows("route", "referrals_by_route")
    stages = p.rows("stage", "referrals_by_stage")
    p.sums.append(("received", tuple(stages)))
    for stage in stages:
        in_stage = [r for r in routes if route_stages[r.removeprefix("route ")] == stage[6:]]
        p.sums.append((stage, tuple(in_stage)))
    p.count("onward", "onward_by_type")
    p.sums.append(("onward", tuple(p.rows("onward", "onward_by_type"))))
    read_families_and_justice(p, shown, truth)
    return p


def read_families_and_justice(p: Published, shown, truth) -> None:
    """The sums of the families and justice journey pages (issue 21)."""
    for table in [*shown.families_tables, *shown.justice_tables]:
        name = table.slug.replace("-", "_")
        setattr(p.shown, name, table)
        setattr(p.truth, name, next(t for t in truth.tables if t.slug == table.slug))
    for table in ["living_now", "siblings_apart", "care_status"]:
        p.count("children", table)
        p.sums.append(("children", tuple(p.rows(table, table))))
    # Children with a parent recorded (published nowhere, but the children less those with
    # none): split by how the parent cared for them; those whose parent went to prison are
    # among them (a child with no parent recorded has no parent in prison).
    p.count("children", "care_before")
    *care, no_parent = p.rows("care before", "care_before")
    p.values["with parent"] = sum(p.values[name] for name in care)
    p.unpublished.add("with parent")
    p.sums.append(("children", ("with parent", no_parent)))
    p.sums.append(("with parent", tuple(care)))
    prison = p.count("prison", "prison_distance")
    p.within(prison, "with parent")
    parents, carers, pregnant = p.rows("parents", "parents")
    p.within(carers, parents)
    p.within(pregnant, parents)
    p.count(parents, "parents_by_children")
    p.sums.append((parents, tuple(p.rows("by children", "parents_by_children"))))
    for table in ["adjourned", "reports_child_view"]:
        p.sums.append((p.count(table, table), tuple(p.rows(table, table))))
    to_carers, to_others = p.rows("sentences", "sentences")
    p.sums.append((p.count("sentences", "sentences"), (to_carers, to_others)))
    p.count(to_carers, "sentences_to_carers")
    p.sums.append((to_carers, tuple(p.rows("to carers", "sentences_to_carers"))))
    for table in ["prison_distance", "contact"]:
        p.count(prison, table)
        p.sums.append((prison, tuple(p.rows(table, table))))
    mentor, given_back = p.rows("after", "after_the_conversation")
    p.within(given_back, "children")
    p.within(mentor, "children")
    p.within(mentor, "onward Mentoring")  # each child referred has a referral to mentoring


def check_the_dashboard(pilot, threshold):
    from assessments.models import Stage
    from evaluation.figures import Period, dashboard
    from referrals.models import ReferralRoute

    period = Period(pilot.start, pilot.end)
    pilot.suppress_below = 1
    truth = dashboard(pilot, period)
    pilot.suppress_below = threshold
    shown = dashboard(pilot, period)
    stage_label = dict(Stage.choices)
    route_stages = {
        route.name: stage_label[route.stage]
        for route in ReferralRoute.objects.filter(organisation__in=pilot.partners.all())
    }
    p = read_dashboard(shown, truth, route_stages)
    assert broken_promises(p.values, p.hidden, p.sums, threshold, p.unpublished) == []
    return p


@pytest.mark.django_db
@pytest.mark.parametrize("threshold", [3, 4, 5])
def test_no_hidden_figure_on_the_dashboard_can_be_narrowed(pilot, world, threshold):
    p = check_the_dashboard(pilot, threshold)
    assert any(how is Hidden.SMALL for how in p.hidden.values())


@pytest.mark.django_db
def test_no_hidden_figure_on_a_bigger_synthetic_dashboard_can_be_narrowed():
    from evaluation.models import Pilot
    from evaluation.scale_data import generate

    generate(children=400, seed=5)
    pilot = Pilot.objects.get(slug="synthetic-national")
    seen = set()
    for threshold in (3, 5, 8, 12):
        seen |= set(check_the_dashboard(pilot, threshold).hidden.values())
    assert seen >= {None, Hidden.SMALL, Hidden.PROTECTS}


# Found by make mutants: what the tests above did not pin down -----------------------------------


def labels_of(threshold, tables):
    """The labels of linked tables, each (total, its value, [(row, its value), ...]); a total
    may be a row of an earlier table, or the total of one before. The promise is checked."""
    linked = LinkedCounts(threshold)
    for total, value, rows in tables:
        if total not in linked.values:
            linked.add(total, value)
        linked.split(total, [linked.add(name, n) for name, n in rows])
    hidden = suppress(linked.values, linked.sums, threshold, linked.unpublished)
    assert broken_promises(linked.values, hidden, linked.sums, threshold, linked.unpublished) == []
    return {name: str(c) for name, c in linked.cells().items()}


PROTECTS = "[x] hidden to protect another figure"


def test_a_hidden_figure_cannot_be_worked_out_from_a_breakdown_with_one_row():
    """The 5 boys are hidden to protect the 1 girl; if their only age band were shown, it would
    be the 5 boys again."""
    labels = labels_of(
        3, [("children", 6, [("girls", 1), ("boys", 5)]), ("boys", 5, [("boys 10 to 17", 5)])]
    )
    assert labels["girls"] == "[c] fewer than 3"
    assert labels["boys"] == labels["boys 10 to 17"] == PROTECTS


def test_a_breakdown_is_withdrawn_only_when_hiding_more_could_not_protect_it():
    """The key says [z] is used when nothing else would protect a figure. Here the girls' own
    row and total are hidden, and hiding the boys beside the girls is enough."""
    labels = labels_of(
        3,
        [
            ("children", 10, [("boys", 6), ("girls", 4), ("other", 0)]),
            ("girls", 4, [("girls under 14", 1), ("girls 14 or over", 3)]),
        ],
    )
    assert not any(label.startswith("[z]") for label in labels.values())
    assert labels["girls under 14"] == "[c] fewer than 3"
    assert labels["boys"] == labels["girls"] == labels["girls 14 or over"] == PROTECTS


def test_a_count_of_exactly_the_threshold_can_protect_another():
    """Hiding the 4 boys protects the 3 girls; hiding the total instead would need its one age
    band hidden as well."""
    labels = labels_of(
        4, [("children", 7, [("girls", 3), ("boys", 4)]), ("children", 7, [("10 to 17", 7)])]
    )
    assert (labels["girls"], labels["boys"]) == ("[c] fewer than 4", PROTECTS)
    assert labels["children"] == labels["10 to 17"] == "7"


def test_a_hidden_total_that_could_still_be_t_minus_1_numbers_needs_nothing_more_hidden():
    """4 + 4 under a threshold of 5: the total hidden could be 5, 6, 7 or 8, enough to protect
    both; the rows stay "fewer than 5" and are not withdrawn."""
    table = suppressed_table("t", "T", [("a", 4), ("b", 4)], 5)
    assert [str(c) for _l, c in table.rows] == ["[c] fewer than 5"] * 2
    values, sums = table_sums([4, 4])
    solver = Solver(reader_knows(values, published(table), sums, 5, set()), sums)
    assert solver.least_and_greatest("total") == (5, 8)


def test_a_table_listed_after_the_others_does_not_stop_the_reader_from_following_the_sums():
    """24 children at three stages (1, 8 and 15), 7 of the 8 said yes, and referrals by route
    in a table of their own, added last. Said yes (7, shown) says the 8 is at least 7, so were
    the 15 shown too, the 1 would be 0 to 2."""
    linked = LinkedCounts(4)
    linked.add("children", 24)
    linked.split("children", [linked.add(s, n) for s, n in [("s1", 1), ("s2", 8), ("s3", 15)]])
    linked.add("said yes", 7)
    linked.at_most("said yes", "s2")
    linked.add("referrals", 24)
    linked.split("referrals", [linked.add(f"r{i}", n) for i, n in enumerate([12, 8, 2, 1, 1])])
    hidden = suppress(linked.values, linked.sums, 4, linked.unpublished)
    assert hidden["s1"] is Hidden.SMALL
    assert broken_promises(linked.values, hidden, linked.sums, 4, linked.unpublished) == []


BOUNDS_EXAMPLES = [
    # (threshold, counts, sums, unpublished): six children split 1 + 5 and 1 + 3 + 1 + 1
    (
        5,
        {"all": 6, "a": 1, "b": 5, "c": 1, "d": 3, "e": 1, "f": 1},
        [("all", ("a", "b")), ("all", ("c", "d", "e", "f"))],
        set(),
    ),
    # six children in one age band, split 2 + 4 and 5 + 1, and the 5 all said yes
    (
        4,
        {"all": 6, "band": 6, "a": 2, "b": 4, "c": 5, "d": 1, "yes": 5, "c but not yes": 0},
        [
            ("all", ("band",)),
            ("all", ("a", "b")),
            ("all", ("c", "d")),
            ("c", ("yes", "c but not yes")),
        ],
        {"c but not yes"},
    ),
    # the withdrawn breakdown of test_a_breakdown_is_left_out_when_nothing_else_can_protect_it
    (
        3,
        {"all": 25, "a": 21, "b": 4, "b1": 2, "b2": 2, "b3": 1, "b4": 3},
        [("all", ("a", "b")), ("b", ("b1", "b2")), ("b", ("b3", "b4"))],
        set(),
    ),
    # a table, and a count on its own (whose zero would be shown, so "fewer than 5" is 1 to 4)
    (
        5,
        {"children": 9, "girls": 2, "boys": 7, "alone": 3},
        [("children", ("girls", "boys"))],
        set(),
    ),
]


@pytest.mark.parametrize(("t", "values", "sums", "unpublished"), BOUNDS_EXAMPLES)
def test_the_bounds_the_code_works_out_are_the_solvers_whatever_the_order_of_the_sums(
    t, values, sums, unpublished
):
    """What a reader can work out does not depend on the order the sums are written in: the
    code's narrowing goes on until nothing changes anywhere, not until one sum stops changing."""
    hidden = suppress(values, sums, t, unpublished)
    solver = Solver(reader_knows(values, hidden, sums, t, unpublished), sums)
    wanted = {n: solver.least_and_greatest(n) for n in values if hidden.get(n) or n in unpublished}
    for order in itertools.permutations(sums):
        ours = possible_values(values, hidden, list(order), t, unpublished)
        assert {n: ours[n] for n in wanted} == wanted, order


def test_a_share_of_one_child_is_shown_when_nothing_is_hidden():
    """A threshold of 1 hides nothing (the dashboard works out its true figures so)."""
    assert [str(share(part, 1, 1)) for part in (0, 1)] == ["0%", "100%"]


def test_a_table_keeps_its_slug_title_unit_and_note():
    table = suppressed_table("gender", "By gender", [("Girl", 7)], 5, unit="referrals", note="N")
    assert (table.slug, table.title) == ("gender", "By gender")
    assert (table.unit, table.note) == ("referrals", "N")


def test_mistakes_in_the_counts_are_refused_and_say_which_count():
    a_cell_is = "A cell is either shown with its value or hidden with a reason"
    with pytest.raises(ValueError, match=a_cell_is):
        Cell(3, 5, Hidden.SMALL)  # a hidden cell must not carry its number
    linked = LinkedCounts(5)
    linked.add("offered", 6)
    with pytest.raises(ValueError, match="offered is already counted"):
        linked.add("offered", 6)
    linked.add("said yes", 7)
    with pytest.raises(ValueError, match="said yes is more than offered"):
        linked.at_most("said yes", "offered")
    linked.add("girls", 2)
    linked.add("boys", 3)
    with pytest.raises(ValueError, match="offered is not the sum of girls, boys$"):
        linked.split("offered", ["girls", "boys"])


# 4 children = 2 girls + 2 boys = 3 sentenced + 1 not; the 3 sentenced = 0 settled + 3 neither
NOT_SENTENCED = (
    {
        "all": 4,
        "girls": 2,
        "boys": 2,
        "sentenced": 3,
        "not sentenced": 1,
        "settled": 0,
        "neither": 3,
    },
    [
        ("all", ("girls", "boys")),
        ("all", ("sentenced", "not sentenced")),
        ("sentenced", ("settled", "neither")),
    ],
)


def test_a_breakdown_under_a_left_out_count_is_left_out_too():
    """Found by make mutants' review (issue 16): 4 children = 2 girls + 2 boys = 3 sentenced +
    1 not; the 3 sentenced = 0 settled + 3 neither. Leaving out "sentenced / not sentenced"
    is not enough while "neither" says "sentenced is at least 3", so the 1 "not sentenced"
    could be worked out. This used to raise SuppressionError (a dashboard would have failed);
    now everything tied to it is left out, and nothing can be worked out."""
    values, sums = NOT_SENTENCED
    hidden = suppress(values, sums, 3)
    assert broken_promises(values, hidden, sums, 3) == []
    assert hidden["not sentenced"] is not None and hidden["neither"] is not None


def test_only_the_breakdown_that_gives_a_count_away_is_left_out():
    """Found by make mutants: in the example of
    test_a_breakdown_is_left_out_when_nothing_else_can_protect_it, the 1 is given away by its
    own breakdown (1 + 3) alone. That breakdown is left out; the 2 + 2 beside it, the 4 they
    share and the 25 above are still shown or hidden as usual, not withdrawn."""
    values = {"all": 25, "a": 21, "b": 4, "b1": 2, "b2": 2, "b3": 1, "b4": 3}
    sums = [("all", ("a", "b")), ("b", ("b1", "b2")), ("b", ("b3", "b4"))]
    hidden = suppress(values, sums, 3)
    assert broken_promises(values, hidden, sums, 3) == []
    assert {name for name, how in hidden.items() if how is Hidden.WITHDRAWN} == {"b3", "b4"}
    assert (hidden["b1"], hidden["b2"]) == (Hidden.SMALL, Hidden.SMALL)


def test_everything_tied_to_a_left_out_count_is_left_out_and_no_other_table():
    """Found by make mutants: the children of
    test_a_breakdown_under_a_left_out_count_is_left_out_too, beside 10 referrals = 5 + 5 (a
    table tied to them by no sum, listed first). Every count tied to the 1 "not sentenced" is
    left out, as that test's docstring says; the referrals cannot give it away and are shown."""
    values = {"referrals": 10, "by phone": 5, "by email": 5, **NOT_SENTENCED[0]}
    sums = [("referrals", ("by phone", "by email")), *NOT_SENTENCED[1]]
    hidden = suppress(values, sums, 3)
    assert broken_promises(values, hidden, sums, 3) == []
    referrals = ("referrals", "by phone", "by email")
    assert [hidden[name] for name in referrals] == [None, None, None]
    assert {hidden[name] for name in values if name not in referrals} == {Hidden.WITHDRAWN}


# The national roll-up: every area's pilots added up (issue 21) ----------------------------------


def read_the_roll_up(pilots):
    """Every pilot's dashboard for the year as a reader with a solver reads it (each count
    named after its pilot), and the roll-up's sums across pilots, for each area and for all
    areas: what a reader holding every pilot's report and the national report knows."""
    from evaluation.figures.rollup import national

    found = national(2023)
    values, hidden, sums, unpublished, known, where = {}, {}, [], set(), {}, {}
    for pilot in pilots:
        threshold = pilot.suppress_below
        p = check_the_dashboard(pilot, threshold)  # each pilot alone keeps the promise
        name = pilot.name.__add__
        values |= {name(n): v for n, v in p.values.items()}
        hidden |= {name(n): h for n, h in p.hidden.items()}
        sums += [(name(total), tuple(map(name, parts))) for total, parts in p.sums]
        unpublished |= set(map(name, p.unpublished))
        knows = reader_knows(p.values, p.hidden, p.sums, threshold, p.unpublished)
        known |= {name(n): bounds for n, bounds in knows.items()}
        where[pilot.name] = (p, name, threshold)
    pilots_alone = list(sums)
    for scope in found.scopes:
        for table in scope.tables:
            attr = table.slug.replace("-", "_")
            rows = [(label, c) for label, c in table.rows] + [(None, table.total)] * bool(
                table.total
            )
            for label, figure in rows:
                parts = []
                for pilot_name in scope.pilots:
                    p, name, threshold = where[pilot_name]
                    row = None if label is None else _row_of(getattr(p.shown, attr), label)
                    if (attr, row) not in p.where:  # a count on its own: no sum ties it
                        p.count(f"{attr} {label}", attr, row)
                        n = p.where[(attr, row)]
                        values[name(n)], hidden[name(n)] = p.values[n], p.hidden[n]
                        known[name(n)] = reader_knows(
                            {n: p.values[n]}, {n: p.hidden[n]}, [], threshold, set()
                        )[n]
                    parts.append(name(p.where[(attr, row)]))
                added = f"{scope.name}: {table.title}: {label or 'Total'}"
                values[added] = sum(values[part] for part in parts)
                hidden[added] = figure.hidden
                assert figure.suppressed or figure.value == values[added], added
                known[added] = reader_knows(
                    {added: values[added]},
                    {added: figure.hidden},
                    [(added, ())],
                    figure.threshold,
                    set(),
                )[added]
                sums.append((added, tuple(parts)))
    return values, hidden, sums, pilots_alone, known


def _row_of(table, label) -> int:
    return next(i for i, (row_label, _cell) in enumerate(table.rows) if row_label == label)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [4, 9])
def test_no_hidden_figure_can_be_narrowed_with_the_national_roll_up(seed):
    """Three synthetic pilots, two of them in one area, hiding below different thresholds:
    with every pilot's own figures and the roll-up of each area and of all areas, no hidden
    figure of any pilot can be narrowed any further than the pilot's own figures allow (each
    sum the roll-up hides is left out as [z], any size: it promises nothing of its own)."""
    from evaluation.models import Pilot
    from evaluation.scale_data import generate
    from evaluation.services import rollup_refresh

    generate(children=450, seed=seed, areas=3)
    pilots = list(Pilot.objects.order_by("slug"))
    pilots[1].area = pilots[0].area
    for pilot, threshold in zip(pilots, [5, 3, 4], strict=True):
        pilot.suppress_below = threshold
        pilot.save()
    rollup_refresh()
    values, hidden, sums, pilots_alone, known = read_the_roll_up(pilots)
    added_up = {name for name in hidden if ": " in name}
    # What a reader knows of each pilot's hidden figures from the pilots' own figures alone
    # (which keeps the promise: `check_the_dashboard`), they know exactly with the roll-up.
    alone = Solver({n: b for n, b in known.items() if n not in added_up}, pilots_alone)
    together = Solver(known, sums)
    narrowed = [
        name
        for name, how in hidden.items()
        if how and name not in added_up
        if alone.least_and_greatest(name) != together.least_and_greatest(name)
    ]
    assert narrowed == []
    # Some sums across pilots are shown, and some are left out because a part is hidden.
    assert {hidden[name] for name in added_up} >= {None, Hidden.WITHDRAWN}
