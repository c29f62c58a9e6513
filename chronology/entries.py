"""How each kind of chronology entry reads, and where it leads: words from the records' own
choices, so the chronology says what their pages say."""

import uuid
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import AgreedAction, Assessment, JusticeEvent, Offer, Stage
from assessments.services import ALLOCATED_TO, UNALLOCATED_FROM
from cia_portal.accounts.models import User
from referrals.models import OnwardReferral, Referral

from .models import CaseNote, HandOn
from .selectors import Entry


@dataclass(frozen=True)
class Shown:
    title: str
    text: str
    url: str = ""
    tag: str = ""  # a short status shown beside it ("Draft", "Overdue")


def _key(ref: str) -> uuid.UUID:
    """A record's UUID key, as the database wrote it as text ('1b4e...' on SQLite, with no
    dashes)."""
    return uuid.UUID(ref)


def _label(choices, code: str) -> str:
    return str(dict(choices.choices).get(code, code))


def people_on(entries: list[Entry]) -> dict[str, User]:
    """The practitioners named by the allocation entries of a page, by username: one query."""
    named = {_holder(entry.text)[1] for entry in entries if entry.kind == "allocation"}
    named |= {entry.text for entry in entries if entry.kind == "opened"}
    if not named:
        return {}
    people = User.objects.filter(username__in=named).select_related("organisation")
    return {person.username: person for person in people}


def _holder(detail: str) -> tuple[bool, str]:
    """(joined, username) from the audit trail's words for a change of who holds the case."""
    if detail.startswith(ALLOCATED_TO):
        return True, detail.removeprefix(ALLOCATED_TO)
    return False, detail.removeprefix(UNALLOCATED_FROM)


def entry_shown(
    entry: Entry, *, child_id, holds_case: bool, people: dict[str, User] | None = None
) -> Shown:
    """What the chronology says of `entry`, and the page it links to (if this person may open
    it). `people`: from `people_on`, for the allocation entries."""
    kind, code, extra, text = entry.kind, entry.code, entry.extra, entry.text
    if kind == "opened":
        person = (people or {}).get(text)
        return Shown(
            _("Case opened by %(name)s") % {"name": person.description if person else text}, ""
        )
    if kind == "allocation":
        joined, username = _holder(text)
        person = (people or {}).get(username)
        name = person.description if person else username
        if joined:
            return Shown(_("Holds the case now: %(name)s") % {"name": name}, "")
        return Shown(_("No longer holds the case: %(name)s") % {"name": name}, "")
    if kind == "justice_event":
        title = _label(JusticeEvent.Kind, code)
        if extra:  # a hearing's outcome
            title = f"{title}: {_label(JusticeEvent.Outcome, extra).lower()}"
        url = reverse("assessments:justice_event_edit", args=[child_id, _key(entry.ref)])
        return Shown(title, text, url if holds_case else "")
    if kind == "offer":
        stage = _label(Stage, extra)
        title = _("CIA offered (%(stage)s): %(outcome)s") % {
            "stage": stage.lower(),
            "outcome": _label(Offer.Outcome, code).lower(),
        }
        return Shown(title, text)
    if kind == "conversation":
        stage = _label(Stage, extra)
        url = reverse(
            "assessments:assessment_detail" if holds_case else "assessments:this_is_me",
            args=[_key(entry.ref)],
        )
        tag = _label(Assessment.Status, code) if code == Assessment.Status.DRAFT else ""
        return Shown(_("Conversation: %(stage)s") % {"stage": stage.lower()}, "", url, tag)
    if kind in ("action", "action_due"):
        title = _("Action agreed") if kind == "action" else _("Action due")
        url = reverse("assessments:action_edit", args=[_key(entry.ref)])
        return Shown(title, text, url, _label(AgreedAction.Status, code))
    if kind == "referral":
        return Shown(_("Referral: %(status)s") % {"status": _label(Referral.Status, code)}, text)
    if kind == "onward":
        status = _label(OnwardReferral.Status, code)
        return Shown(_("Onward referral: %(status)s") % {"status": status}, text)
    if kind == "consent_given":
        return Shown(_("Agreed to share"), text)
    if kind == "consent_withdrawn":
        return Shown(_("Stopped sharing"), text)
    if kind == "override":
        return Shown(_("Shared without consent by a safeguarding lead"), text)
    if kind == "override_ended":
        return Shown(_("Sharing without consent ended"), text)
    if kind == "hand_on":
        return Shown(_("Handed on to %(organisation)s") % {"organisation": extra}, text)
    if kind == "hand_on_decided":
        status = _label(HandOn.Status, code).lower()
        title = _("%(organisation)s answered: %(status)s") % {
            "organisation": extra,
            "status": status,
        }
        return Shown(title, text)
    if kind == "note":
        url = reverse("chronology:note_detail", args=[child_id, _key(entry.ref)])
        tag = _("Draft") if extra == CaseNote.Status.DRAFT else ""
        return Shown(_label(CaseNote.Kind, code), text, url, tag)
    raise ValueError(f"No words for a chronology entry of kind {kind!r}")
