"""The pilot, its feedback, its action plan and the chair's own words for the report.

Nothing here names a child: feedback is tied to a pilot and a stage, never to a person, and
the figures are worked out from the other apps' records when asked for (see the `figures` package).
"""

import hashlib
import secrets
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Stage
from cia_portal.accounts.models import Organisation


class Pilot(models.Model):
    """A pilot of CIAs in one area: who is in it is worked out from its court and its partners."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    area = models.ForeignKey("accounts.Area", on_delete=models.PROTECT, related_name="pilots")
    court = models.CharField(
        max_length=200, help_text=_("Children whose mothers have a hearing here are in the pilot.")
    )
    partners = models.ManyToManyField(
        "accounts.Organisation",
        related_name="pilots",
        blank=True,
        help_text=_("Referrals through these organisations' routes count for the pilot."),
    )
    start = models.DateField()
    end = models.DateField()
    target_children = models.PositiveIntegerField(_("Target number of children"))
    suppress_below = models.PositiveSmallIntegerField(
        _("Hide counts below"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text=_("Counts from 1 up to this number show as 'fewer than' it."),
    )
    # The chair's own words for the report (action 8.1).
    aim = models.TextField(blank=True)
    background = models.TextField(blank=True)
    findings = models.TextField(_("Findings"), blank=True)
    scaling_proposal = models.TextField(_("Proposal for scaling up"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "name"]

    def __str__(self) -> str:
        return self.name


class Respondent(models.TextChoices):
    CHILD = "child", _("Children")
    MOTHER = "mother", _("Mothers")
    CARER = "carer", _("Carers")
    PRACTITIONER = "practitioner", _("Practitioners")
    SENTENCER = "sentencer", _("Sentencers")


ONE_OF = {
    Respondent.CHILD: "A child",
    Respondent.MOTHER: "A mother",
    Respondent.CARER: "A carer",
    Respondent.PRACTITIONER: "A practitioner",
    Respondent.SENTENCER: "A sentencer",
}
LINK_LIFETIME = timedelta(days=28)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FeedbackLinkQuerySet(models.QuerySet):
    def for_token(self, token: str):
        return self.filter(token_hash=_hash(token)).select_related("pilot").first()


class FeedbackLink(models.Model):
    """A single-use, expiring link to a questionnaire. Only a hash of the token is kept, so the
    link is shown once, to the practitioner who makes it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="feedback_links")
    respondent = models.CharField(max_length=16, choices=Respondent.choices)
    stage = models.CharField(max_length=32, choices=Stage.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_respondent_display()} feedback link, {self.created_at:%-d %B %Y}"

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        token = secrets.token_urlsafe(24)
        return token, _hash(token)

    @property
    def is_expired(self) -> bool:
        return self.expires_at < timezone.now()


class FeedbackResponse(models.Model):
    """One questionnaire: tied to the pilot and the stage, never to a named person."""

    class Source(models.TextChoices):
        LINK = "link", _("Online, through a link")
        PAPER = "paper", _("Typed in from a paper form")

    SCALE = [(1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")]
    QUESTIONS = ("listened_to", "supported", "included", "told_what_next")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pilot = models.ForeignKey(Pilot, on_delete=models.PROTECT, related_name="feedback")
    respondent = models.CharField(max_length=16, choices=Respondent.choices)
    stage = models.CharField(max_length=32, choices=Stage.choices)
    source = models.CharField(max_length=8, choices=Source.choices)
    # 1 (not at all) to 5 (yes, a lot); blank when the question was skipped.
    listened_to = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    supported = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    included = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    told_what_next = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    comments = models.TextField(blank=True)
    may_quote = models.BooleanField(default=False)
    submitted_on = models.DateField(default=timezone.localdate)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The practitioner who typed in a paper form."),
    )

    class Meta:
        ordering = ["-submitted_on"]
        indexes = [models.Index(fields=["pilot", "respondent", "submitted_on"])]

    def __str__(self) -> str:
        return f"{self.get_respondent_display()} feedback, {self.submitted_on:%-d %B %Y}"

    @property
    def said_by(self) -> str:
        """Who said it, without saying who: 'A child', 'A mother'."""
        return ONE_OF[self.respondent]


class PlanOutcome(models.Model):
    """A desired outcome of the pilot plan (1 to 8), in a stage of the plan."""

    class PlanStage(models.TextChoices):
        PREPARATION = "preparation", _("Preparation")
        DELIVERY = "delivery", _("Delivery")
        EVALUATION = "evaluation", _("Evaluation")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="outcomes")
    number = models.PositiveSmallIntegerField()
    plan_stage = models.CharField(max_length=16, choices=PlanStage.choices)
    text = models.TextField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "number"], name="one_outcome_per_number")
        ]

    def __str__(self) -> str:
        return f"Outcome {self.number}"


class PlanAction(models.Model):
    """An action of the plan (1.1 to 8.2): the chair keeps its status, a note and evidence."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        AT_RISK = "at_risk", _("At risk")

    outcome = models.ForeignKey(PlanOutcome, on_delete=models.CASCADE, related_name="actions")
    code = models.CharField(max_length=8)
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    timescale = models.CharField(max_length=100, blank=True)
    leads = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    note = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text=_("What shows it was done."))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["outcome__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["outcome", "code"], name="one_action_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class UnitCost(models.Model):
    """One line of the per-family cost estimate: a unit cost from a named source times how much
    of it one family typically needs. The chair can change every figure and its source."""

    class Path(models.TextChoices):
        CUSTODY = "custody", _("If the mother goes to prison")
        COMMUNITY = "community", _("If she serves her sentence in the community")

    class Unit(models.TextChoices):
        YEAR = "year", _("per year")
        MONTH = "month", _("per month")
        WEEK = "week", _("per week")
        DAY = "day", _("per day")
        EACH = "each", _("each")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="unit_costs")
    path = models.CharField(max_length=16, choices=Path.choices)
    name = models.CharField(max_length=200)
    amount = models.DecimalField(
        _("Unit cost (£)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave it blank until you have the figure from the source."),
    )
    unit = models.CharField(max_length=8, choices=Unit.choices)
    quantity = models.DecimalField(
        _("How much one family needs"),
        max_digits=8,
        decimal_places=2,
        help_text=_("In the unit's terms: 0.5 years, 270 days, 1 (each)."),
    )
    source = models.TextField(_("Where the unit cost comes from"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["path", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def total(self) -> Decimal | None:
        """None until the unit cost is entered: the estimate leaves the line out, and says so."""
        return None if self.amount is None else self.amount * self.quantity


class TrainingSession(models.Model):
    """An information session the pilot delivered (plan outcomes 2 and 5): to whom, who came
    by type of organisation, and the practitioners it trained to offer CIAs."""

    class Audience(models.TextChoices):
        ALLIANCE = "alliance", _("Alliance members and other stakeholders")
        PRACTITIONERS = "practitioners", _("Practitioners who will offer CIAs")
        COURT = "court", _("Court staff, including sentencers")
        OTHER = "other", _("Others")

    # The plan actions each audience's sessions are evidence for.
    EVIDENCE_FOR = {
        Audience.ALLIANCE: "2.1",
        Audience.PRACTITIONERS: "2.2",
        Audience.COURT: "5.1",
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="training")
    audience = models.CharField(_("Who was it for?"), max_length=16, choices=Audience.choices)
    title = models.CharField(_("What was it called?"), max_length=200)
    held_on = models.DateField(_("When was it held?"))
    delivered_by = models.CharField(_("Who delivered it?"), max_length=200, blank=True)
    sentencers = models.PositiveIntegerField(
        _("How many of those who came were sentencers (magistrates or judges)?"), default=0
    )
    trained = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="training_sessions",
        verbose_name=_("Practitioners it trained to offer CIAs"),
    )
    note = models.TextField(_("Anything else"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "title"]
        indexes = [models.Index(fields=["pilot", "held_on"])]

    def __str__(self) -> str:
        return f"{self.title}, {self.held_on:%-d %B %Y}"

    @property
    def attended(self) -> int:
        return sum(a.attended for a in self.attendance.all())


class TrainingAttendance(models.Model):
    """How many came to a session from one type of organisation."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    organisation_type = models.CharField(max_length=32, choices=Organisation.Type.choices)
    attended = models.PositiveIntegerField()

    class Meta:
        ordering = ["organisation_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation_type"], name="one_count_per_type"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attended} from {self.get_organisation_type_display()}"


class PilotCounts(models.Model):
    """A pilot's counts for its whole period, kept each night by `refresh_figures` (or when its
    chair asks) so that its pages, report and CSVs read a row rather than every child's records
    (`figures.kept`). Counts before anything is hidden, never a child."""

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="kept_counts")
    counts = models.JSONField()
    made_with = models.JSONField()  # the court, dates and partners the children were found by
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "pilot counts"

    def __str__(self) -> str:
        return f"{self.pilot} counted at {self.counted_at:%Y-%m-%d %H:%M}"


class PilotYear(models.Model):
    """One pilot's counts for one calendar year, stored for the national roll-up by
    `refresh_figures` (each night): every count as it is, and how the pilot's own pages hide it
    (`figures.rollup`). Counts, never a child."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField()
    tables = models.JSONField()
    worked_out_at = models.DateTimeField()

    class Meta:
        ordering = ["year", "pilot__area__name", "pilot__name"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "year"], name="one_pilot_year"),
        ]

    def __str__(self) -> str:
        return f"{self.pilot} {self.year}"
