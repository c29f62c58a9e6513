"""The national roll-up: every pilot's counts for a calendar year, added up for each area and
across all areas, for the national lead, the Police and Crime Commissioner and ministries.

Each pilot's counts for a year are worked out once a night and stored (`PilotYear`, filled by
`pilot_year_tables`), so a page of the roll-up reads one row per pilot however many children
there are (docs/decisions/0012-national-roll-up.md).

What is hidden. A pilot's own pages publish its figures for the year, hidden as decision 0006
says. A sum across pilots is shown only when every one of its parts is shown on its pilot's
own pages: then it is worked out from published figures and tells a reader nothing they could
not add up for themselves, so nothing hidden in any area, in any year, can be worked out from
it, whatever else the reader holds. When a part is hidden, the sum is left out as "[z]" (any
size): "fewer than" or "at least" would itself be a clue. A sum of one pilot's figure is
that figure, hidden or shown as its own pages show it.
"""

import copy
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from django.utils import timezone

from ..models import Pilot, PilotYear
from .dashboard import CHILDREN_FAMILY_TABLES, JUSTICE_TABLES, TABLES, PilotFigures
from .pilot import Period
from .suppression import Cell, Hidden, Table, shown

# The tables of counts that add up across pilots, in the order of the pilot's pages. (By route
# does not: each area has its own routes. Shares, medians, feedback, the plan and training are
# not counts of children.)
SECTIONS = [
    (
        "children",
        "Children",
        [
            "headline",
            "funnel",
            "referrals-by-stage",
            "conversations-by-stage",
            "before-sentencing",
            "onward-by-type",
            "sharing",
            "age",
            "gender",
            "ethnicity",
        ],
    ),
    ("families", "Families", [*CHILDREN_FAMILY_TABLES[:4], "parents", "parents-by-children"]),
    ("justice", "Justice journey", [*JUSTICE_TABLES, *CHILDREN_FAMILY_TABLES[4:]]),
]
ROLLED_UP = [slug for _section, _title, slugs in SECTIONS for slug in slugs]
# Rows that are not counts of the year: the target is the whole pilot's, whatever its years.
NOT_ADDED_UP = {("headline", "Target")}


def year_period(pilot: Pilot, year: int) -> Period | None:
    """The part of `year` the pilot ran in (None if it did not run that year)."""
    start, end = max(pilot.start, date(year, 1, 1)), min(pilot.end, date(year, 12, 31))
    return Period(start, end) if start <= end else None


def pilot_years(pilot: Pilot) -> list[int]:
    return list(range(pilot.start.year, pilot.end.year + 1))


def pilot_year_tables(pilot: Pilot, year: int) -> dict:
    """The pilot's counts for the year, as stored: each table's rows as [label, the count, its
    mark on the pilot's own pages ("" when shown)], and its total likewise."""
    period = year_period(pilot, year)
    everything = copy.copy(pilot)
    everything.suppress_below = 1  # nothing is hidden at a threshold of 1
    true = PilotFigures(everything, period, use_kept=False)
    published = PilotFigures(pilot, period, use_kept=False)
    published.counted = true.counted  # the same counts, hidden two ways: counted once
    tables = []
    for slug in ROLLED_UP:
        t_true, t_shown = TABLES[slug](true), TABLES[slug](published)
        rows = [
            [str(label), c.value, _mark(shown_cell)]
            for (label, c), (_label, shown_cell) in zip(t_true.rows, t_shown.rows, strict=True)
            if c.kind == "count" and (slug, label) not in NOT_ADDED_UP
        ]
        total = [t_true.total.value, _mark(t_shown.total)] if t_true.total else None
        words = {name: str(getattr(t_true, name)) for name in ["title", "unit", "note", "empty"]}
        tables.append({"slug": slug, **words, "rows": rows, "total": total})
    return {**_made_with(pilot, period), "tables": tables}


def _made_with(pilot: Pilot, period: Period) -> dict:
    """What the pilot's own pages hid the stored counts with: if any of it has changed since,
    the marks stored are not the pages' marks any more."""
    return {
        "threshold": pilot.suppress_below,
        "court": pilot.court,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def _current(stored: PilotYear) -> dict:
    """The stored counts, or, when the pilot's threshold, court or dates have changed since
    they were worked out, the same tables with every figure hidden as [z] until tonight."""
    pilot, tables = stored.pilot, stored.tables
    period = year_period(pilot, stored.year)
    if period and all(tables.get(k) == v for k, v in _made_with(pilot, period).items()):
        return tables
    hidden = [
        {
            **table,
            "rows": [[label, value, Hidden.WITHDRAWN.value] for label, value, _m in table["rows"]],
            "total": table["total"] and [table["total"][0], Hidden.WITHDRAWN.value],
        }
        for table in tables["tables"]
    ]
    return {**tables, "threshold": pilot.suppress_below, "tables": hidden, "changed": True}


def _mark(c: Cell) -> str:
    return c.hidden.value if c.hidden else ""


TOTAL = object()  # the key of a table's total among its parts


@dataclass(frozen=True)
class Part:
    """One pilot's count: its number and its mark on the pilot's own pages."""

    value: int
    mark: str
    threshold: int

    @property
    def cell(self) -> Cell:
        if self.mark:
            return Cell(None, self.threshold, Hidden(self.mark))
        return shown(self.value, self.threshold)


def added_up(parts: list[Part | None], threshold: int) -> Cell:
    """The sum of the pilots' counts as it may be shown (None: a pilot has no such count
    stored, so the sum is not known)."""
    if len(parts) == 1 and parts[0] is not None:
        return parts[0].cell
    if any(p is None or p.mark for p in parts):
        return Cell(None, threshold, Hidden.WITHDRAWN)
    return shown(sum(p.value for p in parts), threshold)


@dataclass
class Scope:
    """An area's pilots, or every area's, added up."""

    slug: str
    name: str
    pilots: list[str]
    threshold: int
    tables: list[Table]

    def table(self, slug: str) -> Table:
        return next(t for t in self.tables if t.slug == slug)

    @property
    def sections(self) -> list[tuple[str, str, list[Table]]]:
        """(slug, title, tables) of each part: children, families, the justice journey."""
        return [
            (slug, title, [t for t in self.tables if t.slug in slugs])
            for slug, title, slugs in SECTIONS
        ]

    @property
    def cells(self) -> list[Cell]:
        return [c for t in self.tables for c in t.cells]


def roll_up(stored: list[dict], *, slug: str, name: str, pilots: list[str]) -> Scope:
    """Add up the stored counts (`pilot_year_tables`) of some pilots' year."""
    threshold = max((s["threshold"] for s in stored), default=5)
    tables = []
    for table_slug in ROLLED_UP:
        found = [next((t for t in s["tables"] if t["slug"] == table_slug), None) for s in stored]
        first = next((t for t in found if t), None)
        if first is None:
            continue
        parts = [_parts(t, s["threshold"]) for t, s in zip(found, stored, strict=True)]
        labels = list(dict.fromkeys(label for p in parts for label in p if label != TOTAL))
        rows = [(label, added_up([p.get(label) for p in parts], threshold)) for label in labels]
        total = added_up([p.get(TOTAL) for p in parts], threshold) if first["total"] else None
        tables.append(
            Table(
                table_slug,
                first["title"],
                rows,
                total=total,
                unit=first["unit"],
                note=first["note"],
                empty=first["empty"],
            )
        )
    return Scope(slug, name, pilots, threshold, tables)


def _parts(table: dict | None, threshold: int) -> dict:
    if table is None:
        return {}
    parts = {label: Part(value, mark, threshold) for label, value, mark in table["rows"]}
    if table["total"]:
        parts[TOTAL] = Part(*table["total"], threshold)
    return parts


@dataclass
class National:
    """The roll-up of one year: each area's pilots added up, and every area's."""

    year: int
    years: list[int]  # the years with counts stored, newest first
    areas: list[Scope]
    everywhere: Scope
    worked_out_at: datetime | None  # when the oldest of its counts was worked out
    # Pilots that ran in the year with no counts stored yet, or whose threshold, court or dates
    # changed since theirs were (every figure of theirs is hidden until tonight).
    not_worked_out: list[str]

    @property
    def scopes(self) -> list[Scope]:
        return [*self.areas, self.everywhere]

    def scope(self, slug: str) -> Scope | None:
        return next((s for s in self.scopes if s.slug == slug), None)

    @property
    def headline_cells(self) -> list[Cell]:
        """The areas' headlines, side by side in the table of areas."""
        return [c for s in self.scopes for c in s.table("headline").cells]


EVERYWHERE = ""  # the slug of every area's sum: no area's slug is empty


def national(year: int | None = None, *, today: date | None = None) -> National | None:
    """The stored roll-up of `year` (if None: the latest year that has ended, or this year
    before any has); None if nothing is stored. Four queries, however many children and
    pilots."""
    years = list(PilotYear.objects.order_by("-year").values_list("year", flat=True).distinct())
    if not years:
        return None
    today = today or timezone.localdate()
    ended = [y for y in years if y < today.year]
    year = year if year in years else (ended or years)[0]
    stored = list(
        PilotYear.objects.filter(year=year)
        .select_related("pilot__area")
        .order_by("pilot__area__name", "pilot__area_id", "pilot__name")
    )
    current = {s.pk: _current(s) for s in stored}
    running = Pilot.objects.filter(start__year__lte=year, end__year__gte=year, start__lte=today)
    not_worked_out = list(running.exclude(years__year=year).values_list("name", flat=True))
    not_worked_out += [s.pilot.name for s in stored if current[s.pk].get("changed")]
    areas = [
        roll_up(
            [current[s.pk] for s in group],
            slug=area.slug,
            name=area.name,
            pilots=[s.pilot.name for s in group],
        )
        for area, group in ((a, list(g)) for a, g in groupby(stored, key=lambda s: s.pilot.area))
    ]
    return National(
        year=year,
        years=years,
        areas=areas,
        everywhere=roll_up(
            [current[s.pk] for s in stored],
            slug=EVERYWHERE,
            name="All areas",
            pilots=[s.pilot.name for s in stored],
        ),
        worked_out_at=min((s.worked_out_at for s in stored), default=None),
        not_worked_out=not_worked_out,
    )
