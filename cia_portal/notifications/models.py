"""What the portal tells a person in its header: a child shared with them, their access ended,
an override, a case or referral allocated to them, a colleague asking to join a case.

On the ground floor so that every app can tell people things. A notification never carries a
child's words: at most the child's preferred name, who did it, a date and a link (which is
guarded like any other page, so it opens only what the person may still see)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        SHARED = "shared", _("Shared with you")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        SHARING_ENDED = "sharing_ended", _("Sharing ended")
        OVERRIDE_TO_YOU = "override_to_you", _("Shared with you without consent")
        OVERRIDE_ON_YOUR_CASE = "override_on_case", _("Shared without consent")
        OVERRIDE_ENDED = "override_ended", _("Sharing without consent ended")
        CASE_ALLOCATED = "case_allocated", _("A case allocated to you")
        REFERRAL_ALLOCATED = "referral_allocated", _("A referral allocated to you")
        JOIN_REQUEST = "join_request", _("A colleague asks to join a case")
        JOIN_DECIDED = "join_decided", _("Your request to join a case")
        HANDED_ON = "handed_on", _("A case handed on to your organisation")
        HAND_ON_DECIDED = "hand_on_decided", _("A case you handed on")
        ONWARD_ANSWERED = "onward_answered", _("An onward referral you sent")
        FAMILY_REQUEST = "family_request", _("A family asks for a CIA")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # Who did it (None: the portal itself, say when a stop date arrives).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The child's preferred name (or nothing, for a referral): never more of the record.
    name = models.CharField(max_length=100, blank=True)
    on = models.DateField(null=True, blank=True)  # a stop date, or the day something ended
    url = models.CharField(max_length=300, blank=True)
    # A plain id, not a foreign key (this floor knows no children): erasure deletes by it.
    child_id = models.UUIDField(null=True, blank=True, db_index=True)
    # What caused it ("consent:<id>"), so that a daily job never tells anyone twice.
    source = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "source"],
                condition=~models.Q(source=""),
                name="notification_once_per_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.recipient})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    def sentence(self) -> str:
        """What happened, in a plain sentence in the reader's language."""
        values = {
            "actor": self.actor.description if self.actor else gettext("The portal"),
            "name": self.name,
            "on": date_format(self.on, "j F Y") if self.on else "",
        }
        return SENTENCES[self.kind] % values


K = Notification.Kind
SENTENCES = {
    K.SHARED: _("%(actor)s shared what %(name)s agreed to share with you or your organisation."),
    K.CONSENT_WITHDRAWN: _(
        "%(name)s's consent to share with you or your organisation was withdrawn. You may no "
        "longer see what it shared."
    ),
    K.SHARING_ENDED: _(
        "Sharing %(name)s's record with you or your organisation stopped on %(on)s."
    ),
    K.OVERRIDE_TO_YOU: _(
        "%(actor)s, a safeguarding lead, shared %(name)s's record with you or your organisation "
        "without consent, to keep the child safe. Sharing stops on %(on)s."
    ),
    K.OVERRIDE_ON_YOUR_CASE: _(
        "%(actor)s, a safeguarding lead, shared the record of %(name)s, whose case you hold, "
        "without consent. Sharing stops on %(on)s. The child's page says with whom and why."
    ),
    K.OVERRIDE_ENDED: _("%(actor)s ended the sharing without consent of %(name)s's record."),
    K.CASE_ALLOCATED: _("%(actor)s added you to %(name)s's case."),
    K.REFERRAL_ALLOCATED: _("%(actor)s allocated a referral to you."),
    K.JOIN_REQUEST: _(
        "%(actor)s may be working with %(name)s too, and asks to join the case. You decide."
    ),
    K.JOIN_DECIDED: _(
        "The practitioners holding the case you asked about (you added %(name)s) decided not "
        "to add you. If you are worried about the child, talk to your safeguarding lead."
    ),
    K.HANDED_ON: _(
        "%(actor)s asks your organisation to take on %(name)s's case. It waits in your team's "
        "inbox for someone to accept or decline it."
    ),
    K.HAND_ON_DECIDED: _("%(actor)s answered your request to hand on %(name)s's case."),
    K.ONWARD_ANSWERED: _("%(actor)s updated the onward referral you sent for %(name)s."),
    K.FAMILY_REQUEST: _(
        "A family asked for a CIA through the public form. It waits in your organisation's "
        "referrals for someone to pick it up."
    ),
}
