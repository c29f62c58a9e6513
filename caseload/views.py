"""A caseload, run day to day: the practitioner's Today, and the safeguarding lead's workspace
(find any child, share without consent, the overrides to end)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import privacy
from assessments.privacy import GET_AND_POST, POST_ONLY, role_page
from assessments.search import search_parse
from chronology.forms import HandOnAnswerForm
from chronology.selectors import hand_on_get_for_receiver, hand_ons_waiting_for
from chronology.services import hand_on_decide
from cia_portal.accounts.models import Role, User
from cia_portal.accounts.services import StillHolds, account_deactivate
from cia_portal.audit.models import AuditEvent
from referrals.selectors import (
    onward_referrals_to_services_of,
    referral_held_by,
    referrals_for_the_team,
)

from . import forms, selectors, services

SAFEGUARDING_ONLY = _("This page is for safeguarding leads")


@role_page(Role.PRACTITIONER, refusal=_("Only practitioners hold cases"))
def today(request):
    day = timezone.localdate()
    work = selectors.today_for(request.user, today=day)
    privacy.audited_list(request, child_ids=work.children_named, detail="Today")
    return render(request, "caseload/today.html", {"work": work, "today": day})


@role_page(Role.SAFEGUARDING_LEAD, methods=GET_AND_POST, refusal=SAFEGUARDING_ONLY)
def safeguarding_search(request):
    """Sent by POST: the reason stays out of addresses, histories and server logs."""
    form = forms.SafeguardingSearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = privacy.child_search_for_safeguarding_lead(
            request.user, search_parse(form.cleaned_data["q"])
        )
        privacy.audited_search(
            request,
            text=form.cleaned_data["q"],
            child_ids=[child.pk for child in results],
            where=f"Safeguarding search (reason: {form.cleaned_data['reason']})",
        )
    return render(
        request,
        "caseload/safeguarding_search.html",
        {"form": form, "results": results, "most": privacy.SAFEGUARDING_RESULTS},
    )


@role_page(Role.SAFEGUARDING_LEAD, refusal=SAFEGUARDING_ONLY)
def safeguarding_overrides(request):
    today = timezone.localdate()
    overrides = selectors.overrides_by_state(request.user, today=today)
    named = {o.child_id for shown in overrides.values() for o in shown}
    privacy.audited_list(request, child_ids=named, detail="Safeguarding overrides")
    sections = [
        ("ending_soon", _("Ending within a week"), overrides["ending_soon"]),
        ("active", _("Active"), overrides["active"]),
        ("ended", _("Ended"), overrides["ended"]),
    ]
    return render(request, "caseload/safeguarding_overrides.html", {"sections": sections})


# A team manager's pages ----------------------------------------------------------------------

MANAGERS_ONLY = _("This page is for team managers")


@role_page(Role.TEAM_MANAGER, refusal=MANAGERS_ONLY)
def team(request):
    members = selectors.team_for_manager(request.user, today=timezone.localdate())
    return render(request, "caseload/team.html", {"members": members})


@role_page(Role.TEAM_MANAGER, methods=GET_AND_POST, refusal=MANAGERS_ONLY)
def team_member(request, user_id):
    """One practitioner's work, to move when they are away or leaving."""
    member = get_object_or_404(User.objects.select_related("organisation"), pk=user_id)
    children = privacy.child_caseload_for_manager(request.user, member)
    referrals = referral_held_by(member).select_related("route")
    colleagues = User.objects.filter(
        organisation=member.organisation_id, is_active=True, groups__name=Role.PRACTITIONER
    ).exclude(pk=member.pk)
    form = forms.MoveWorkForm(
        request.POST or None, children=children, referrals=referrals, colleagues=colleagues
    )
    if request.method == "POST" and form.is_valid():
        moved = services.caseload_move(
            children=list(form.cleaned_data["children"]),
            referrals=list(form.cleaned_data["referrals"]),
            from_user=member,
            to_user=form.cleaned_data["to_user"],
            actor=request.user,
        )
        messages.success(
            request,
            _("%(count)d moved to %(who)s, who has been told.")
            % {"count": moved, "who": form.cleaned_data["to_user"]},
        )
        return redirect("caseload:team_member", user_id=member.pk)
    privacy.audited_list(
        request, child_ids=[c.pk for c in children], detail=f"Team caseload of {member.username}"
    )
    return render(request, "caseload/team_member.html", {"member": member, "form": form})


@role_page(Role.TEAM_MANAGER, methods=POST_ONLY, refusal=MANAGERS_ONLY)
def team_member_close(request, user_id):
    member = get_object_or_404(User, pk=user_id)
    privacy.team_manager_of(request.user, member)
    try:
        account_deactivate(user=member, actor=request.user)
    except StillHolds as refused:
        messages.error(request, str(refused))
        return redirect("caseload:team_member", user_id=member.pk)
    messages.success(request, _("%(who)s can no longer sign in.") % {"who": member})
    return redirect("caseload:team")


@role_page(Role.PRACTITIONER, refusal=_("Only practitioners hold cases"))
def inbox(request):
    """The team's inbox: cases handed on to the organisation, referrals sent to its services,
    and its accepted referrals that nobody holds yet."""
    hand_ons = list(hand_ons_waiting_for(request.user))
    referrals = list(referrals_for_the_team(request.user))
    onward = list(onward_referrals_to_services_of(request.user))
    named = {h.child_id for h in hand_ons} | {o.action.child_id for o in onward}
    privacy.audited_list(request, child_ids=named, detail="Team inbox")
    context = {"hand_ons": hand_ons, "referrals": referrals, "onward": onward}
    return render(request, "caseload/inbox.html", context)


@role_page(Role.PRACTITIONER, methods=GET_AND_POST, refusal=_("Only practitioners hold cases"))
def hand_on_answer(request, hand_on_id):
    hand_on = hand_on_get_for_receiver(request.user, hand_on_id)
    form = HandOnAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"]
        hand_on_decide(
            hand_on=hand_on, actor=request.user, accept=accept, reason=form.cleaned_data["reason"]
        )
        if accept:
            messages.success(request, _("You hold %(name)s's case now") % {"name": hand_on.child})
            return redirect("assessments:child_detail", child_id=hand_on.child_id)
        messages.success(request, _("Declined: they have been told why"))
        return redirect("caseload:inbox")
    privacy.audited_read(
        request,
        obj=hand_on,
        child_id=hand_on.child_id,
        action=AuditEvent.Action.VIEW,
        detail="A case handed on",
    )
    return render(request, "caseload/hand_on_answer.html", {"hand_on": hand_on, "form": form})
