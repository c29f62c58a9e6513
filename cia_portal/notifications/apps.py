from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cia_portal.notifications"
    label = "notifications"
    verbose_name = "Notifications"
