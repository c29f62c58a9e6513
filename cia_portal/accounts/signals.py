from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed

from .models import User

SESSION_ROLES = "roles"


def remember_roles(sender, request, user, **kwargs):
    """Keep the user's role names in the session for the menu, so that drawing it costs no
    query. Access checks never use this: they ask the database every time."""
    request.session[SESSION_ROLES] = sorted(user.groups.values_list("name", flat=True))


user_logged_in.connect(remember_roles, dispatch_uid="accounts.remember_roles")


def forget_roles(sender, instance, **kwargs):
    """Someone's groups changed: the next role check asks the database again."""
    if isinstance(instance, User):
        instance._role_names = None


m2m_changed.connect(forget_roles, sender=User.groups.through, dispatch_uid="accounts.forget_roles")
