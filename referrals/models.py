"""Referral routes (how children reach a CIA) and the support directory (where they go next)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

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
        "How to refer", help_text="Who to contact, when, and what to send."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The person who keeps this entry up to date.",
    )
    last_verified = models.DateField("Last checked", default=timezone.localdate)
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

    stage = models.CharField("Stage where children are found", max_length=32, choices=Stage.choices)

    class Meta(DirectoryEntry.Meta):
        pass


class SupportService(DirectoryEntry):
    """Somewhere a child can be referred onward after a CIA."""

    class Type(models.TextChoices):
        FAMILY_SUPPORT = "family_support", "Family support"
        MENTORING = "mentoring", "Mentoring"
        COUNSELLING = "counselling", "Counselling or CAMHS"
        SCHOOL_SUPPORT = "school_support", "School support"
        PRISON_VISITS = "prison_visits", "Prison visits and family days"
        HELPLINE = "helpline", "Helpline"
        KINSHIP_CARERS = "kinship_carers", "Kinship-carer support"
        HOUSING = "housing", "Housing"
        OTHER = "other", "Other"

    type = models.CharField(max_length=32, choices=Type.choices)
    min_age = models.PositiveSmallIntegerField("Youngest age served", default=0)
    max_age = models.PositiveSmallIntegerField("Oldest age served", default=18)
    area = models.CharField(max_length=200, default="Hopeside")

    class Meta(DirectoryEntry.Meta):
        pass
