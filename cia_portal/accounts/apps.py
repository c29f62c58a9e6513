from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cia_portal.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        from . import idle, signals  # noqa: F401  (connect the sign-in receivers)
