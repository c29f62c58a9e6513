"""The training register's counts (plan outcomes 2 and 5): staff, not children, so nothing is
hidden. Each audience's sessions are the evidence for a plan action (2.1, 2.2 and 5.1)."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Sum

from cia_portal.accounts.models import Organisation

from ..models import Pilot, TrainingAttendance, TrainingSession
from .suppression import Table, shown

Audience = TrainingSession.Audience


@dataclass(frozen=True)
class AudienceCounts:
    label: str
    sessions: int
    attended: int
    sentencers: int
    trained: int

    def __str__(self) -> str:
        """As evidence beside a plan action, in plain words."""
        words = [f"{self.sessions} session{'s' if self.sessions != 1 else ''}"]
        words.append(f"{self.attended} came")
        if self.sentencers:
            words.append(f"{self.sentencers} of them sentencers")
        if self.trained:
            words.append(f"{self.trained} practitioner{'s' if self.trained != 1 else ''} trained")
        return ", ".join(words)


@dataclass(frozen=True)
class Training:
    audiences: dict[str, AudienceCounts]
    by_organisation_type: list[tuple[str, int]]
    trained: int  # practitioners trained to offer CIAs, each counted once

    @property
    def evidence(self) -> dict[str, AudienceCounts]:
        """{plan action code: the counts that are its evidence}, for audiences with sessions."""
        return {
            code: self.audiences[audience]
            for audience, code in TrainingSession.EVIDENCE_FOR.items()
            if self.audiences[audience].sessions
        }

    @property
    def table(self) -> Table:
        rows = [
            (f"Sessions for {a.label.lower()}", shown(a.sessions)) for a in self.audiences.values()
        ]
        rows += [(f"Came from {label.lower()}", shown(n)) for label, n in self.by_organisation_type]
        rows += [("Sentencers who came", shown(sum(a.sentencers for a in self.audiences.values())))]
        rows += [("Practitioners trained to offer CIAs", shown(self.trained))]
        return Table(
            "training",
            "Training register",
            rows,
            unit="sessions or people",
            note="Every session recorded, whatever the period chosen.",
        )


def training(pilot: Pilot) -> Training:
    """Three queries, however many sessions: sessions and sentencers by audience; who came by
    audience and type of organisation; who was trained, by audience."""
    per_audience = {
        row["audience"]: row
        for row in TrainingSession.objects.filter(pilot=pilot)
        .values("audience")
        .annotate(n=Count("pk"), sentencers=Sum("sentencers"))
    }
    attended, by_type = Counter(), Counter()
    for audience, kind, n in (
        TrainingAttendance.objects.filter(session__pilot=pilot)
        .values_list("session__audience", "organisation_type")
        .annotate(n=Sum("attended"))
    ):
        attended[audience] += n
        by_type[kind] += n
    trained = set(
        TrainingSession.trained.through.objects.filter(trainingsession__pilot=pilot)
        .values_list("trainingsession__audience", "user")
        .distinct()
    )
    audiences = {
        value: AudienceCounts(
            label=label,
            sessions=per_audience.get(value, {}).get("n", 0),
            attended=attended[value],
            sentencers=per_audience.get(value, {}).get("sentencers") or 0,
            trained=sum(1 for audience, _user in trained if audience == value),
        )
        for value, label in Audience.choices
    }
    return Training(
        audiences=audiences,
        by_organisation_type=[(label, by_type[v]) for v, label in Organisation.Type.choices],
        trained=len({user for _audience, user in trained}),
    )
