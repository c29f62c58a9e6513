"""Which pilots (and areas) someone may see the figures of.

An Alliance chair sees their own area's pilots (their organisation's area) and keeps them:
the report's words, the action plan, the unit costs. A national lead sees every area's
pilots and the national roll-up, and changes nothing. Nobody else sees any: deny by default.
"""

from django.db.models import QuerySet

from cia_portal.accounts.models import Area, Role

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


def areas_seen_by(*, user) -> QuerySet[Area]:
    if user.has_role(Role.NATIONAL_LEAD):
        return Area.objects.all()
    return Area.objects.filter(pk__in=pilots_kept_by(user=user).values("area"))


def pilots_for_feedback(*, user) -> QuerySet[Pilot]:
    """The pilots a practitioner hands feedback forms out for: their own area's, newest first
    (every pilot, while their organisation has no area yet)."""
    pilots = Pilot.objects.order_by("-start", "name")
    own_area = pilots.filter(area__organisations=user.organisation_id)
    return own_area if user.organisation_id and own_area.exists() else pilots
