"""cia_portal.csv_files, the writing side: every CSV the portal writes goes through `csv_text`
or `csv_download`, and no cell in it can start a spreadsheet formula (OWASP "CSV injection").
Reading uploaded files is tests/test_csv_reading.py."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cia_portal.csv_files import FORMULA_STARTS, csv_download, csv_rows, csv_text, defuse


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://x","y")',
        "+SUM(A1:A2)",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_a_cell_that_would_start_a_formula_gets_a_leading_apostrophe(cell):
    assert defuse(cell) == "'" + cell


@pytest.mark.parametrize(
    "value, text",
    [
        ("Duty desk", "Duty desk"),
        ("Mum said = fine", "Mum said = fine"),  # only the first character matters
        ("'quoted", "'quoted"),
        (12, "12"),
        (0, "0"),
        (None, ""),
        ("", ""),
    ],
)
def test_ordinary_cells_are_written_as_they_are(value, text):
    assert defuse(value) == text


def test_a_negative_number_is_written_as_text():
    """A count is never negative, and "-1" could be the start of "-1+cmd|..."."""
    assert defuse(-1) == "'-1"


def test_csv_text_defuses_every_cell_and_quotes_as_csv_does():
    text = csv_text([["Route", "Referrals"], ['=HYPERLINK("http://x","y")', 3], ["A, B", None]])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [
        ["Route", "Referrals"],
        ['\'=HYPERLINK("http://x","y")', "3"],
        ["A, B", ""],
    ]


def test_a_download_is_a_private_utf8_csv_attachment():
    response = csv_download(rows=[["Café", "=1"]], filename="pilot-funnel.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="pilot-funnel.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.decode("utf-8") == "Café,'=1\r\n"


def _ambiguous(cell: str) -> bool:
    """A cell that itself starts with an apostrophe and then a formula character reads back
    without the apostrophe (the reader cannot tell it from one the writer defused)."""
    return cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS)


cells = st.text(alphabet="ab1 =+-@,'\"\t\r\n", max_size=12).filter(lambda c: not _ambiguous(c))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=5))
def test_no_written_cell_starts_a_formula_and_each_reads_back_as_it_was(rows):
    text = csv_text(rows)
    written = list(csv.reader(io.StringIO(text, newline="")))
    assert all(not cell.startswith(FORMULA_STARTS) for row in written for cell in row)
    assert written == [[defuse(cell) for cell in row] for row in rows]
    # The portal's own reader (tests/test_csv_reading.py) gives back what was written.
    header = [f"c{i}" for i in range(max(len(row) for row in rows))]
    table = csv_rows(csv_text([header, *rows]), max_bytes=10**6, max_field=100, max_rows=10)
    kept = [row for row in rows if any(defuse(cell).strip() for cell in row)]  # blanks skipped
    assert [
        [read[name] for name in header[: len(row)]]
        for (_n, read), row in zip(table.rows, kept, strict=True)
    ] == kept
