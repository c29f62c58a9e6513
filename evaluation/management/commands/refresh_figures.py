"""python manage.py refresh_figures: each night, count every pilot's figures for its whole
period (its pages read them: docs/decisions/0013-kept-counts.md) and for each year it ran in
(the national roll-up: docs/decisions/0012-national-roll-up.md)."""

from django.core.management.base import BaseCommand

from evaluation.models import Pilot
from evaluation.services import pilot_counts_refresh, rollup_refresh


class Command(BaseCommand):
    help = "Count every pilot's figures for its pages and for the national roll-up."

    def handle(self, *args, **options):
        pilots = 0
        for pilot in Pilot.objects.all():
            pilot_counts_refresh(pilot=pilot)
            pilots += 1
        stored = rollup_refresh()
        self.stdout.write(
            f"Counted {pilots} pilots for their pages, and {stored} pilot-years for the national "
            "roll-up"
        )
