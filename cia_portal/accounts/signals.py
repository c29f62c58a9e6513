from django.contrib.auth.signals import user_logged_in

SESSION_ROLES = "roles"


def remember_roles(sender, request, user, **kwargs):
    """Keep the user's role names in the session for the menu, so that drawing it costs no
    query. Access checks never use this: they ask the database every time."""
    request.session[SESSION_ROLES] = sorted(user.groups.values_list("name", flat=True))


user_logged_in.connect(remember_roles, dispatch_uid="accounts.remember_roles")
