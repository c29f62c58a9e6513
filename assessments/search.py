"""Finding a child: what a search box's words mean, and how they match a child.

One box takes a name (tolerant of typos and spelling variants), a family name, a date of birth
or a case reference, in any mix: "Tobi 3/4/2013", "Adeyemi", "K7MXB-2D9QZ". On PostgreSQL names
match by trigram word similarity (`pg_trgm`, indexed); on the demo's SQLite, by plain contains.

This module only says what matches. Which children are searched is the caller's: the privacy
kernel's `child_visible_to` for a practitioner, the kernel's safeguarding search for a lead.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connections
from django.db.models import Q, QuerySet

from .models import Child, Family, normalised_reference

SEARCH_MAX_LENGTH = 100
MAX_WORDS = 4
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")


@dataclass(frozen=True)
class ChildSearch:
    """A search, understood. Empty when nothing in it can match a child."""

    words: tuple[str, ...] = ()
    born_on: date | None = None
    reference: str = ""

    def __bool__(self) -> bool:
        return bool(self.words or self.born_on or self.reference)


def search_parse(text: str) -> ChildSearch:
    """Split what was typed into a date of birth, a reference and name words (2 letters or
    more; punctuation, SQL and pattern characters are only letters that match nothing)."""
    text = " ".join(text.split())[:SEARCH_MAX_LENGTH]
    born_on = _date(text)
    if born_on:
        return ChildSearch(born_on=born_on)
    if reference := normalised_reference(text):
        return ChildSearch(reference=reference)
    words, reference = [], ""
    for token in text.split(" "):
        if day := _date(token):
            born_on = day
        elif found := normalised_reference(token):
            reference = found
        else:
            word = "".join(c for c in token if c.isalnum() or c in "'-")
            if len(word.strip("'-")) >= 2:
                words.append(word)
    return ChildSearch(words=tuple(words[:MAX_WORDS]), born_on=born_on, reference=reference)


def _date(text: str) -> date | None:
    for form in DATE_FORMATS:
        try:
            day = datetime.strptime(text, form).date()
        except ValueError:
            continue
        if 1900 <= day.year <= 2100:
            return day
    return None


def _like(children: QuerySet[Child], field: str, word: str) -> Q:
    """`field` is like `word` ("Tobi" finds "Toby" and "Tobias"). On PostgreSQL only the
    trigram operator, which the GIN indexes answer: `icontains` there is UPPER(name) LIKE,
    which no index answers, so an OR with it reads every child."""
    if connections[children.db].vendor == "postgresql":
        return Q(**{f"{field}__trigram_word_similar": word})
    return Q(**{f"{field}__icontains": word})


def child_search(
    children: QuerySet[Child], search: ChildSearch, *, names_only: bool = False, few: bool = False
) -> QuerySet[Child]:
    """The children of `children` that match every part of `search`: each word the preferred
    name or (unless `names_only`) the family name; the date of birth; the reference.

    Among all children a word is found as a UNION of the two indexed lookups (children by
    name, children of the families by name): an OR across the two tables would read every
    child. Among `few` (one person's caseload: tens of children), each child is tested in
    turn: looking a name up among every child, twice (the count and the page), costs more."""
    for word in search.words:
        if few:
            match = _like(children, "preferred_name", word)
            children = children.filter(
                match if names_only else match | _like(children, "family__name", word)
            )
            continue
        by_name = Child.objects.filter(_like(children, "preferred_name", word))
        by_name = by_name.order_by().values("pk")
        if not names_only:
            families = Family.objects.filter(_like(children, "name", word)).order_by()
            in_families = Child.objects.filter(family__in=families.values("pk"))
            by_name = by_name.union(in_families.order_by().values("pk"))
        children = children.filter(pk__in=by_name)
    if search.born_on:
        children = children.filter(date_of_birth=search.born_on)
    if search.reference:
        children = children.filter(reference=search.reference)
    return children
