"""Small-number suppression: which of the chair's figures may be shown, and how a hidden one is
labelled. The method, the guarantee and the reasons are in docs/decisions/0006-suppression.md.

A count from 1 to t-1 (t is the pilot's threshold) is hidden and marked "[c] fewer than t"
(primary suppression). Counts that are tied by sums (a table and its total, tables that share
a total, a total split one way and then split again, a step and what is left of it) are
suppressed together as one `LinkedCounts`. Among them a zero is hidden as "[c]" too (it is
fewer than t): were zeros shown, a reader would know that every [c] count in a table is at
least 1, and a few such lower bounds add up to a total (four [c] rows under a total below 5
are all 1). Then more counts are hidden and marked "[x] hidden to protect another figure"
(complementary suppression) until, from everything published and from what the labels say,

    every [c] count from 1 to t-1 could still be any whole number from 1 to t-1, and
    no [x] count could be fewer than t-1 different numbers.

A count on its own (tied to no other by a sum) has nothing to be worked out from: its zero is
shown and only 1 to t-1 is hidden.

The possible values of each figure are worked out exactly: the sums form a tree (checked), and
on a tree, narrowing every figure's bounds by each sum in turn until nothing changes leaves
exactly the values that some whole-number solution takes (see `_possible`). Hidden figures do
not keep their numbers, so no page, chart, CSV or PDF can show one by mistake.
"""

import math
from dataclasses import dataclass, field
from enum import Enum

from django.utils.translation import gettext as _

INFINITY = math.inf


class Hidden(Enum):
    SMALL = "c"  # primary: a count from 1 to t-1 (or a share or median worked out from one)
    PROTECTS = "x"  # complementary: hidden so that a [c] figure cannot be worked out
    WITHDRAWN = "z"  # a whole breakdown left out, when nothing else would protect it


@dataclass(frozen=True)
class Cell:
    """A figure as it may be shown. A hidden cell does not hold its number at all."""

    value: int | float | None
    threshold: int
    hidden: Hidden | None = None
    kind: str = "count"  # or "percent" or "median": worked out from counts, never a count

    def __post_init__(self):
        if (self.value is None) != (self.hidden is not None):
            raise ValueError("A cell is either shown with its value or hidden with a reason")

    @property
    def suppressed(self) -> bool:
        return self.value is None

    def __str__(self) -> str:
        if self.hidden is Hidden.PROTECTS:
            return _("[x] hidden to protect another figure")
        if self.hidden is Hidden.WITHDRAWN:
            return _("[z] not shown")
        if self.hidden is Hidden.SMALL:
            if self.kind != "count":
                return _("[c] not shown")
            return _("[c] fewer than %(threshold)s") % {"threshold": self.threshold}
        if self.kind == "percent":
            return f"{self.value:,}%"
        return f"{self.value:,}"


def shown(value: int | float, threshold: int = 0, *, kind: str = "count") -> Cell:
    return Cell(value, threshold, kind=kind)


def small(threshold: int, *, kind: str = "count") -> Cell:
    return Cell(None, threshold, Hidden.SMALL, kind=kind)


def cell(count: int, threshold: int) -> Cell:
    """A count that is tied to no other: hidden only if it is from 1 to t-1."""
    return small(threshold) if 0 < count < threshold else shown(count, threshold)


def share(part: int, whole: int, threshold: int) -> Cell:
    """`part` of `whole` as a whole percentage, shown only when neither `part` nor the rest
    (`whole - part`) is from 1 to t-1: a percentage and a known or guessable base give the
    counts back (86% of 7 is 6 of 7, so 1 did not). So no share of a base below t is shown."""
    rest = whole - part
    if whole <= 0 or 0 < part < threshold or 0 < rest < threshold:
        return small(threshold, kind="percent")
    return shown(round(100 * part / whole), threshold, kind="percent")


@dataclass
class Table:
    slug: str
    title: str
    rows: list[tuple[str, Cell]]
    total: Cell | None = None
    unit: str = "children"
    note: str = ""
    empty: str = ""  # said instead of the table when every figure is shown and is 0

    @property
    def cells(self) -> list[Cell]:
        return [c for _label, c in self.rows] + ([self.total] if self.total else [])

    @property
    def largest(self) -> int:
        return max([c.value for _, c in self.rows if c.value is not None] or [0])

    @property
    def all_hidden(self) -> bool:
        """No row's figure may be shown (the total may be)."""
        return all(c.suppressed for _label, c in self.rows)

    @property
    def all_zero(self) -> bool:
        """Nothing to show but zeros (a hidden figure is never among them: it may not be 0)."""
        return all(c.value == 0 for c in self.cells)

    @property
    def marks(self) -> set[Hidden]:
        """The labels used in this table, for its key."""
        return {c.hidden for c in self.cells if c.hidden}


def key(
    threshold: int, marks: set[Hidden] | None = None, *, added_up: bool = False
) -> list[tuple[str, str]]:
    """What each label means, in plain English, for the key beside the tables (all of them,
    or only those in `marks`); `added_up`: of figures added up across pilots."""
    t = threshold
    small_numbers = _("a 1") if t == 2 else _("a number from 1 to %(below)s") % {"below": t - 1}
    meanings = [
        (
            Hidden.SMALL,
            "[c]",
            _(
                "Fewer than %(t)s: %(small_numbers)s is not shown, so that no child or family "
                "can be recognised. In a table that adds up, zeros are hidden this way too, so "
                "that the other hidden numbers cannot be worked out from them. A share or a "
                "median marked [c] is not shown because it would give such a number away."
            )
            % {"t": t, "small_numbers": small_numbers},
        ),
        (
            Hidden.PROTECTS,
            "[x]",
            _(
                "Hidden to protect another figure: a number of %(t)s or more, not shown because "
                "with the totals and the other figures it would let a [c] number be worked out."
            )
            % {"t": t},
        ),
        (
            Hidden.WITHDRAWN,
            "[z]",
            _(
                "Breakdown not shown: rarely, the other figures would give a number below "
                "%(t)s in a breakdown away whatever else is hidden, so the whole breakdown is "
                "left out. These numbers may be of any size."
            )
            % {"t": t},
        ),
    ]
    if added_up:
        meanings[-1] = (
            Hidden.WITHDRAWN,
            "[z]",
            _(
                "Not shown: added up across pilots, this number would give away a number "
                "hidden on a pilot's own pages (or the pilot left the whole breakdown out). "
                "These numbers may be of any size."
            ),
        )
    return [(mark, meaning) for how, mark, meaning in meanings if marks is None or how in marks]


# Counts tied by sums --------------------------------------------------------------------------


class SuppressionError(RuntimeError):
    """The sums given cannot be suppressed as promised (a programming error, never data)."""


@dataclass
class LinkedCounts:
    """Counts published together and the sums that tie them, suppressed as one.

    `add` a count; `split` says a count is the sum of others (a table and its total, or one
    row broken down further); `at_most` says one count can never exceed another (those who
    said yes are among those offered): it is a split of the larger into the smaller and an
    unpublished rest, because a reader knows it too.
    """

    threshold: int
    values: dict[str, int] = field(default_factory=dict)
    sums: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    unpublished: set[str] = field(default_factory=set)

    def add(self, name: str, value: int) -> str:
        if name in self.values:
            raise ValueError(f"{name} is already counted")
        self.values[name] = int(value)
        return name

    def split(self, total: str, parts: list[str]) -> None:
        if self.values[total] != sum(self.values[p] for p in parts):
            raise ValueError(f"{total} is not the sum of {', '.join(parts)}")
        self.sums.append((total, tuple(parts)))

    def at_most(self, smaller: str, larger: str) -> None:
        rest = self.add(f"{larger} but not {smaller}", self.values[larger] - self.values[smaller])
        if self.values[rest] < 0:
            raise ValueError(f"{smaller} is more than {larger}")
        self.unpublished.add(rest)
        self.split(larger, [smaller, rest])

    def cells(self) -> dict[str, Cell]:
        """Every published count as a cell, suppressed."""
        hidden = suppress(self.values, self.sums, self.threshold, self.unpublished)
        return {
            name: Cell(None, self.threshold, hidden[name])
            if hidden[name]
            else shown(value, self.threshold)
            for name, value in self.values.items()
            if name not in self.unpublished
        }


def suppress(
    values: dict[str, int],
    sums: list[tuple[str, tuple[str, ...]]],
    threshold: int,
    unpublished: set[str] = frozenset(),
) -> dict[str, Hidden | None]:
    """How each published count is hidden (None: shown). See the module's docstring."""
    _check_tree(values, sums, unpublished)
    t = threshold
    in_sums = _in_sums(sums)
    hidden: dict[str, Hidden | None] = {
        name: Hidden.SMALL
        if name not in unpublished and (0 < n < t or (n == 0 and name in in_sums and t > 1))
        else None
        for name, n in values.items()
    }
    while unsafe := _first_unsafe(values, hidden, sums, t, unpublished):
        if complement := _complement(unsafe, values, hidden, sums, t, unpublished):
            hidden[complement] = Hidden.PROTECTS
        else:
            hidden |= dict.fromkeys(_breakdown(unsafe, hidden, sums, unpublished), Hidden.WITHDRAWN)
    return {name: how for name, how in hidden.items() if name not in unpublished}


def _in_sums(sums) -> set[str]:
    return {name for total, parts in sums for name in (total, *parts)}


def attacker_bounds(
    values: dict[str, int],
    hidden: dict[str, Hidden | None],
    sums: list[tuple[str, tuple[str, ...]]],
    threshold: int,
    unpublished: set[str] = frozenset(),
) -> dict[str, tuple[float, float]]:
    """What a reader knows of each count before using the sums: a shown count exactly, a [c]
    count is from 0 to t-1 (from 1 for a count on its own, whose zero would be shown), an [x]
    count is t or more, a [z] count or an unpublished rest is 0 or more."""
    t = threshold
    may_be_zero = _in_sums(sums)
    bounds = {}
    for name, n in values.items():
        if name in unpublished:
            bounds[name] = (0, INFINITY)
        elif hidden.get(name) is Hidden.SMALL:
            bounds[name] = (0 if name in may_be_zero else 1, t - 1)
        elif hidden.get(name) is Hidden.PROTECTS:
            bounds[name] = (t, INFINITY)
        elif hidden.get(name) is Hidden.WITHDRAWN:
            bounds[name] = (0, INFINITY)
        else:
            bounds[name] = (n, n)
    return bounds


def possible_values(values, hidden, sums, threshold, unpublished=frozenset()):
    """The least and greatest value each count could have, given everything published."""
    return _possible(attacker_bounds(values, hidden, sums, threshold, unpublished), sums)


def _first_unsafe(values, hidden, sums, t, unpublished) -> str | None:
    possible = possible_values(values, hidden, sums, t, unpublished)
    for name, how in hidden.items():
        low, high = possible[name]
        small = how in (Hidden.SMALL, Hidden.WITHDRAWN) and 0 < values[name] < t
        if small and (low > 1 or high < t - 1):
            return name
        if how is Hidden.PROTECTS and high - low + 1 < t - 1:
            return name
    return None


def _complement(unsafe: str, values, hidden, sums, t, unpublished) -> str | None:
    """The next count to hide: a shown count of t or more in a sum with the unsafe one (a row
    before a total, the smallest first), or failing that in a sum with a hidden count tied
    to it, and so on outwards. None if every such count is hidden already."""
    order = {name: i for i, name in enumerate(values)}
    reached, frontier, used = {unsafe}, [unsafe], set()
    while frontier:
        candidates, further = [], []
        for name in frontier:
            for i, (total, parts) in enumerate(sums):
                if i in used or (name != total and name not in parts):
                    continue
                used.add(i)
                for other in (total, *parts):
                    if other in unpublished or hidden[other]:
                        if other not in reached:
                            reached.add(other)
                            further.append(other)
                    elif values[other] >= t:
                        candidates.append((other == total, values[other], order[other], other))
        if candidates:
            return min(candidates)[-1]
        frontier = further
    return None


def _breakdown(unsafe: str, hidden, sums, unpublished) -> list[str]:
    """The breakdown to leave out when hiding more cannot protect `unsafe`: the [c] labels'
    upper bounds in one breakdown of a total and the [x] labels' lower bounds in another can
    pin a number between them (a total split into two [c] counts is at most 2(t-1); split
    again into a [c] and an [x], the [c] is at most 2(t-1) - t). The sum `unsafe` is a part
    of, or else one it is the total of, with every published part left out."""
    mine = [parts for _total, parts in sums if unsafe in parts]
    mine += [parts for total, parts in sums if total == unsafe]
    for parts in mine:
        left = [p for p in parts if p not in unpublished and hidden[p] is not Hidden.WITHDRAWN]
        if left:
            return [p for p in parts if p not in unpublished]
    # Every breakdown of `unsafe` is left out, yet counts further down still bound it (an [x]
    # under a withdrawn total says that total is t or more). Leave out everything linked to it.
    linked = _linked(unsafe, sums)
    rest = [n for n in linked if n not in unpublished and hidden[n] is not Hidden.WITHDRAWN]
    if rest:
        return rest
    raise SuppressionError(f"Nothing left to hide to protect {unsafe}")


def _linked(name: str, sums) -> set[str]:
    """Every count tied to `name` through the sums, directly or through other counts."""
    linked, frontier = {name}, [name]
    while frontier:
        current = frontier.pop()
        for total, parts in sums:
            members = (total, *parts)
            if current in members:
                for other in members:
                    if other not in linked:
                        linked.add(other)
                        frontier.append(other)
    return linked


def _check_tree(values, sums, unpublished) -> None:
    """The sums must form a tree (no two ways round from one count to another): then the
    bounds of `_possible` are exact. A cycle (a total split two ways that meet again) is
    refused rather than suppressed on a guarantee that may not hold."""
    parent = {("count", n): ("count", n) for n in values}
    parent |= {("sum", i): ("sum", i) for i in range(len(sums))}

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, (total, parts) in enumerate(sums):
        for name in (total, *parts):
            a, b = root(("sum", i)), root(("count", name))
            if a == b:
                raise ValueError(f"The sums tying {name} form a loop")
            parent[a] = b


def _possible(bounds: dict[str, tuple[float, float]], sums) -> dict[str, tuple[float, float]]:
    """Each count's bounds, narrowed by every sum until nothing changes.

    For one sum, total = a + b + ..., the total lies between the sums of the parts' bounds,
    and each part between the total's bounds less the other parts'. On a tree of sums with
    whole-number bounds and coefficients of 1 this is exact: every whole number between the
    final bounds is the value of that count in some whole-number solution (start from it and
    fill in the sums outwards; each sum can be met within the others' bounds).
    """
    low = {name: b[0] for name, b in bounds.items()}
    high = {name: b[1] for name, b in bounds.items()}
    for _round in range(10 * len(sums) + 10):
        changed = False
        for total, parts in sums:
            changed |= _narrow(
                low, high, total, sum(low[p] for p in parts), sum(high[p] for p in parts)
            )
            for p in parts:
                others_low = sum(low[q] for q in parts if q != p)
                others_high = sum(high[q] for q in parts if q != p)
                changed |= _narrow(low, high, p, low[total] - others_high, high[total] - others_low)
        if not changed:
            return {name: (low[name], high[name]) for name in bounds}
    raise SuppressionError("The bounds did not settle")


def _narrow(low, high, name, new_low, new_high) -> bool:
    changed = False
    if new_low > low[name]:
        low[name], changed = new_low, True
    if new_high < high[name]:
        high[name], changed = new_high, True
    if low[name] > high[name]:
        raise SuppressionError(f"No value of {name} fits the published figures")
    return changed


def suppressed_table(
    slug: str, title: str, counts: list[tuple[str, int]], threshold: int, *, total=True, **kw
) -> Table:
    """A table of counts on its own, with its total (suppressed together) or without one."""
    linked = LinkedCounts(threshold)
    names = [linked.add(f"row {i}", n) for i, (_label, n) in enumerate(counts)]
    if total:
        linked.add("total", sum(n for _label, n in counts))
        linked.split("total", names)
    cells = linked.cells()
    rows = [(label, cells[name]) for (label, _n), name in zip(counts, names, strict=True)]
    return Table(slug, title, rows, total=cells["total"] if total else None, **kw)
