"""Guards: the view decorators that open a child's data, and the one place a read is audited.

    @child_page(HELD, methods=GET_AND_POST)
    def child_edit(request, child): ...

`child_page` finds the object the URL names (`child_id`, `assessment_id`, `drawing_id`,
`action_id`, `consent_id`, `override_id`) through the policy's getters, checks the access
level and the scope, and hands the view the objects it names in its signature (`child`,
`assessment`, `drawing`, `action`, `consent`, `override`, `scope`) in place of the ids. A
method the page does not take is a 405 before anything is read. Whatever the method, a
response that shows the child's data (anything but a redirect) writes the read's audit row
here; writes are audited by the services.

Access levels:
- HELD: the practitioners holding the case. Someone else who may see the child gets 403.
- SHARED: also the people the child agreed to share with, within their scope: a conversation
  they may not read (another stage, or not finished) is 404.
- SAFEGUARDING: safeguarding leads only (404 for everyone else), past the visibility rule.
Anyone who may not see the child at all gets 404.
"""

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpResponseNotAllowed
from django.http.response import HttpResponseRedirectBase
from django.utils.translation import gettext_lazy as _

from cia_portal.accounts.guards import GET_ONLY
from cia_portal.audit.models import AuditEvent
from cia_portal.audit.services import audit_record, audit_record_children
from cia_portal.errors import NotAllowed, NotFound

from ..models import Assessment, Child, Drawing
from . import policy


class Access(StrEnum):
    HELD = "held"
    SHARED = "shared"
    SAFEGUARDING = "safeguarding"


HELD, SHARED, SAFEGUARDING = Access.HELD, Access.SHARED, Access.SAFEGUARDING

# URL keyword -> (the name the view receives, the getter that 404s for anyone else)
_GETTERS: dict[Access, list[tuple[str, str, Callable]]] = {
    Access.SAFEGUARDING: [
        ("override_id", "override", policy.override_get_for_safeguarding_lead),
        ("child_id", "child", policy.child_get_for_safeguarding_lead),
    ],
    Access.SHARED: [
        ("drawing_id", "drawing", policy.drawing_get_for_user),
        ("assessment_id", "assessment", policy.assessment_get_for_user),
        ("action_id", "action", policy.action_get_for_user),
        ("consent_id", "consent", policy.consent_get_for_user),
        ("child_id", "child", policy.child_get_for_user),
    ],
}
_GETTERS[Access.HELD] = _GETTERS[Access.SHARED]


def _child_of(obj: Model) -> Child:
    if isinstance(obj, Child):
        return obj
    if isinstance(obj, Drawing):
        return obj.assessment.child
    return obj.child


def _open(request, level: Access, ids: dict) -> tuple[Model, dict]:
    """The object the URL names and everything the view may be given, or a refusal."""
    key, name, getter = next(entry for entry in _GETTERS[level] if entry[0] in ids)
    obj = getter(request.user, ids.pop(key))
    child = _child_of(obj)
    found = {name: obj, "child": child}
    if level == Access.SAFEGUARDING:
        return obj, found
    scope = policy.child_scope_for(user=request.user, child=child)
    assessment = obj.assessment if isinstance(obj, Drawing) else obj
    if isinstance(assessment, Assessment) and not scope.may_read(assessment):
        raise NotFound("Not shared with you")
    if isinstance(obj, Drawing) and not scope.drawings:
        raise NotFound("Not shared with you")
    if level == Access.HELD and not scope.holds_case:
        raise NotAllowed(_("Only the practitioners holding this case can do this"))
    return obj, found | {"scope": scope}


def audited_read(
    request,
    *,
    obj: Model,
    child_id,
    action: AuditEvent.Action,
    detail: str,
) -> None:
    """The audit row for one child's data shown to this person."""
    audit_record(actor=request.user, action=action, obj=obj, child_id=child_id, detail=detail)


def audited_list(request, *, child_ids: Iterable, detail: str) -> None:
    """One audit row per child named on a page that lists several (My cases, hearings)."""
    audit_record_children(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        obj=request.user,
        child_ids=list(child_ids),
        detail=detail,
    )


def audited_search(request, *, text: str, child_ids: Iterable, where: str) -> None:
    """A search is audited whatever it finds: one row for the search (what was typed, and how
    many were shown), then one per child shown."""
    child_ids = list(child_ids)
    detail = f"{where}: searched for {text!r}, {len(child_ids)} shown"
    audit_record(actor=request.user, action=AuditEvent.Action.VIEW, obj=request.user, detail=detail)
    audited_list(request, child_ids=child_ids, detail=detail)


@dataclass(frozen=True)
class ChildPage:
    """What a view about a child declares: who may open it, which methods it takes, and how
    its read is written in the audit trail."""

    level: Access
    methods: tuple[str, ...] = GET_ONLY
    read: AuditEvent.Action = AuditEvent.Action.VIEW
    detail: str = ""


def serve_child_page(request, *, page: ChildPage, view: Callable, wants: set, ids: dict):
    """One request to a view about a child: the method, the access, the view, the audit row.
    (At request time, outside the decorator, so every step can be tested and mutated.)"""
    if request.method not in page.methods:
        return HttpResponseNotAllowed(page.methods)
    obj, found = _open(request, page.level, ids)
    response = view(request, **ids, **{k: v for k, v in found.items() if k in wants})
    if not isinstance(response, HttpResponseRedirectBase):  # it showed the child's data
        audited_read(
            request, obj=obj, child_id=found["child"].pk, action=page.read, detail=page.detail
        )
    return response


def child_page(
    level: Access,
    *,
    methods: tuple[str, ...] = GET_ONLY,
    read: AuditEvent.Action = AuditEvent.Action.VIEW,
    detail: str = "",
):
    """A view about one child's data: see the module's docstring."""
    page = ChildPage(level, methods, read, detail)

    def decorate(view):
        wants = set(inspect.signature(view).parameters)

        @wraps(view)
        def guarded(request, **ids):
            return serve_child_page(request, page=page, view=view, wants=wants, ids=ids)

        wrapped = login_required(guarded)
        wrapped.access_level = level  # read by the generated access test
        wrapped.methods = methods
        return wrapped

    return decorate
