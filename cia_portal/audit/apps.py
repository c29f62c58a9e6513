from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "cia_portal.audit"
    label = "audit"
    verbose_name = "Audit trail"
