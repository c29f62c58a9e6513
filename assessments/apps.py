from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Children and assessments"

    def ready(self):
        from cia_portal.accounts.services import holdings_register
        from cia_portal.audit.sentences import lookups_register

        from . import trail
        from .privacy import permission_ids_forget
        from .selectors import cases_only_they_hold

        holdings_register(cases_only_they_hold)
        post_migrate.connect(permission_ids_forget, dispatch_uid="assessments.permission_ids")
        lookups_register(
            child_references=trail.child_references,
            child_with_reference=trail.child_with_reference,
            stages=trail.stages,
        )
