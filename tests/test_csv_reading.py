"""cia_portal.csv_files.csv_rows: an uploaded CSV file read whole within limits, or one plain
refusal that names the row."""

import pytest

from cia_portal.csv_files import CsvRefused, csv_rows, csv_text

LIMITS = {"max_bytes": 10_000, "max_field": 100, "max_rows": 5}


def test_rows_come_by_column_name_numbered_as_a_spreadsheet_numbers_them():
    table = csv_rows("\ufeffname, age ,\nAda,36,\n\nGrace,85\n", **LIMITS)
    assert table.columns == ["name", "age"]
    assert table.rows == [(2, {"name": "Ada", "age": "36"}), (4, {"name": "Grace", "age": "85"})]


def test_bytes_that_are_not_utf8_are_refused_naming_their_row():
    with pytest.raises(CsvRefused, match="Row 3 is not UTF-8 text"):
        csv_rows(b"name\nAda\nCaf\xe9\n", **LIMITS)
    assert csv_rows("name\nCafé\n".encode(), **LIMITS).rows == [(2, {"name": "Café"})]


def test_what_the_writer_defused_reads_back_as_it_was():
    written = csv_text([["formula", "quote"], ["=SUM(A1)", "'ordinary"], ["-1", "@x"]])
    table = csv_rows(written, **LIMITS)
    assert [cells for _number, cells in table.rows] == [
        {"formula": "=SUM(A1)", "quote": "'ordinary"},
        {"formula": "-1", "quote": "@x"},
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name\n" + "a" * 10_000, "The file must be smaller than 9.8"),
        ("name\n" + "a" * 101, "Row 2 has a cell longer than 100 characters"),
        ("name\n" + "row\n" * 6, "Row 7: a file can have at most 5 rows"),
        ('name\n"open\n', "Row 2 could not be read as CSV"),
        ("name\nA\x00B\n", "Row 2 contains a NUL character"),
        ("name\nA\x1bB\n", "Row 2 contains characters that are not text"),
    ],
)
def test_each_limit_is_a_plain_refusal(text, message):
    with pytest.raises(CsvRefused, match=message):
        csv_rows(text, **LIMITS)


def test_a_field_limit_the_csv_module_cannot_honour_is_a_programming_error():
    with pytest.raises(ValueError, match="csv module"):
        csv_rows("name\n", max_bytes=100, max_field=1_000_000, max_rows=1)
