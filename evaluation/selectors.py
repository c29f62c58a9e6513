"""Which pilots (and areas) someone may see the figures of.

An Alliance chair sees their own area's pilots (their organisation's area) and keeps them:
the report's words, the action plan, the unit costs. A national lead sees every area's
pilots, and changes nothing. Nobody else sees any: deny by default.
"""

from django.db.models import QuerySet

from cia_portal.accounts.models import Role

from .models import Pilot


def pilots_seen_by(*, user) -> QuerySet[Pilot]:
    pilots = Pilot.objects.select_related("area")
    if user.has_role(Role.NATIONAL_LEAD):
        return pilots
    return pilots_kept_by(user=user)


def pilots_kept_by(*, user) -> QuerySet[Pilot]:
    """The pilots whose figures and words this person keeps: a chair's own area's."""
    if user.organisation_id is None or not user.has_role(Role.ALLIANCE_CHAIR):
        return Pilot.objects.none()
    return Pilot.objects.select_related("area").filter(area__organisations=user.organisation_id)


def pilots_for_feedback(*, user) -> QuerySet[Pilot]:
    """The pilots a practitioner hands feedback forms out for: their own area's, newest first
    (none while their organisation has no area)."""
    if user.organisation_id is None:
        return Pilot.objects.none()
    return Pilot.objects.filter(area__organisations=user.organisation_id).order_by("-start", "name")
