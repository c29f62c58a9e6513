from django.conf import settings
from django.core.management.base import BaseCommand

from records import selectors, services


class Command(BaseCommand):
    help = (
        "Anonymise closed cases and ended referrals, and delete old audit rows, once their "
        "retention period (settings RETENTION_*) has passed. Audited. Run it nightly."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what is due and change nothing."
        )

    def handle(self, *args, dry_run, **options):
        periods = settings.RETENTION
        due = selectors.retention_due()
        out = self.stdout.write
        out(
            f"Retention periods: closed cases {periods['closed_case_years']} years, referrals that "
            f"never became a case {periods['referral_years']} years, audit trail "
            f"{periods['audit_years']} years."
        )
        children = list(due.children.values_list("pk", "closed_on"))
        out(
            f"Children whose case closed before {due.cases_closed_before:%-d %B %Y}: "
            f"{len(children)}"
        )
        for pk, closed_on in children:
            out(f"  {pk}  closed {closed_on:%Y-%m-%d}")
        referrals = list(due.referrals.values_list("pk", "received_on", "status"))
        out(f"Referrals ended before {due.referrals_ended_before:%-d %B %Y}: {len(referrals)}")
        for pk, received_on, status in referrals:
            out(f"  {pk}  received {received_on:%Y-%m-%d}, {status}")
        out(f"Audit rows from before {due.audit_before:%-d %B %Y}: {due.audit_rows.count():,}")
        if dry_run:
            out("Nothing changed: this was a dry run.")
            return
        counts = services.retention_apply(due)
        self.stdout.write(
            self.style.SUCCESS(
                f"Anonymised {counts['children']} children and {counts['referrals']} referrals; "
                f"deleted {counts['audit_rows']:,} audit rows. Each step is in the audit trail."
            )
        )
