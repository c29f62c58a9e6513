"""The sections of a Child Impact Assessment, in the child's own words.

One place for the questions, so that they can be reviewed without reading views or templates.
Each section names the Assessment fields that hold the child's answers.
"""

from dataclasses import dataclass

FEELINGS = [
    ("happy", "Happy"),
    ("okay", "Okay"),
    ("sad", "Sad"),
    ("worried", "Worried"),
    ("scared", "Scared"),
    ("angry", "Angry"),
    ("confused", "Confused"),
    ("lonely", "Lonely"),
    ("embarrassed", "Embarrassed"),
    ("relieved", "Relieved"),
    ("proud", "Proud"),
]
FEELING_LABELS = dict(FEELINGS)


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    question: str
    hint: str
    fields: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "about-me",
        "About me",
        "Tell me about you",
        "What you like doing, what you are good at, and who is in your family.",
        ("about_me",),
    ),
    Section(
        "what-is-happening",
        "What is happening and what I know",
        "What do you know about what is happening to your mum?",
        "What you have been told, and anything you would like to know.",
        ("what_is_happening",),
    ),
    Section(
        "how-i-feel",
        "How I feel",
        "How are you feeling?",
        "Choose as many feelings as you like, then say more in your own words if you want to.",
        ("feelings", "feelings_words"),
    ),
    Section(
        "what-worries-me",
        "What worries me",
        "Is anything worrying you?",
        "Big worries or small ones. You do not have to answer.",
        ("worries",),
    ),
    Section(
        "who-helps-me",
        "Who helps me and what would help",
        "Who helps you, and what would help?",
        "People at home, at school or anywhere else, and things that would make life easier.",
        ("who_helps", "what_would_help"),
    ),
    Section(
        "what-i-want-people-to-know",
        "What I want people to know",
        "Is there anything you want people to know?",
        "For example the judge, your school, or someone else.",
        ("want_people_to_know",),
    ),
    Section(
        "what-i-would-like-to-happen",
        "What I would like to happen",
        "What would you like to happen next?",
        "Anything you would like to change, or to stay the same.",
        ("would_like_to_happen",),
    ),
)
SECTIONS_BY_SLUG = {s.slug: s for s in SECTIONS}

FIELD_LABELS = {
    "about_me": "About me",
    "what_is_happening": "What I know",
    "feelings": "Feelings I chose",
    "feelings_words": "How I feel, in my words",
    "worries": "What worries me",
    "who_helps": "Who helps me",
    "what_would_help": "What would help",
    "want_people_to_know": "What I want people to know",
    "would_like_to_happen": "What I would like to happen",
}


def section_is_answered(assessment, section: Section) -> bool:
    return any(getattr(assessment, f) for f in section.fields)


def section_answers(assessment) -> list[dict]:
    """Each section with the child's answers, ready to read back ("check your answers")."""
    return [
        {
            "section": section,
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
