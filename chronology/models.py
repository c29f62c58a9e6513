"""What happens between conversations: case notes and contacts, each with its history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assessments.models import BaseModel, Child


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
        PARENT_VISIT = "parent_visit", _("Visit to the parent")
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
