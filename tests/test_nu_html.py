"""The Nu HTML checker's batch run (tests/nu_html.py), which the browser tests use on every page
they look at: it finds a planted fault, names the page it is on, and passes a valid page."""

from tests.nu_html import NuPages

VALID = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Fine</title></head>
<body><main><h1>Fine</h1><p>Nothing wrong here.</p></main></body></html>"""


def test_the_nu_html_checker_finds_a_fault_and_names_its_page(tmp_path):
    pages = NuPages(tmp_path)
    pages.keep("http://portal/fine/", VALID)
    pages.keep(
        "http://portal/faulty/",
        VALID.replace("<p>Nothing", '<p><input type="date" aria-describedby="">Nothing'),
    )
    errors = pages.errors()
    assert len(errors) == 1, errors
    assert errors[0].startswith("http://portal/faulty/ line 2: ")
    assert "aria-describedby" in errors[0]


def test_the_nu_html_checker_passes_warnings(tmp_path):
    pages = NuPages(tmp_path)
    pages.keep("http://portal/warned/", VALID.replace("<main>", '<main role="main">'))
    assert pages.errors() == []
