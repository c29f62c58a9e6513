"""A page of a list and its count in one query (cia_portal/pagination.py): the same pages,
numbers and counts as Django's own Paginator gives, for any page number a link or a person
could send."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Child
from cia_portal.pagination import CountingPaginator
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

PER_PAGE = 3


@pytest.fixture
def seven_children():
    for n in range(7):
        ChildFactory(preferred_name=f"Kid{n}")
    return Child.objects.order_by("preferred_name", "pk")


def _seen(page) -> tuple:
    return (
        [c.preferred_name for c in page],
        page.number,
        page.paginator.count,
        page.paginator.num_pages,
        page.has_next(),
        page.start_index(),
        page.end_index(),
    )


@pytest.mark.parametrize(
    "number",
    [None, "", "1", "2", "3", "4", "99", "0", "-2", "zz", "1.5", 2, "99999999999999999999"],
)
def test_each_page_is_the_one_djangos_paginator_gives(seven_children, number):
    ours = CountingPaginator(seven_children, PER_PAGE).get_page(number)
    djangos = Paginator(seven_children, PER_PAGE).get_page(number)
    assert _seen(ours) == _seen(djangos)


@pytest.mark.parametrize("number", ["1", "2", "3"])
def test_a_page_on_the_list_and_its_count_take_one_query(seven_children, number):
    with CaptureQueriesContext(connection) as queries:
        page = CountingPaginator(seven_children, PER_PAGE).get_page(number)
        shown = _seen(page)
    assert len(queries) == 1
    assert shown[2:4] == (7, 3)


def test_an_empty_list_is_one_empty_first_page_in_one_query():
    with CaptureQueriesContext(connection) as queries:
        page = CountingPaginator(Child.objects.order_by("pk"), PER_PAGE).get_page("1")
        shown = _seen(page)
    assert len(queries) == 1
    assert shown == ([], 1, 0, 1, False, 0, 0)
