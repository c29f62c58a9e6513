"""The sections of a Child Impact Assessment, in the child's own words.

One place for the questions, so that they can be reviewed without reading views or templates.
Each section names the Assessment fields that hold the child's answers.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

FEELINGS = [
    ("happy", _("Happy")),
    ("okay", _("Okay")),
    ("sad", _("Sad")),
    ("worried", _("Worried")),
    ("scared", _("Scared")),
    ("angry", _("Angry")),
    ("confused", _("Confused")),
    ("lonely", _("Lonely")),
    ("embarrassed", _("Embarrassed")),
    ("relieved", _("Relieved")),
    ("proud", _("Proud")),
]
FEELING_LABELS = dict(FEELINGS)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    question: str
    hint: str
    fields: tuple[str, ...]

    def question_about(self, your: str) -> str:
        """The question, naming the child's family member ("your sister")."""
        return str(self.question) % {"your": your}


SECTIONS: tuple[Section, ...] = (
    Section(
        "about-me",
        _("About me"),
        _("Tell me about you"),
        _("What you like doing, what you are good at, and who is in your family."),
        ("about_me",),
    ),
    Section(
        "what-is-happening",
        _("What is happening and what I know"),
        _("What do you know about what is happening to %(your)s?"),
        _("What you have been told, and anything you would like to know."),
        ("what_is_happening",),
    ),
    Section(
        "how-i-feel",
        _("How I feel"),
        _("How are you feeling?"),
        _("Choose as many feelings as you like, then say more in your own words if you want to."),
        ("feelings", "feelings_words"),
    ),
    Section(
        "what-worries-me",
        _("What worries me"),
        _("Is anything worrying you?"),
        _("Big worries or small ones. You do not have to answer."),
        ("worries",),
    ),
    Section(
        "who-helps-me",
        _("Who helps me and what would help"),
        _("Who helps you, and what would help?"),
        _("People at home, at school or anywhere else, and things that would make life easier."),
        ("who_helps", "what_would_help"),
    ),
    Section(
        "what-i-want-people-to-know",
        _("What I want people to know"),
        _("Is there anything you want people to know?"),
        _("For example the judge, your school, or someone else."),
        ("want_people_to_know",),
    ),
    Section(
        "what-i-would-like-to-happen",
        _("What I would like to happen"),
        _("What would you like to happen next?"),
        _("Anything you would like to change, or to stay the same."),
        ("would_like_to_happen",),
    ),
)
SECTIONS_BY_SLUG = {s.slug: s for s in SECTIONS}

FIELD_LABELS = {
    "about_me": _("About me"),
    "what_is_happening": _("What I know"),
    "feelings": _("Feelings I chose"),
    "feelings_words": _("How I feel, in my words"),
    "worries": _("What worries me"),
    "who_helps": _("Who helps me"),
    "what_would_help": _("What would help"),
    "want_people_to_know": _("What I want people to know"),
    "would_like_to_happen": _("What I would like to happen"),
}


def section_is_answered(assessment, section: Section) -> bool:
    return any(getattr(assessment, f) for f in section.fields)


def section_answers(assessment, *, your: str) -> list[dict]:
    """Each section with the child's answers, ready to read back ("check your answers"); `your`
    names the family member in the questions ("your sister")."""
    return [
        {
            "section": section,
            "question": section.question_about(your),
            "answered": section_is_answered(assessment, section),
            "feelings": [FEELING_LABELS.get(f, f) for f in assessment.feelings]
            if "feelings" in section.fields
            else None,
            "words": [
                (FIELD_LABELS[f], getattr(assessment, f))
                for f in section.fields
                if f != "feelings" and getattr(assessment, f)
            ],
        }
        for section in SECTIONS
    ]
