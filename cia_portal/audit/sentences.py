"""How the audit trail reads: one plain sentence for each kind of row the portal writes.

A row is found in `SENTENCES` by (action, object type, page), most exact first: the page is the
`detail` a read was written with (which page showed the child: "Chronology", "This is me PDF");
`ANY` matches any. Rows the table does not know (a new kind of record) still read as a sentence:
"Jo Clarke changed a carer, on child K7MXB-2D9QZ's record", from the record's own name.

This floor cannot read the tables of the apps above it, so they tell it how to name what they
keep (`lookups_register`, in their AppConfig.ready): a child's case reference, a conversation's
stage.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.utils.formats import date_format, number_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from cia_portal.accounts.models import User

from .models import AuditEvent

Action = AuditEvent.Action
ANY = "*"

# (action, object type, page) -> what happened. %(actor)s: who; %(child)s: the child
# ("child K7MXB-2D9QZ"); %(stage)s: ", court and sentencing stage" where the record has one;
# %(page)s: the page's own name (for lists).
SENTENCES: dict[tuple[str, str, str], str] = {
    # Reads: a page about one child
    (Action.VIEW, "assessments.child", ""): _("%(actor)s opened %(child)s's record"),
    (Action.VIEW, "assessments.child", "Chronology"): _("%(actor)s opened %(child)s's chronology"),
    (Action.VIEW, "assessments.child", "Notes and contacts"): _(
        "%(actor)s opened %(child)s's notes and contacts"
    ),
    (Action.VIEW, "assessments.child", "A note or contact"): _(
        "%(actor)s opened a note or contact on %(child)s's record"
    ),
    (Action.VIEW, "assessments.child", "Writing a note"): _(
        "%(actor)s opened a note to write on %(child)s's record"
    ),
    (Action.VIEW, "assessments.child", "Keeping in touch with the parent"): _(
        "%(actor)s opened how %(child)s keeps in touch with their parent"
    ),
    (Action.VIEW, "assessments.child", "Handing the case on"): _(
        "%(actor)s opened the page to hand on %(child)s's case"
    ),
    (Action.VIEW, "assessments.child", "Planning for the parent's release"): _(
        "%(actor)s opened the plan for the release of %(child)s's parent"
    ),
    (Action.VIEW, "assessments.assessment", ""): _(
        "%(actor)s opened %(child)s's conversation%(stage)s"
    ),
    (Action.VIEW, "assessments.assessment", "This is me"): _(
        "%(actor)s opened %(child)s's “This is me”%(stage)s"
    ),
    (Action.VIEW, "assessments.drawing", ""): _("%(actor)s opened a drawing by %(child)s%(stage)s"),
    (Action.VIEW, "assessments.agreedaction", ""): _(
        "%(actor)s opened an action agreed with %(child)s"
    ),
    (Action.VIEW, "assessments.consent", ""): _("%(actor)s opened a consent given by %(child)s"),
    (Action.VIEW, "assessments.safeguardingoverride", ""): _(
        "%(actor)s opened a safeguarding override for %(child)s"
    ),
    (Action.VIEW, "referrals.onwardreferral", ANY): _(
        "%(actor)s opened an onward referral for %(child)s"
    ),
    (Action.VIEW, "chronology.handon", ANY): _(
        "%(actor)s opened %(child)s's case, handed on to their organisation"
    ),
    # Reads: a page that names several children (one row each), or a search (a row of its own)
    (Action.VIEW, "accounts.user", ANY): _("%(actor)s saw %(child)s named on %(page)s"),
    # Downloads
    (Action.DOWNLOAD, "assessments.assessment", "This is me PDF"): _(
        "%(actor)s downloaded %(child)s's “This is me” (PDF)%(stage)s"
    ),
    (Action.DOWNLOAD, "assessments.assessment", "This is me keepsake PDF"): _(
        "%(actor)s downloaded %(child)s's “This is me” keepsake (PDF)%(stage)s"
    ),
    (Action.DOWNLOAD, "assessments.child", "Chronology PDF"): _(
        "%(actor)s downloaded %(child)s's chronology (PDF)"
    ),
    (Action.DOWNLOAD, "assessments.child", "Whole record (subject access)"): _(
        "%(actor)s downloaded %(child)s's whole record (subject access)"
    ),
    (Action.DOWNLOAD, "audit.auditevent", ANY): _("%(actor)s exported the audit trail"),
    # Changes
    (Action.CREATE, "assessments.child", ANY): _("%(actor)s added %(child)s"),
    (Action.CREATE, "assessments.assessment", ANY): _(
        "%(actor)s started a conversation with %(child)s%(stage)s"
    ),
    (Action.CREATE, "assessments.drawing", ANY): _(
        "%(actor)s added a drawing to %(child)s's conversation%(stage)s"
    ),
    (Action.CREATE, "assessments.offer", ANY): _(
        "%(actor)s recorded a CIA offered to %(child)s%(stage)s"
    ),
    (Action.CREATE, "assessments.agreedaction", ANY): _(
        "%(actor)s agreed an action with %(child)s"
    ),
    (Action.CREATE, "referrals.onwardreferral", ANY): _(
        "%(actor)s referred %(child)s to a service"
    ),
    (Action.CREATE, "chronology.casenote", ANY): _(
        "%(actor)s wrote a note or contact on %(child)s's record"
    ),
    (Action.CREATE, "chronology.handon", ANY): _("%(actor)s handed on %(child)s's case"),
    (Action.UPDATE, "assessments.child", ANY): _("%(actor)s changed %(child)s's record"),
    (Action.UPDATE, "assessments.assessment", ANY): _(
        "%(actor)s changed %(child)s's conversation%(stage)s"
    ),
    (Action.UPDATE, "assessments.agreedaction", ANY): _(
        "%(actor)s changed an action agreed with %(child)s"
    ),
    (Action.UPDATE, "chronology.casenote", ANY): _(
        "%(actor)s changed a note or contact on %(child)s's record"
    ),
    (Action.UPDATE, "chronology.handon", ANY): _(
        "%(actor)s answered the hand-on of %(child)s's case"
    ),
    (Action.UPDATE, "referrals.referral", ANY): _(
        "%(actor)s linked a referral to %(child)s's family"
    ),
    (Action.UPDATE, "referrals.onwardreferral", ANY): _(
        "%(actor)s updated an onward referral for %(child)s"
    ),
    (Action.UPDATE, "accounts.user", "Account closed"): _("%(actor)s closed an account"),
    (Action.DELETE, "assessments.child", ANY): _("%(actor)s erased %(child)s's record"),
    (Action.DELETE, "assessments.justiceevent", ANY): _(
        "%(actor)s removed an event from the journey of %(child)s's parent"
    ),
    (Action.DELETE, "referrals.referral", ANY): _("%(actor)s anonymised a referral that ended"),
    (Action.DELETE, "audit.auditevent", ANY): _("%(actor)s deleted old rows of the audit trail"),
    # Sharing, safeguarding, reminders, the duplicate check
    (Action.CONSENT, "assessments.consent", ANY): _(
        "%(actor)s recorded what %(child)s agreed to share"
    ),
    (Action.CONSENT, "assessments.consent", "Withdrawn"): _(
        "%(actor)s recorded that %(child)s stopped sharing"
    ),
    (Action.OVERRIDE, "assessments.safeguardingoverride", ANY): _(
        "%(actor)s shared %(child)s's record without consent (safeguarding)"
    ),
    (Action.OVERRIDE, "assessments.safeguardingoverride", "Ended early"): _(
        "%(actor)s ended early the sharing of %(child)s's record without consent"
    ),
    (Action.REMIND, ANY, ANY): _("%(actor)s was sent a reminder email naming %(child)s"),
    (Action.MATCH, ANY, ANY): _("The duplicate check found %(child)s when %(actor)s added a child"),
    (Action.MATCH, "accounts.user", "Checked before adding a child"): _(
        "%(actor)s was told that %(child)s may be the child they were adding (nothing saved yet)"
    ),
    (Action.MATCH, ANY, "Not the same child: the colleague was not added"): _(
        "%(actor)s said that %(child)s is not the child a colleague added"
    ),
    # Any other record, by the record's own name (%(thing)s)
    (Action.VIEW, ANY, ANY): _("%(actor)s opened %(thing)s, on %(child)s's record"),
    (Action.CREATE, ANY, ANY): _("%(actor)s added %(thing)s, on %(child)s's record"),
    (Action.UPDATE, ANY, ANY): _("%(actor)s changed %(thing)s, on %(child)s's record"),
    (Action.DELETE, ANY, ANY): _("%(actor)s deleted %(thing)s, on %(child)s's record"),
    (Action.DOWNLOAD, ANY, ANY): _("%(actor)s downloaded %(thing)s, on %(child)s's record"),
    (Action.CONSENT, ANY, ANY): _("%(actor)s recorded a consent about %(child)s"),
    (Action.OVERRIDE, ANY, ANY): _("%(actor)s overrode consent for %(child)s (safeguarding)"),
}

# A row about no child (a search, an account, the portal's own work): these in its place.
SENTENCES_WITHOUT_CHILD: dict[tuple[str, str], str] = {
    (Action.MATCH, "accounts.user"): _(
        "%(actor)s checked whether a child they were adding is already known: no likely match"
    ),
    (Action.VIEW, "accounts.user"): _("%(actor)s searched: %(detail)s"),
    (Action.VIEW, ANY): _("%(actor)s opened %(thing)s"),
    (Action.CREATE, ANY): _("%(actor)s added %(thing)s"),
    (Action.UPDATE, ANY): _("%(actor)s changed %(thing)s"),
    (Action.DELETE, ANY): _("%(actor)s deleted %(thing)s"),
    (Action.DOWNLOAD, ANY): _("%(actor)s downloaded %(thing)s"),
    (ANY, ANY): _("%(actor)s: %(action)s, %(thing)s"),
}

# What a record is called where its model's own name would not say it to a reader.
THINGS: dict[str, str] = {
    "assessments.assessment": _("a conversation"),
    "assessments.parentinjustice": _("the details of a parent in the justice system"),
    "assessments.parentchildlink": _("how a child and their parent are related"),
    "assessments.justiceevent": _("an event in a parent's journey"),
    "assessments.carer": _("a carer's details"),
    "assessments.family": _("a family's details"),
    "chronology.parentcontact": _("how a child keeps in touch with their parent"),
    "chronology.releaseplan": _("the plan for a parent's release"),
    "accounts.user": _("an account"),
    "audit.auditevent": _("the audit trail"),
}

# Pages that name several children: their audit `detail`, as the sentence names them.
LIST_PAGES: dict[str, str] = {
    "My cases": _("My cases"),
    "Today": _("Today"),
    "Team inbox": _("the team's inbox"),
    "Referral": _("a referral"),
    "Safeguarding overrides": _("the list of safeguarding overrides"),
}
ON_THE_RECORD = _(", on %(child)s's record")
GROUPED = _("%(sentence)s %(times)s times between %(first)s and %(last)s")


@dataclass
class Lookups:
    """How this floor names what the apps above keep. Each takes the ids on one page of the
    trail and answers in one query."""

    # child ids -> their case references
    child_references: Callable[[set[uuid.UUID]], dict[uuid.UUID, str]] = lambda ids: {}
    # a case reference as typed -> the child's id, or None
    child_with_reference: Callable[[str], uuid.UUID | None] = lambda text: None
    # {object type: object ids} -> the stage of each record that has one, in words
    stages: Callable[[dict[str, set[str]]], dict[tuple[str, str], str]] = lambda ids: {}


LOOKUPS = Lookups()


def lookups_register(**found: Callable) -> None:
    """Called once by the app that keeps the children (AppConfig.ready)."""
    for name, lookup in found.items():
        setattr(LOOKUPS, name, lookup)


@dataclass(frozen=True)
class Names:
    """Everything the sentences of one page of the trail name, read in a few queries."""

    people: dict[int, User]
    children: dict[uuid.UUID, str]
    stages: dict[tuple[str, str], str]

    @classmethod
    def of(cls, rows: Iterable) -> "Names":
        rows = list(rows)
        actor_ids = {row.actor_id for row in rows if row.actor_id}
        people = User.objects.filter(pk__in=actor_ids).select_related("organisation")
        child_ids = {row.child_id for row in rows if row.child_id}
        ids_by_type = defaultdict(set)
        for row in rows:
            ids_by_type[row.object_type].add(row.object_id)
        return cls(
            people={person.pk: person for person in people} if actor_ids else {},
            children=LOOKUPS.child_references(child_ids) if child_ids else {},
            stages=LOOKUPS.stages(ids_by_type) if rows else {},
        )


def sentence_template(action: str, object_type: str, page: str, *, about_a_child: bool) -> str:
    """The sentence for a row of this kind (without its words filled in)."""
    for key in (
        (action, object_type, page),
        (action, object_type, ANY),
        (action, ANY, page),
        (action, ANY, ANY),
    ):
        if key in SENTENCES and (about_a_child or "%(child)s" not in SENTENCES[key]):
            return str(SENTENCES[key])
    key = next(
        key
        for key in ((action, object_type), (action, ANY), (ANY, ANY))
        if key in SENTENCES_WITHOUT_CHILD
    )
    said = str(SENTENCES_WITHOUT_CHILD[key])
    return said + str(ON_THE_RECORD) if about_a_child else said


def thing_named(object_type: str) -> str:
    """'a carer's details', or from the model's own name ('an agreed action'), or for a
    record type the portal no longer has, its label."""
    if object_type in THINGS:
        return str(THINGS[object_type])
    try:
        name = str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return _("a record (%(type)s)") % {"type": object_type}
    return ("an " if name[:1] in "aeiou" else "a ") + name


def sentence(row, names: Names) -> str:
    """What happened, in a sentence: `row` is an AuditEvent (a visit's latest row, or one)."""
    child = child_named(row.child_id, names)
    template = sentence_template(row.action, row.object_type, row.detail, about_a_child=bool(child))
    if child and "%(child)s" not in template:  # a row about a child always names them
        template += str(ON_THE_RECORD)
    stage = names.stages.get((row.object_type, row.object_id), "")
    search = _("a search (%(search)s)") % {"search": row.detail}
    said = template % {
        "actor": _person(row.actor_id, names),
        "child": child,
        "stage": _(", %(stage)s stage") % {"stage": stage[:1].lower() + stage[1:]} if stage else "",
        "page": LIST_PAGES.get(row.detail, search),
        "thing": thing_named(row.object_type),
        "detail": row.detail,
        "action": Action(row.action).label.lower() if row.action in Action else row.action,
    }
    return said[:1].upper() + said[1:]


def _person(actor_id: int | None, names: Names) -> str:
    if actor_id is None:
        return _("the portal")  # its own work: retention, the daily jobs
    person = names.people.get(actor_id)
    return str(person) if person else _("someone whose account is gone")


def child_named(child_id, names: Names) -> str:
    """'child K7MXB-2D9QZ' (erased records keep their reference); a row written for a child
    the portal never had (synthetic data) by the start of the id."""
    if child_id is None:
        return ""
    reference = names.children.get(child_id)
    if reference:
        return _("child %(reference)s") % {"reference": reference}
    return _("child %(id)s…") % {"id": str(child_id)[:8]}  # its id's start: no record has it


def visit_sentence(visit, names: Names) -> str:
    """A row's sentence, or for several views in a row, how many and over what time."""
    said = sentence(visit, names)
    if visit.times == 1:
        return said
    first, last = localtime(visit.first_at), localtime(visit.at)
    clock = "H:i" if first.date() == last.date() else "j M Y H:i"
    return GROUPED % {
        "sentence": said,
        "times": number_format(visit.times, force_grouping=True),
        "first": date_format(first, clock),
        "last": date_format(last, clock),
    }
