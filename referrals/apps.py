from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals"

    def ready(self):
        from cia_portal.accounts.services import holdings_register

        from .selectors import open_referrals_they_hold

        holdings_register(open_referrals_they_hold)
