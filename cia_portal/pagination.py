"""A page of a list and how many there are, in one query."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

MOST_PAGES = 100_000


class CountingPaginator(Paginator):
    """Django's Paginator for a queryset, counting the objects in the same query as the page
    (`COUNT(*) OVER ()`) instead of in a query of its own first: a list a person searches
    is planned and read once. A page number that is not on the list (past the end, below 1)
    is answered as Django answers it, with the last page. No orphans.

    For short lists (a caseload): the window reads every row of the list before it gives the
    page, so a long list ordered by an index (the audit trail) is better counted apart."""

    def get_page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if not 1 <= number <= MOST_PAGES:  # below 1, or past any list (an OFFSET too big)
            return super().get_page(number)
        bottom = (number - 1) * self.per_page
        counted = self.object_list.annotate(total_count=Window(Count("pk")))
        rows = list(counted[bottom : bottom + self.per_page])
        if not rows and number > 1:
            return super().get_page(number)
        self.count = rows[0].total_count if rows else 0
        return self._get_page(rows, number, self)
