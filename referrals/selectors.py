"""Reads for referrals. A referral is seen by the practitioner who received it and the one it is
allocated to; its children are reached only through assessments' own selector."""

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cia_portal.accounts.models import Role

from .models import Referral

WAITING_TOO_LONG = timedelta(days=5)  # received but no CIA offered yet


def referral_visible_to(user) -> QuerySet[Referral]:
    if not (user.is_authenticated and user.is_active and user.has_role(Role.PRACTITIONER)):
        return Referral.objects.none()
    return Referral.objects.filter(Q(received_by=user) | Q(allocated_to=user))


def referral_get_for_user(user, referral_id) -> Referral:
    return get_object_or_404(
        referral_visible_to(user).select_related("route", "allocated_to", "received_by"),
        pk=referral_id,
    )


def referral_list_for_user(user) -> list[Referral]:
    """Open referrals first, with the days each step took and a flag for those waiting."""
    today = timezone.localdate()
    referrals = list(
        referral_visible_to(user)
        .select_related("route", "allocated_to")
        .order_by("closed_at", "-received_on")
    )
    for referral in referrals:
        referral.days_to_offer = (
            (timezone.localdate(referral.offered_at) - referral.received_on).days
            if referral.offered_at
            else None
        )
        referral.waiting_too_long = (
            referral.status == Referral.Status.RECEIVED
            and today - referral.received_on > WAITING_TOO_LONG
        )
    return referrals
