"""python manage.py refresh_figures: each night, count every pilot's figures for its whole
period (its pages read them: docs/decisions/0013-kept-counts.md) and for each year it ran in
(the national roll-up: docs/decisions/0012-national-roll-up.md)."""

import logging

from django.core.management.base import BaseCommand, CommandError

from evaluation.models import Pilot
from evaluation.services import pilot_counts_refresh, rollup_refresh

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Count every pilot's figures for its pages and for the national roll-up."

    def handle(self, *args, **options):
        counted, failed = 0, []
        for pilot in Pilot.objects.all():
            try:  # one pilot's failure leaves the others' counts, and the roll-up, to be done
                pilot_counts_refresh(pilot=pilot)
                counted += 1
            except Exception:
                logger.exception("Could not count the pilot %s", pilot.slug)
                failed.append(pilot.slug)
        stored = rollup_refresh()
        self.stdout.write(
            f"Counted {counted} pilots for their pages, and {stored} pilot-years for the national "
            "roll-up"
        )
        if failed:
            raise CommandError(f"Could not count these pilots: {', '.join(failed)}")
