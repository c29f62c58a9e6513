"""Bar charts drawn on the server as SVG, so the page and the PDF show the same picture.
Each chart sits beside its data table; the SVG itself is labelled as an image of that table."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from .figures import Table

WIDTH, LABEL_WIDTH, ROW_HEIGHT, BAR_HEIGHT = 640, 290, 34, 24
BAR_SPACE = WIDTH - LABEL_WIDTH - 110  # room on the right for "[c] fewer than 5"


def bar_chart(table: Table) -> SafeString:
    largest = table.largest or 1
    bars = []
    for i, (label, count) in enumerate(table.rows):
        width = 0 if count.suppressed else round(BAR_SPACE * count.value / largest)
        bars.append(
            {
                "label": label if len(label) <= 34 else label[:33] + "…",
                "text": str(count),
                "y": i * ROW_HEIGHT,
                "width": width,
                "text_x": LABEL_WIDTH + width + 6,
            }
        )
    return render_to_string(
        "evaluation/_bar_chart.svg",
        {
            "table": table,
            "bars": bars,
            "width": WIDTH,
            "height": len(bars) * ROW_HEIGHT + 4,
            "label_width": LABEL_WIDTH,
            "bar_height": BAR_HEIGHT,
            "label_x": LABEL_WIDTH - 8,
        },
    )
