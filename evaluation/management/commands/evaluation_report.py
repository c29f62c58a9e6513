"""python manage.py evaluation_report --pilot hopeside-2023 --output report.pdf"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.figures import Period
from evaluation.models import Pilot
from evaluation.report import report_pdf


class Command(BaseCommand):
    help = "Write a pilot's evaluation report as a PDF (aggregates only, small numbers hidden)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pilot", required=True, help="The pilot's short name, e.g. hopeside-2023"
        )
        parser.add_argument("--output", required=True, help="Where to write the PDF")
        parser.add_argument("--from", dest="start", help="Start of the period (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", help="End of the period (YYYY-MM-DD)")

    def handle(self, *args, pilot, output, start=None, end=None, **options):
        found = Pilot.objects.filter(slug=pilot).first()
        if found is None:
            known = ", ".join(Pilot.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No pilot called {pilot!r}. Pilots: {known}")
        try:
            period = Period(
                date.fromisoformat(start) if start else found.start,
                date.fromisoformat(end) if end else found.end,
            )
        except ValueError as exc:
            raise CommandError("--from and --to must look like 2023-01-31") from exc
        Path(output).write_bytes(report_pdf(found, period))
        self.stdout.write(f"Wrote {output} ({found.name}, {period.start} to {period.end})")
