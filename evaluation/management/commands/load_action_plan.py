"""python manage.py load_action_plan --pilot hopeside-2023 [--file PATH]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluation.models import Pilot
from evaluation.services import PLANS, action_plan_load


class Command(BaseCommand):
    help = "Load a pilot plan's outcomes and actions. Keeps the chair's statuses and notes."

    def add_arguments(self, parser):
        parser.add_argument("--pilot", required=True)
        parser.add_argument(
            "--file", help="A plan in JSON (default: fixtures/action_plans/<pilot>.json)"
        )

    def handle(self, *args, pilot, file=None, **options):
        found = Pilot.objects.filter(slug=pilot).first()
        if found is None:
            raise CommandError(f"No pilot called {pilot!r}")
        plan_file = Path(file) if file else PLANS / f"{pilot}.json"
        if not plan_file.exists():
            raise CommandError(f"No plan file at {plan_file}")
        count = action_plan_load(pilot=found, plan_file=plan_file)
        self.stdout.write(f"{count} actions loaded for {found.name}")
