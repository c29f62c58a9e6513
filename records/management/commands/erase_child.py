from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from assessments.models import Child
from records import services


class Command(BaseCommand):
    help = (
        "Erase a child's record on a valid erasure request: names, words, drawings and contact "
        "details go; the anonymous counts the evaluation needs stay. Cannot be undone. Audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("child_id", help="The child's record id (in the page's address).")
        parser.add_argument(
            "--reason", required=True, help="Why: the request's reference. Kept in the audit trail."
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask to confirm.")

    def handle(self, *args, child_id, reason, yes, **options):
        try:
            child = Child.objects.select_related("family").get(pk=child_id)
        except (Child.DoesNotExist, ValidationError) as error:
            raise CommandError(f"No child with the record id {child_id!r}") from error
        if child.erased_at:
            raise CommandError(f"That record was already erased on {child.erased_at:%-d %B %Y}")
        siblings = child.family.children.filter(erased_at__isnull=True).exclude(pk=child.pk)
        self.stdout.write(
            f"This erases {child.preferred_name}'s record ({child.pk}) for good."
            + (
                ""
                if siblings.exists()
                else " It is the family's last child: the parent's and carers' details go too."
            )
        )
        if not yes and input("Type 'erase' to go on: ").strip() != "erase":
            raise CommandError("Nothing erased")
        services.child_erase(child=child, reason=f"Erased on request: {reason}")
        self.stdout.write(self.style.SUCCESS("Erased. The audit trail records it."))
