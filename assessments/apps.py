from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Children and assessments"

    def ready(self):
        from cia_portal.accounts.services import holdings_register
        from cia_portal.audit.sentences import lookups_register

        from . import trail
        from .selectors import cases_only_they_hold

        holdings_register(cases_only_they_hold)
        lookups_register(
            child_references=trail.child_references,
            child_with_reference=trail.child_with_reference,
            stages=trail.stages,
        )
