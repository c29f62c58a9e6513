from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Children and assessments"

    def ready(self):
        from cia_portal.accounts.services import holdings_register

        from .selectors import cases_only_they_hold

        holdings_register(cases_only_they_hold)
