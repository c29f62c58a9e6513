"""Signing in with a username and password (Django's `ModelBackend`)."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class PortalBackend(ModelBackend):
    """Django's, with each request's person read together with their organisation, which the
    privacy kernel asks on every page about a child and the pages name."""

    def get_user(self, user_id):
        user = User._default_manager.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
