"""The daily reminder digest: run once a day by cron (`python manage.py send_reminders`)."""

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.services import sharing_stopped_notify
from cia_portal.accounts.models import Role, User
from cia_portal.audit.models import AuditEvent
from cia_portal.audit.services import audit_record_children
from referrals.selectors import reminders_for


class Command(BaseCommand):
    help = (
        "Email each practitioner the actions due, consent reviews and court dates within 7 days "
        "for the children whose cases they hold. Only first names go in the email."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say who would be emailed; send nothing."
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        today = self._day(date)
        if not dry_run:
            told = sharing_stopped_notify(today=today)
            self.stdout.write(f"{told} people told that sharing has stopped")
        practitioners = User.objects.filter(is_active=True, groups__name=Role.PRACTITIONER).exclude(
            email=""
        )
        sent = skipped = 0
        connection = get_connection()
        for user in practitioners.order_by("pk"):
            if self._already_reminded(user, today):
                skipped += 1
                continue
            digest = reminders_for(user, today=today)
            if not digest:
                continue
            if dry_run:
                self.stdout.write(f"Would email {user.email}: {len(digest.children)} children")
                continue
            body = render_to_string(
                "referrals/email/reminders.txt",
                {"user": user, "digest": digest, "today": today, "portal_url": settings.PORTAL_URL},
            )
            subject = _("CIA Portal: your reminders for %(day)s") % {"day": f"{today:%-d %B %Y}"}
            EmailMessage(subject, body, to=[user.email], connection=connection).send()
            audit_record_children(
                actor=user,
                action=AuditEvent.Action.REMIND,
                obj=user,
                child_ids=[child.pk for child in digest.children],
                detail=f"Reminder digest for {today:%Y-%m-%d}",
            )
            sent += 1
        self.stdout.write(f"{sent} reminder emails sent, {skipped} already sent today")

    @staticmethod
    def _day(value) -> date:
        if value is None:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError("--date must look like 2026-11-23") from exc

    @staticmethod
    def _already_reminded(user, today) -> bool:
        return AuditEvent.objects.filter(
            action=AuditEvent.Action.REMIND,
            object_type=User._meta.label_lower,
            object_id=str(user.pk),
            detail=f"Reminder digest for {today:%Y-%m-%d}",
        ).exists()
