"""Where a child's CIA has got to at one stage (offered, conversation, actions agreed, shared)
and the one next step, worked out from what the child's page has already read. The rule
for the next step is `next_step`, a pure function; `CiaProgress` feeds it and gives the page
its list."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import AgreedAction, Assessment, Consent, Offer, Stage


class NextStep(StrEnum):
    OFFER = "offer"
    START = "start"
    CONTINUE = "continue"
    AGREE_ACTIONS = "agree_actions"
    SHARE = "share"


SAID_YES = {Offer.Outcome.ACCEPTED, Offer.Outcome.SOMEONE_ELSE}


def next_step(
    *, offer_outcome: str | None, conversation_status: str | None, has_actions: bool, shared: bool
) -> NextStep | None:
    """The one thing to do next at a stage, or None when the CIA there is done (or the child
    said no: their answer stands until someone offers again)."""
    if conversation_status == Assessment.Status.DRAFT:
        return NextStep.CONTINUE
    if conversation_status == Assessment.Status.COMPLETED:
        if not has_actions:
            return NextStep.AGREE_ACTIONS
        return None if shared else NextStep.SHARE
    if offer_outcome is None:
        return NextStep.OFFER
    return NextStep.START if offer_outcome in SAID_YES else None


# The order of the stages: a CIA is often offered for the next one (for court, on bail).
STAGE_ORDER = {
    Stage.ARREST: 0,
    Stage.COURT: 1,
    Stage.CUSTODY: 2,
    Stage.COMMUNITY_SENTENCE: 2,
    Stage.RELEASE: 3,
}


def current_stage(parents_stage: str | None, *, latest) -> str | None:
    """The stage whose CIA the page follows: the parent's, unless the latest offer or
    conversation (`latest`) is for a later one, or the parent's is not recorded."""
    if latest is None:
        return parents_stage
    if parents_stage is None or STAGE_ORDER[latest.stage] > STAGE_ORDER[parents_stage]:
        return latest.stage
    return parents_stage


class Status(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    DECLINED = "declined"


@dataclass(frozen=True)
class Step:
    """One line of the progress list: what, how far, since when, and a word more."""

    name: str
    status: Status
    on: date | None = None
    detail: str = ""


@dataclass(frozen=True)
class CiaProgress:
    """The CIA at `stage` (None before anything about the parent or the CIA is recorded)."""

    stage: str | None
    offer: Offer | None
    conversation: Assessment | None
    actions: tuple[AgreedAction, ...]
    consent: Consent | None

    @classmethod
    def at(
        cls,
        parents_stage: str | None,
        *,
        offers: list[Offer],
        conversations: list[Assessment],
        actions: list[AgreedAction],
        consents: list[Consent],
        today: date,
    ) -> "CiaProgress":
        """At the stage the page follows (`current_stage`), from the child's offers and
        conversations (latest first, as their models order them), actions and consents: the
        latest offer there, the conversation under way (or else the latest), the actions
        agreed in its conversations, and an active consent that covers the stage."""
        dated = [(c.conversation_date, c) for c in conversations[:1]]
        dated += [(o.offered_on, o) for o in offers[:1]]
        latest = max(dated, key=lambda pair: pair[0])[1] if dated else None
        stage = current_stage(parents_stage, latest=latest)
        at_stage = [c for c in conversations if c.stage == stage]
        under_way = [c for c in at_stage if c.status == Assessment.Status.DRAFT]
        conversation_ids = {c.pk for c in at_stage}
        return cls(
            stage=stage,
            offer=next((o for o in offers if o.stage == stage), None),
            conversation=(under_way or at_stage or [None])[0],
            actions=tuple(a for a in actions if a.assessment_id in conversation_ids),
            consent=next(
                (c for c in consents if stage in c.stages and c.is_active_on(today)), None
            ),
        )

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label) if self.stage else ""

    @property
    def next(self) -> NextStep | None:
        return next_step(
            offer_outcome=self.offer.outcome if self.offer else None,
            conversation_status=self.conversation.status if self.conversation else None,
            has_actions=bool(self.actions),
            shared=self.consent is not None,
        )

    @property
    def steps(self) -> list[Step]:
        return [self._offered(), self._conversation(), self._actions(), self._shared()]

    def _offered(self) -> Step:
        name = _("Offered")
        if self.offer is None:
            return Step(name, Status.NOT_STARTED)
        said_no = self.offer.outcome == Offer.Outcome.DECLINED
        status = Status.DECLINED if said_no else Status.DONE
        return Step(name, status, self.offer.offered_on, self.offer.get_outcome_display())

    def _conversation(self) -> Step:
        name = _("Conversation")
        if self.conversation is None:
            return Step(name, Status.NOT_STARTED)
        if self.conversation.is_completed:
            return Step(name, Status.DONE, self.conversation.conversation_date)
        return Step(name, Status.IN_PROGRESS, self.conversation.conversation_date)

    def _actions(self) -> Step:
        name = _("Actions agreed")
        if not self.actions:
            return Step(name, Status.NOT_STARTED)
        count = len(self.actions)
        agreed = ngettext("%(count)d action", "%(count)d actions", count) % {"count": count}
        first = timezone.localdate(min(a.created_at for a in self.actions))
        return Step(name, Status.DONE, first, agreed)

    def _shared(self) -> Step:
        name = _("Shared")
        if self.consent is None:
            return Step(name, Status.NOT_STARTED)
        return Step(name, Status.DONE, self.consent.given_on, self.consent.purpose)
