"""The easy-read words for families, read from `easy_read.json` (data, not templates), so that
they can be reviewed and changed without touching code."""

import json
from functools import cache
from pathlib import Path

from cia_portal.languages import WELSH


@cache
def _data() -> dict:
    return json.loads((Path(__file__).parent / "easy_read.json").read_text(encoding="utf-8"))


def easy_read(language: str) -> dict:
    """The page in `language` ("cy" for Welsh; anything else is English)."""
    return _data()["cy" if language == WELSH else "en"]


def poster_ideas(words: dict) -> list[dict]:
    """The few ideas a poster or flyer has room for, in the order `poster_ideas` names them."""
    by_icon = {}
    for part in words["parts"]:
        for idea in part["ideas"]:
            by_icon.setdefault(idea["icon"], idea)
    return [by_icon[icon] for icon in words["poster_ideas"]]
