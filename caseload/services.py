"""Writes of a team's caseload: moving work from one practitioner to another."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from assessments.privacy import team_manager_of
from assessments.services import child_allocate, child_unallocate
from cia_portal.accounts.models import User
from cia_portal.errors import Refused
from referrals.services import referral_move


@transaction.atomic
def caseload_move(*, children, referrals, from_user: User, to_user: User, actor: User) -> int:
    """A team manager moves cases and referrals from a practitioner who is away or leaving
    to a colleague in the same organisation. Each move is an allocation, audited, and the
    colleague is told. Returns how many things moved."""
    team_manager_of(actor, from_user)
    team_manager_of(actor, to_user)
    if to_user == from_user or not to_user.is_active:
        raise Refused(_("Choose an active colleague to take the work"))
    for child in children:
        child_allocate(child=child, practitioner=to_user, actor=actor)
        child_unallocate(child=child, practitioner=from_user, actor=actor)
    for referral in referrals:
        referral_move(referral=referral, to=to_user, actor=actor)
    return len(children) + len(referrals)
