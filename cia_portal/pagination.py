"""A page of a list and how many there are, in one query."""

from typing import Protocol

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

MOST_PAGES = 100_000


class CountedList(Protocol):
    """A list that gives a page of itself and its length its own way (the audit trail's
    visits, counted up to a limit); and, for a page number not on the list, its length and a
    slice apart, as Django's Paginator asks."""

    def counted(self, bottom: int, top: int) -> tuple[list, int]: ...

    def count(self) -> int: ...

    def __getitem__(self, rows: slice) -> list: ...


class CountingPaginator(Paginator):
    """Django's Paginator for a queryset (or a `CountedList`), counting the objects in the same
    query as the page (`COUNT(*) OVER ()`) instead of in a query of its own first: a list a
    person searches is planned and read once. A page number that is not on the list (past the
    end, below 1) is answered as Django answers it, with the last page. No orphans.

    For short lists (a caseload): the window reads every row of the list before it gives the
    page, so a long list ordered by an index is better counted apart."""

    def get_page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if not 1 <= number <= MOST_PAGES:  # below 1, or past any list (an OFFSET too big)
            return super().get_page(number)
        bottom = (number - 1) * self.per_page
        rows, count = _counted(self.object_list, bottom, bottom + self.per_page)
        if not rows and number > 1:
            return super().get_page(number)
        self.count = count
        return self._get_page(rows, number, self)


def _counted(object_list: QuerySet | CountedList, bottom: int, top: int) -> tuple[list, int]:
    if not isinstance(object_list, QuerySet):
        return object_list.counted(bottom, top)
    rows = list(object_list.annotate(total_count=Window(Count("pk")))[bottom:top])
    return rows, rows[0].total_count if rows else 0
