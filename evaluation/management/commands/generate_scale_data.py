import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from evaluation.scale_data import generate


class Command(BaseCommand):
    help = (
        "Add synthetic children (whole families, with conversations, actions, consents, "
        "referrals, feedback and audit rows) for benchmarks. Demo mode only, or --synthetic-ok."
    )

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, required=True, help="How many to add.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--areas", type=int, default=1, help="How many areas, each with a pilot (1 to 40)."
        )
        parser.add_argument(
            "--synthetic-ok",
            action="store_true",
            help="Add synthetic records outside demo mode (a benchmark's own database).",
        )

    def handle(self, *args, children, seed, areas, synthetic_ok, **options):
        if not (settings.DEMO_MODE or synthetic_ok):
            raise CommandError(
                "This adds synthetic children: run it in demo mode (DEMO_MODE=1) or pass "
                "--synthetic-ok for a benchmark's own database. Never on real data."
            )
        if children < 1:
            raise CommandError("--children must be at least 1")
        if not 1 <= areas <= 40:
            raise CommandError("--areas must be from 1 to 40")
        started = time.monotonic()
        counts = generate(children=children, seed=seed, areas=areas)
        for model, n in sorted(counts.items()):
            self.stdout.write(f"  {model:<42}{n:>10,}")
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Added {sum(counts.values()):,} rows in {seconds:.0f} s.")
        )
