"""Every CSV file the portal writes goes through `csv_text` (or `csv_download`, or
`csv_streamed_download` for a long one); every CSV file it reads goes through `csv_rows`.

Spreadsheet programs run a cell that starts with =, +, -, @, a tab or a carriage return as a
formula (OWASP "CSV injection"): a route named `=HYPERLINK(...)` would run in the chair's
spreadsheet. Such cells get a leading apostrophe, which spreadsheets show as text and hide.

An uploaded file is read whole, within limits, before anything is done with it: a file that is
too large, not UTF-8 text, or not a CSV is refused with one `CsvRefused` that says why in plain
words, and which row, so that the page can show it and change nothing.
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse, StreamingHttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters other than tab and line ends: no spreadsheet writes them into a CSV file.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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


def csv_streamed_download(*, rows: Iterable[Sequence[object]], filename: str):
    """A long file (the audit trail's rows) sent as it is written, a line at a time, so that
    neither the server nor the person waits for all of it first."""

    def lines():
        for row in rows:
            yield csv_text([row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class CsvRefused(ValueError):
    """The file cannot be read as a CSV within its limits. The message says why in plain words
    and, where there is one, names the row (numbered as a spreadsheet does: the header is 1)."""


@dataclass(frozen=True)
class CsvTable:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number, each cell by its column's name)


def csv_rows(source: str | bytes, *, max_bytes: int, max_field: int, max_rows: int) -> CsvTable:
    """An uploaded CSV file (UTF-8, with or without a byte order mark), read whole, or
    `CsvRefused`: too large; not UTF-8; not text (a NUL or another control character); a
    quotation mark left open; a cell longer than `max_field` characters; more than `max_rows`
    rows after the header; no header; a header naming a column twice; a row with more cells
    than the header. Blank rows are skipped but counted, so row numbers match a spreadsheet's;
    a cell that `defuse` wrote ('=...) reads back as it was."""
    if max_field >= csv.field_size_limit():
        raise ValueError("max_field must be below the csv module's own limit")
    size = len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "replace"))
    if size > max_bytes:
        raise CsvRefused(
            _("The file must be smaller than %(size)s") % {"size": filesizeformat(max_bytes)}
        )
    text = _decoded(source) if isinstance(source, bytes) else source.removeprefix("\ufeff")
    records = _records(text, max_field=max_field, max_rows=max_rows)
    if not records:
        raise CsvRefused(_("The file is empty"))
    _header_number, header = records[0]
    columns = [name.strip() for name in header]
    for name in columns:
        if name and columns.count(name) > 1:
            raise CsvRefused(_("Row 1 names the column %(name)s twice") % {"name": name[:40]})
    rows = []
    for number, record in records[1:]:
        extra = record[len(columns) :]
        if any(cell.strip() for cell in extra):
            raise CsvRefused(
                _("Row %(row)s has %(cells)s cells, but row 1 names only %(columns)s columns")
                % {"row": number, "cells": len(record), "columns": len(columns)}
            )
        cells = dict(zip(columns, map(_undefused, record), strict=False))
        cells.pop("", None)  # a column with no name (a trailing comma) holds nothing we read
        rows.append((number, {name: cells.get(name, "") for name in columns if name}))
    return CsvTable(columns=[name for name in columns if name], rows=rows)


def _undefused(cell: str) -> str:
    """A cell `defuse` wrote reads back as it was, so an export imports unchanged."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _decoded(source: bytes) -> str:
    try:
        return source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = source[: error.start].count(b"\n") + 1
        raise CsvRefused(
            _("Row %(row)s is not UTF-8 text: save the file as 'CSV UTF-8' and try again")
            % {"row": row}
        ) from error


def _records(text: str, *, max_field: int, max_rows: int) -> list[tuple[int, list[str]]]:
    """Each non-blank record with its row number, checked cell by cell."""
    records = []
    number = 0
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for record in reader:
            number += 1
            if number > max_rows + 1:
                raise CsvRefused(
                    _("Row %(row)s: a file can have at most %(most)s rows. Split it in two.")
                    % {"row": number, "most": number_format(max_rows, force_grouping=True)}
                )
            for cell in record:
                _check_cell(number, cell, max_field)
            if any(cell.strip() for cell in record):
                records.append((number, record))
    except csv.Error as error:
        number += 1  # the row that could not be read
        if "field limit" in str(error):
            raise CsvRefused(_too_long(number, max_field)) from error
        raise CsvRefused(
            _(
                "Row %(row)s could not be read as CSV: check its quotation marks, or save the "
                "file as 'CSV UTF-8'"
            )
            % {"row": number}
        ) from error
    return records


def _check_cell(number: int, cell: str, max_field: int) -> None:
    if len(cell) > max_field:
        raise CsvRefused(_too_long(number, max_field))
    found = NOT_TEXT.search(cell)
    if found and found.group() == "\x00":
        raise CsvRefused(
            _("Row %(row)s contains a NUL character, so the file is not a CSV text file")
            % {"row": number}
        )
    if found:
        raise CsvRefused(
            _("Row %(row)s contains characters that are not text: is the file a CSV file?")
            % {"row": number}
        )


def _too_long(number: int, max_field: int) -> str:
    return _("Row %(row)s has a cell longer than %(most)s characters") % {
        "row": number,
        "most": number_format(max_field, force_grouping=True),
    }
