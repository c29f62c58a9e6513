"""Recompute every child's grants from the records and report any difference from the stored
django-guardian permissions. Exit status 1 when there is drift; `--fix` repairs it."""

import sys

from django.core.management.base import BaseCommand

from assessments.models import Child
from assessments.privacy import child_expected_grants, child_stored_grants, child_sync_grants


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Recompute the drifted grants.")

    def handle(self, *args, fix: bool = False, **options):
        drifted = 0
        for child in Child.objects.only("pk").iterator(chunk_size=500):
            expected = child_expected_grants(child=child)
            stored = child_stored_grants(child=child)
            if expected == stored:
                continue
            drifted += 1
            for key in sorted(expected.keys() | stored.keys(), key=str):
                if expected.get(key, "missing") != stored.get(key, "missing"):
                    kind, holder, codename = key
                    self.stdout.write(
                        f"child {child.pk}: {kind} {holder} {codename}: stored "
                        f"{stored.get(key, 'none')}, records say {expected.get(key, 'none')}"
                    )
            if fix:
                child_sync_grants(child=child)
        if drifted and not fix:
            self.stderr.write(f"{drifted} children's grants differ from their records.")
            sys.exit(1)
        self.stdout.write(
            f"{drifted} children repaired." if drifted else "Grants match the records."
        )
