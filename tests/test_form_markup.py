"""Markup every form gets right (the Nu HTML checker found both): one CSRF token in each form
that posts and none in a form that gets (it would land in the address bar), and no
aria-describedby that points at nothing, as each form is drawn and after an empty submit.
Every form route in the URLconf, opened by someone with every role (as in the hostile-input
test)."""

import re

import pytest
from django.urls import reverse

from tests.test_hostile_forms import (  # noqa: F401 (everyone: a fixture)
    everyone,
    field_names,
    form_routes,
    url_for,
)

pytestmark = pytest.mark.django_db

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)


def assert_form_markup(html: str, where: str) -> None:
    forms = FORM.findall(html)
    for attributes, inside in forms:
        tokens = inside.count('name="csrfmiddlewaretoken"')
        posts = re.search(r'method="post"', attributes, re.I) is not None
        assert tokens == (1 if posts else 0), (where, attributes.strip(), tokens)
    assert 'aria-describedby=""' not in html, where
    assert html.count('name="csrfmiddlewaretoken"') == sum(
        inside.count('name="csrfmiddlewaretoken"') for _, inside in forms
    ), (where, "a token outside any form")


def test_the_check_finds_a_second_token_a_token_in_a_get_form_and_an_empty_describedby():
    token = '<input type="hidden" name="csrfmiddlewaretoken" value="x">'
    with pytest.raises(AssertionError):
        assert_form_markup(f'<form method="post">{token}{token}</form>', "twice")
    with pytest.raises(AssertionError):
        assert_form_markup(f'<form method="get">{token}</form>', "in a search")
    with pytest.raises(AssertionError):
        assert_form_markup(f'<form method="post">{token}<input aria-describedby=""></form>', "")
    assert_form_markup(f'<form method="post">{token}</form><form method="get"></form>', "fine")


@pytest.mark.parametrize("route", [name for name, keys in form_routes()])
def test_each_form_has_one_token_and_describes_nothing_that_is_not_there(everyone, route):  # noqa: F811
    browser, ids = everyone
    url = url_for(route, dict(form_routes())[route], ids)
    drawn = browser.get(url)
    if not _is_page(drawn):
        return
    html = drawn.content.decode()
    assert_form_markup(html, f"{route} as drawn")
    emptied = browser.post(url, dict.fromkeys(field_names(html), ""))  # Continue, nothing typed
    if _is_page(emptied):
        assert_form_markup(emptied.content.decode(), f"{route} after an empty submit")


def _is_page(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_record_a_referral_after_an_empty_submit(everyone):  # noqa: F811
    browser, _ids = everyone
    url = reverse("referrals:referral_create")
    empty = dict.fromkeys(field_names(browser.get(url).content.decode()), "")
    html = browser.post(url, empty).content.decode()
    assert "There is a problem" in html and "govuk-date-input" in html
    assert_form_markup(html, "Record a referral")
