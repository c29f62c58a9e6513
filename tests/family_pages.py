"""Checks for the pages families see, in English and Welsh."""

from html.parser import HTMLParser

# Words the same in both languages: the service's name, the language names, numbers.
SAME_IN_BOTH = {"CIA Portal", "English", "Cymraeg", "DEMO"}


class _Text(HTMLParser):
    """The words a person sees or hears: text and alt text, not inside <script> or <style>."""

    def __init__(self):
        super().__init__()
        self.words: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self._skip += 1
        alt = dict(attrs).get("alt")
        if alt:
            self.words.append(alt.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.words.append(" ".join(data.split()))


def seen_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.words


def left_in_english(english: str, welsh: str, *, also_same: set[str] = frozenset()) -> set[str]:
    """The bits of text on the Welsh page that are exactly as on the English page."""
    same = SAME_IN_BOTH | set(also_same)
    return {
        text
        for text in set(seen_text(english)) & set(seen_text(welsh))
        if text not in same and any(c.isalpha() for c in text)
    }
