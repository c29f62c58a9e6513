"""What happens between conversations: case notes and contacts (each with its history), and
how the child keeps in touch with their parent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import BaseModel, Child, YesNoUnknown


class NoteQuerySet(models.QuerySet):
    def final(self):
        return self.filter(status=CaseNote.Status.FINAL)


class CaseNote(BaseModel):
    """A note, or a contact with the child, the family or another service: when, who took part
    and what happened. The case holders' alone, unless the child agreed to share the
    practitioner's notes. Every change is kept (`history`), and shown with the note."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Case note")
        PHONE_CALL = "phone_call", _("Phone call")
        HOME_VISIT = "home_visit", _("Home visit")
        SCHOOL_VISIT = "school_visit", _("School visit")
        PARENT_VISIT = "parent_visit", _("Visit to the parent (the child's, or ours)")
        LETTER = "letter", _("Letter")
        VIDEO_CALL = "video_call", _("Video call")
        MEETING = "meeting", _("Meeting")
        EMAIL = "email", _("Email")
        NO_CONTACT_MADE = "no_contact_made", _("Tried to make contact, but could not")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Saved")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.NOTE)
    happened_on = models.DateField(_("When"))
    who_took_part = models.CharField(_("Who took part"), max_length=300, blank=True)
    summary = models.TextField(_("What happened"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.FINAL)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Erasing a child deletes the history with the note, rather than keeping a copy of it.
    history = HistoricalRecords(excluded_fields=["modified_at"], cascade_delete_history=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        indexes = [models.Index(fields=["child", "-happened_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.happened_on:%-d %B %Y}"


class ParentContact(BaseModel):
    """How a child keeps in touch with their parent in the justice system (seed 003): the
    ways and how often, who takes them, the help there is, what stands in the way, and what
    the child wants, including not wanting contact. Each visit or call is a note of its own
    (`CaseNote.Kind.PARENT_VISIT`, `PHONE_CALL`, `VIDEO_CALL`, `LETTER`)."""

    class Way(models.TextChoices):
        VISITS = "visits", _("Visits")
        PHONE_CALLS = "phone_calls", _("Phone calls")
        VIDEO_CALLS = "video_calls", _("Video calls")
        LETTERS = "letters", _("Letters or cards")

    class HowOften(models.TextChoices):
        WEEKLY = "weekly", _("Every week or more")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Every month")
        LESS_OFTEN = "less_often", _("Less often than every month")
        NONE = "none", _("No contact at the moment")
        NOT_KNOWN = "not_known", _("Not known")

    class Barrier(models.TextChoices):
        DISTANCE = "distance", _("Distance to the prison")
        COST = "cost", _("Cost of travel or calls")
        PRISON_RULES = "prison_rules", _("Prison rules or visiting times")
        CARERS_WISH = "carers_wish", _("The carer does not want contact")
        CHILDS_WISH = "childs_wish", _("The child does not want contact")
        OTHER = "other", _("Something else")

    class Wish(models.TextChoices):
        WANTS_CONTACT = "wants_contact", _("Wants contact")
        ON_OWN_TERMS = "on_own_terms", _("Wants contact, but in their own way or time")
        NO_CONTACT = "no_contact", _("Does not want contact now")
        NOT_SURE = "not_sure", _("Is not sure yet")
        NOT_ASKED = "not_asked", _("Not asked yet")

    link = models.OneToOneField(
        "assessments.ParentChildLink", on_delete=models.CASCADE, related_name="contact"
    )
    ways = models.JSONField(_("How does contact happen?"), default=list, blank=True)
    how_often = models.CharField(
        _("How often?"), max_length=16, choices=HowOften.choices, default=HowOften.NOT_KNOWN
    )
    who_takes = models.CharField(_("Who takes the child to visits?"), max_length=200, blank=True)
    visitor_centre = models.CharField(
        _("Does a visitor centre support the family at visits?"),
        max_length=16,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.NOT_KNOWN,
    )
    visit_costs_eligible = models.CharField(
        _("Can the family get help with the cost of prison visits?"),
        max_length=16,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.NOT_KNOWN,
    )
    visit_costs_claimed = models.CharField(
        _("Has the family claimed it?"),
        max_length=16,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.NOT_KNOWN,
    )
    barriers = models.JSONField(_("What makes contact hard?"), default=list, blank=True)
    childs_wish = models.CharField(
        _("What does the child want?"), max_length=16, choices=Wish.choices, default=Wish.NOT_ASKED
    )
    childs_words = models.TextField(_("In the child's own words"), blank=True)

    def __str__(self) -> str:
        return f"Keeping in touch with {self.link.parent}"

    @property
    def ways_shown(self) -> list[str]:
        return [str(self.Way(w).label) for w in self.ways if w in self.Way.values]

    @property
    def barriers_shown(self) -> list[str]:
        return [str(self.Barrier(b).label) for b in self.barriers if b in self.Barrier.values]


class HandOnQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=HandOn.Status.WAITING)


class HandOn(BaseModel):
    """A case handed on to another organisation (the mother moves from court to prison, or the
    family moves area). Moving a record to another organisation is sharing: only when a
    consent names that organisation, or a safeguarding override reaches it. Someone there
    accepts (and holds the case) or declines with a reason; the sender chose whether to stay."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="hand_ons")
    to_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases_handed_on"
    )
    handed_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("Handover note"))
    sender_stays = models.BooleanField(_("Stay on the case too"), default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("Why not"), blank=True)

    objects = HandOnQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child", "to_organisation"],
                condition=models.Q(status="waiting"),
                name="one_hand_on_waiting_per_organisation",
            )
        ]
        indexes = [models.Index(fields=["to_organisation", "status"])]

    def __str__(self) -> str:
        return f"Handed on to {self.to_organisation}: {self.get_status_display().lower()}"


class ReleasePlan(BaseModel):
    """Planning for the parent's release, "a moment of crisis or a window of opportunity"
    (seed 003): where the parent will live and whether there is room for the children, who the
    child will live with, what the child wants, and the support agreed, with the release-stage
    conversation it comes from (and so its actions)."""

    link = models.OneToOneField(
        "assessments.ParentChildLink", on_delete=models.CASCADE, related_name="release_plan"
    )
    expected_on = models.DateField(
        _("When is the parent expected to be released?"), null=True, blank=True
    )
    parent_will_live = models.CharField(
        _("Where will the parent live?"), max_length=300, blank=True
    )
    room_for_children = models.CharField(
        _("Is there room there for the children?"),
        max_length=16,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.NOT_KNOWN,
    )
    child_will_live_with = models.CharField(
        _("Who will the child live with after the release?"), max_length=300, blank=True
    )
    childs_wishes = models.TextField(_("What the child wants"), blank=True)
    support_agreed = models.TextField(_("Support agreed"), blank=True)
    conversation = models.ForeignKey(
        "assessments.Assessment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("The release-stage conversation it comes from"),
    )

    def __str__(self) -> str:
        return f"Release plan for {self.link.parent}"
