"""For an administrator, when someone has lost their phone and their recovery codes."""

from django.core.management.base import BaseCommand, CommandError

from cia_portal.accounts import two_factor
from cia_portal.accounts.models import User


class Command(BaseCommand):
    help = (
        "Remove a person's authenticator app and recovery codes; they set up a new app next time."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account called {username!r}")
        two_factor.two_factor_reset(user=user)
        self.stdout.write(f"{username} will set up a new authenticator app at their next sign-in.")
