from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One read or change of a child's record. Append-only: written only by `audit_record`,
    deleted only by `apply_retention` after the audit retention period."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        DOWNLOAD = "download", _("Downloaded")
        CONSENT = "consent", _("Consent recorded or withdrawn")
        OVERRIDE = "override", _("Safeguarding override")
        REMIND = "remind", _("Named in a reminder email")
        MATCH = "match", _("Found by the duplicate check")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # PROTECT: accounts are deactivated, never deleted, so no path rewrites the trail.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    # Plain ids, not foreign keys: the trail outlives the records it describes.
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    child_id = models.UUIDField(null=True, db_index=True)
    detail = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["actor", "at"]),
            # The trail's page: is a view followed or preceded by a view of the same record?
            models.Index(fields=["actor", "child_id", "at"], name="audit_visit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}"
