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

from cia_portal.queries import in_subquery

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
    children: QuerySet[Child], search: ChildSearch, *, names_only: bool = False
) -> QuerySet[Child]:
    """The children of `children` that match every part of `search`: each word the preferred
    name or (unless `names_only`) the family name; the date of birth; the reference.

    A word is looked up in the two trigram indexes together (children by name, families by
    name, their children by the family's key): the planner ORs the three index lookups, so
    the cost follows the children matched, not the children there are."""
    for word in search.words:
        match = _like(children, "preferred_name", word)
        if not names_only:
            families = Family.objects.filter(_like(children, "name", word)).order_by()
            match |= in_subquery("family_id", families.values("pk"))
        children = children.filter(match)
    if search.born_on:
        children = children.filter(date_of_birth=search.born_on)
    if search.reference:
        children = children.filter(reference=search.reference)
    return children
