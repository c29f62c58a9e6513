"""The words a child sees, read from `questions.json` (data, not templates), so that they can
be reviewed and changed without touching code. Chosen by the child's age band, the family
member in the justice system, and the language of the conversation."""

import json
from datetime import date
from functools import cache
from pathlib import Path

STEPS = (
    "about_me",
    "what_is_happening",
    "feelings",
    "feelings_words",
    "worries",
    "who_helps",
    "what_would_help",
    "want_people_to_know",
    "would_like_to_happen",
    "drawing",
)
# The words for the person in the justice system, from how they are related to the child
# (`ParentChildLink.Relationship`): every relationship has its words, checked by a test.
RELATIONSHIP_TO_MEMBER = {
    "mother": "mum",
    "father": "dad",
    "step_parent": "step_parent",
    "brother": "brother",
    "sister": "sister",
    "grandparent": "grandparent",
    "carer": "carer",
    "other": "other",
}
AGE_BANDS = ("under_8", "8_12", "13_plus")
NOBODY_RECORDED = "other"  # "someone in your family", until the practitioner says who


@cache
def _data() -> dict:
    return json.loads((Path(__file__).parent / "questions.json").read_text(encoding="utf-8"))


@cache
def _guidance() -> dict:
    return json.loads((Path(__file__).parent / "guidance.json").read_text(encoding="utf-8"))


def guidance(*, stage: str, section: str) -> dict:
    """The toolkit's notes for the practitioner (never for the child's screens or anything
    shared): how children may be feeling at this stage, what helps, practical actions; and how
    to hold this part of the conversation. `section` may be "" (the practitioner's notes)."""
    data = _guidance()
    return {"stage": data["stages"][stage], "section": data["sections"].get(section)}


def age_band(date_of_birth: date, on: date) -> str:
    age = (
        on.year
        - date_of_birth.year
        - ((on.month, on.day) < (date_of_birth.month, date_of_birth.day))
    )
    return "under_8" if age < 8 else "8_12" if age <= 12 else "13_plus"


def _family(language: str, member: str) -> dict:
    return _data()["family_members"][language][member]


def your_family_member(*, member: str, language: str = "en") -> str:
    """'your sister', 'dy chwaer', 'someone in your family'."""
    return _family(language, member)["your"]


def question(step: str, *, language: str, band: str, member: str) -> tuple[str, str]:
    """(question, hint) for one step, in the child's words."""
    text, hint = _data()["questions"][step][language][band]
    words = _family(language, member)
    return text.format(**words), hint.format(**words)


def feelings(language: str) -> list[tuple[str, str]]:
    return list(_data()["feelings"][language].items())


def this_is_me_titles(*, language: str, member: str) -> dict[str, str]:
    words = _family(language, member)
    return {key: text.format(**words) for key, text in _data()["this_is_me"][language].items()}


def you_said_we_did(*, language: str, band: str, member: str, who: str = "") -> dict:
    """The words of "You said, we did": those every age band shares, then the band's own;
    `who` is who the child can ask."""
    data = _data()["you_said_we_did"][language]
    words = _family(language, member) | {"who": who}
    shared = {key: value for key, value in data.items() if key not in AGE_BANDS}
    return shared | {key: text.format(**words) for key, text in data[band].items()}
