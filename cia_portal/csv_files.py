"""Every CSV file the portal writes goes through `csv_text` (or `csv_download`).

Spreadsheet programs run a cell that starts with =, +, -, @, a tab or a carriage return as a
formula (OWASP "CSV injection"): a route named `=HYPERLINK(...)` would run in the chair's
spreadsheet. Such cells get a leading apostrophe, which spreadsheets show as text and hide.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value: object) -> str:
    """The cell as text that no spreadsheet will run."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([defuse(value) for value in row])
    return out.getvalue()


def csv_download(*, rows: Iterable[Sequence[object]], filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
