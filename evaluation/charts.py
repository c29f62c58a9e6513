"""Bar charts as rows of a table: each figure's label in full, a bar as long as its share of the
largest figure shown, and the figure itself, so a chart reflows on a phone like any table and
the page and the PDF draw the same thing. A bar is an SVG rectangle with a percentage width:
a width in a style attribute would be inline style, which the Content Security Policy
forbids. Bars are decoration (hidden from screen readers): the numbers are in the table."""

from dataclasses import dataclass

from .figures import Cell, Table

# The tables drawn as charts: breakdowns of one kind of thing. The others mix figures of
# different sizes (a share beside counts), where bars side by side would mislead.
CHARTS = {
    "funnel",
    "referrals-by-route",
    "conversations-by-stage",
    "onward-by-type",
    "age",
    "gender",
    "ethnicity",
    "care-before",
    "living-now",
    "siblings-apart",
    "care-status",
    "parents-by-children",
    "adjourned",
    "sentences-to-carers",
    "reports-child-view",
    "prison-distance",
    "contact",
}


@dataclass(frozen=True)
class Bar:
    label: str
    cell: Cell
    percent: int  # of the largest figure shown; 0 for a hidden figure, which has no bar


def bars(table: Table) -> list[Bar]:
    """Each row of the table with its bar (none if the table is not drawn as a chart)."""
    largest = table.largest if table.slug in CHARTS else 0
    return [
        Bar(
            label,
            count,
            max(1, round(100 * count.value / largest)) if largest and count.value else 0,
        )
        for label, count in table.rows
    ]
