from collections.abc import Callable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cia_portal.audit.models import AuditEvent
from cia_portal.audit.services import audit_record
from cia_portal.errors import Refused

from .models import Organisation, User

# What an account still holds that someone else must take on before it is closed. The apps
# above register a check in their AppConfig.ready (this floor cannot know about cases or
# referrals); each returns a plain phrase ("2 cases nobody else holds"), or "" for nothing.
HOLDINGS: list[Callable[[User], str]] = []


def holdings_register(check: Callable[[User], str]) -> Callable[[User], str]:
    HOLDINGS.append(check)
    return check


class StillHolds(Refused):
    """An account that still holds work cannot be closed: move the work first."""


@transaction.atomic
def organisation_group(*, organisation: Organisation) -> Group:
    """The group that holds an organisation's grants, made the first time it is needed."""
    if organisation.group_id is None:
        organisation.group = Group.objects.create(name=f"Organisation {organisation.pk}")
        organisation.save(update_fields=["group"])
    return organisation.group


def account_holdings(*, user: User) -> list[str]:
    return [held for held in (check(user) for check in HOLDINGS) if held]


@transaction.atomic
def account_deactivate(*, user: User, actor: User) -> User:
    """Close an account (never delete it: the audit trail names it). Refused while it holds
    anything nobody else does, so that no case or referral is ever left with nobody."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if held := account_holdings(user=user):
        raise StillHolds(
            _("Move %(name)s's work to someone else first: %(held)s.")
            % {"name": user, "held": "; ".join(held)}
        )
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, obj=user, detail="Account closed"
        )
    return user
