"""Feedback by who answered: how many answered, the share who agreed with each question, and
quotes given with permission."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ..models import FeedbackResponse, Pilot, Respondent
from .pilot import Period
from .suppression import Cell, Table, cell, share

QUESTIONS = [
    ("listened_to", _("Felt listened to")),
    ("supported", _("Felt well supported")),
    ("included", _("Included in decisions about the actions")),
    ("told_what_next", _("Told what happened next")),
]
QUESTION_NAMES = [name for name, _label in QUESTIONS]
TOLD = "told_what_next"


@dataclass
class Feedback:
    groups: list[dict]  # value, label, n (a Cell), shares [(question, Cell)]
    quotes: list[FeedbackResponse]

    @property
    def table(self) -> Table:
        rows = []
        for group in self.groups:
            rows.append((f"{group['label']}: responses", group["n"]))
            for question, percent in group["shares"]:
                rows.append((f"{group['label']}: {question} (% agreeing)", percent))
        return Table("feedback", "Feedback", rows, unit="responses or %")

    @property
    def children_told(self) -> Cell:
        """The share of children who said they were told what happened next (the portal's
        "You said, we did"), of those who answered that question."""
        child = next(g for g in self.groups if g["value"] == Respondent.CHILD)
        return dict(zip(QUESTION_NAMES, (s for _q, s in child["shares"]), strict=True))[TOLD]


def feedback(pilot: Pilot, period: Period) -> Feedback:
    """A share is of those who answered that question, and is shown only when both those who
    agreed and those who did not are none or at least the threshold (`share`). Quotes come
    only from groups whose number of responses is shown: otherwise three quotes from mothers
    would say that at least three mothers answered."""
    t = pilot.suppress_below
    responses = FeedbackResponse.objects.filter(pilot=pilot, submitted_on__range=period.range)
    counts = {"n": Count("pk")}
    for name, _label in QUESTIONS:
        counts[f"{name}_answered"] = Count("pk", filter=Q(**{f"{name}__isnull": False}))
        counts[f"{name}_agree"] = Count("pk", filter=Q(**{f"{name}__gte": 4}))
    rows = {r["respondent"]: r for r in responses.values("respondent").annotate(**counts)}
    groups = []
    for value, label in Respondent.choices:
        row = rows.get(value, {"n": 0})
        shares = [
            (
                question,
                share(row.get(f"{name}_agree", 0), row.get(f"{name}_answered", 0), t),
            )
            for name, question in QUESTIONS
        ]
        groups.append({"value": value, "label": label, "n": cell(row["n"], t), "shares": shares})
    counted = {g["value"] for g in groups if not g["n"].suppressed}
    quotes = [  # one query whichever groups are counted
        response
        for response in responses.filter(may_quote=True)
        .exclude(comments="")
        .order_by("respondent", "pk")
        if response.respondent in counted
    ]
    return Feedback(groups, quotes)
