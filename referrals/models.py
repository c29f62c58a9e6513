"""Referral routes (how children reach a CIA) and the support directory (where they go next)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Stage

STALE_AFTER = timedelta(days=183)  # about six months: directory entries go stale fast


class DirectoryEntry(models.Model):
    """What routes and services share: an owner, a 'last verified' date, an order, retirement."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    how_to_refer = models.TextField(
        _("How to refer"), help_text=_("Who to contact, when, and what to send.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The person who keeps this entry up to date."),
    )
    last_verified = models.DateField(_("Last checked"), default=timezone.localdate)
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-is_active", "position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_stale(self) -> bool:
        return self.last_verified < timezone.localdate() - STALE_AFTER


class ReferralRoute(DirectoryEntry):
    """An agreed way a child whose mother is in the justice system reaches the portal (1.6)."""

    stage = models.CharField(
        _("Stage where children are found"), max_length=32, choices=Stage.choices
    )
    area = models.ForeignKey(
        "accounts.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referral_routes",
        help_text=_("Where the route finds children. Left blank, its organisation's area."),
    )
    takes_family_requests = models.BooleanField(
        _("Families ask for a CIA here"),
        default=False,
        help_text=_(
            "Requests from the public 'ask for a CIA' form come to this route, for anyone at "
            "its organisation to pick up. Only one route takes them."
        ),
    )

    class Meta(DirectoryEntry.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["takes_family_requests"],
                condition=models.Q(takes_family_requests=True),
                name="one_route_for_family_requests",
                violation_error_message=_(
                    "Another route takes families' requests already: untick it there first"
                ),
            )
        ]


class SupportService(DirectoryEntry):
    """Somewhere a child can be referred onward after a CIA."""

    class Type(models.TextChoices):
        FAMILY_SUPPORT = "family_support", _("Family support")
        MENTORING = "mentoring", _("Mentoring")
        COUNSELLING = "counselling", _("Counselling or CAMHS")
        SCHOOL_SUPPORT = "school_support", _("School support")
        PRISON_VISITS = "prison_visits", _("Prison visits and family days")
        HELPLINE = "helpline", _("Helpline")
        KINSHIP_CARERS = "kinship_carers", _("Kinship-carer support")
        HOUSING = "housing", _("Housing")
        OTHER = "other", _("Other")

    type = models.CharField(max_length=32, choices=Type.choices)
    min_age = models.PositiveSmallIntegerField(_("Youngest age served"), default=0)
    max_age = models.PositiveSmallIntegerField(_("Oldest age served"), default=18)
    area = models.CharField(max_length=200, default="Hopeside")

    class Meta(DirectoryEntry.Meta):
        pass


class Referral(models.Model):
    """A child (or a family of children) referred for a CIA through a route."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        OFFERED = "offered", _("CIA offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        NOT_REACHED = "not_reached", _("Not reached")
        ALLOCATED = "allocated", _("Allocated")
        CLOSED = "closed", _("Closed")

    # Which step may follow which; anything else is refused with a plain message.
    NEXT = {
        Status.RECEIVED: {Status.OFFERED, Status.NOT_REACHED, Status.CLOSED},
        Status.OFFERED: {Status.ACCEPTED, Status.DECLINED, Status.NOT_REACHED},
        Status.ACCEPTED: {Status.ALLOCATED, Status.CLOSED},
        Status.DECLINED: {Status.CLOSED},
        Status.NOT_REACHED: {Status.OFFERED, Status.CLOSED},
        Status.ALLOCATED: {Status.CLOSED},
        Status.CLOSED: set(),
    }
    NEEDS_REASON = {Status.DECLINED, Status.NOT_REACHED, Status.CLOSED}

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    route = models.ForeignKey(ReferralRoute, on_delete=models.PROTECT, related_name="referrals")
    referred_by = models.CharField(_("Who referred"), max_length=200)
    received_on = models.DateField(default=timezone.localdate)
    mother_name = models.CharField(_("Mother's (or parent's) name"), max_length=100)
    next_court_date = models.DateField(null=True, blank=True)
    children_description = models.CharField(
        _("The children"),
        max_length=300,
        help_text=_("Names and ages as the referrer gave them, until the family is added."),
    )
    family = models.ForeignKey(
        "assessments.Family",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED)
    # Nobody yet, for a family's request: it waits for anyone at the route's organisation.
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    allocated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_allocated",
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-created_at"]
        indexes = [
            models.Index(fields=["status", "received_on"]),
            # Families' requests nobody has picked up, found by route for its organisation.
            models.Index(
                fields=["route"],
                condition=models.Q(received_by__isnull=True),
                name="referral_unpicked_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.mother_name}'s children, {self.received_on:%-d %B %Y}"


class ReferralEvent(models.Model):
    """Each step of a referral, timestamped: the journey can be read back and timed."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=16, choices=Referral.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    # Nobody, when a family asked through the public form.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.at:%Y-%m-%d %H:%M}"


class FamilyRequest(models.Model):
    """How to reach the family that asked for a CIA through the public form, and what they
    told us: first names and ages only. Erased with the referral it belongs to."""

    class Asker(models.TextChoices):
        MUM = "mum", _("I am their mum")
        DAD = "dad", _("I am their dad")
        CARER = "carer", _("I look after them")
        YOUNG_PERSON = "young_person", _("I am the young person")
        PROFESSIONAL = "professional", _("I work with the family")
        OTHER = "other", _("Someone else")

    referral = models.OneToOneField(
        Referral, on_delete=models.CASCADE, related_name="family_request"
    )
    asker = models.CharField(max_length=16, choices=Asker.choices)
    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    safe_to_leave_message = models.BooleanField(null=True)
    best_time = models.CharField(max_length=200, blank=True)
    children = models.JSONField(default=list)  # [{"first_name": "Mia", "age": 7}]
    court = models.CharField(max_length=100, blank=True)
    anything_else = models.TextField(blank=True)
    language = models.CharField(max_length=2, default="en")  # the language they asked in
    # A keyed hash of the address it came from, for the rate limit only, never the address.
    sent_from = models.CharField(max_length=64, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"A family's request, {self.created_at:%-d %B %Y}"


class OnwardReferral(models.Model):
    """From an agreed action to a support service, made only when the child's consent names the
    service's organisation. Its status is tracked until the support starts and ends."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        STARTED = "started", _("Support started")
        COMPLETED = "completed", _("Completed")

    NEXT = {
        Status.SENT: {Status.ACCEPTED, Status.DECLINED},
        Status.ACCEPTED: {Status.STARTED, Status.DECLINED},
        Status.STARTED: {Status.COMPLETED},
        Status.DECLINED: set(),
        Status.COMPLETED: set(),
    }
    OPEN_STATUSES = (Status.SENT, Status.ACCEPTED, Status.STARTED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action = models.ForeignKey(
        "assessments.AgreedAction", on_delete=models.CASCADE, related_name="onward_referrals"
    )
    service = models.ForeignKey(
        SupportService, on_delete=models.PROTECT, related_name="onward_referrals"
    )
    # The consent that allowed it: kept so the record shows why the child's details could go.
    consent = models.ForeignKey(
        "assessments.Consent", on_delete=models.PROTECT, related_name="onward_referrals"
    )
    note = models.TextField(_("What the service is asked to do"), blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SENT)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    modified_at = models.DateTimeField(auto_now=True)
    # Written by the service when it uses the portal, for the referrer to read.
    outcome = models.TextField(_("What changed for the child"), blank=True)
    end_note = models.TextField(_("End-of-service note"), blank=True)

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["status", "sent_at"])]

    def __str__(self) -> str:
        return f"Referral to {self.service}: {self.get_status_display().lower()}"


class OnwardSession(models.Model):
    """A session the service held with the child (or the family), recorded by the service."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    onward_referral = models.ForeignKey(
        OnwardReferral, on_delete=models.CASCADE, related_name="sessions"
    )
    on = models.DateField(_("When"))
    note = models.TextField(_("What happened"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "created_at"]

    def __str__(self) -> str:
        return f"Session on {self.on:%-d %B %Y}"


class OnwardReferralEvent(models.Model):
    onward_referral = models.ForeignKey(
        OnwardReferral, on_delete=models.CASCADE, related_name="events"
    )
    status = models.CharField(max_length=16, choices=OnwardReferral.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} at {self.at:%Y-%m-%d %H:%M}"
