"""python manage.py refresh_rollup: each night, store every pilot's counts for each year it ran
in, for the national roll-up (docs/decisions/0012-national-roll-up.md)."""

from django.core.management.base import BaseCommand

from evaluation.services import rollup_refresh


class Command(BaseCommand):
    help = "Work out and store every pilot's counts for each year, for the national roll-up."

    def handle(self, *args, **options):
        stored = rollup_refresh()
        self.stdout.write(f"Stored the counts of {stored} pilot-years for the national roll-up")
