"""Optimistic concurrency: when two people edit the same record, the second save is refused
rather than silently overwriting the first.

An edit form carries a fingerprint of the fields it edits, as they were when the page was
drawn (`seen`). The service locks the row and compares: if any of those fields has changed
since, it raises `EditConflict`, and the view shows both versions and keeps what was typed.
Only the form's own fields count, so two people answering different sections of one
conversation do not get in each other's way."""

import hashlib
import json

from django import forms
from django.db.models import Model

SEEN = "seen"


def edited_fields(model: type[Model], names) -> list[str]:
    concrete = {f.name for f in model._meta.concrete_fields}
    return sorted(name for name in names if name in concrete)


def fingerprint(obj: Model, fields: list[str]) -> str:
    values = [[name, obj._meta.get_field(name).value_from_object(obj)] for name in fields]
    return hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()


class EditConflict(Exception):
    def __init__(self, current: Model, fields: list[str]):
        super().__init__("Changed by someone else since the page was opened")
        self.current = current
        self.fields = fields
        self.seen_now = fingerprint(current, fields)


def check_unchanged(locked: Model, data: dict) -> None:
    """Raise EditConflict if the fields in `data` changed since the form was drawn. `locked`
    is the row as it is now, read with select_for_update. Removes `seen` from `data`."""
    seen = data.pop(SEEN, None)
    if not seen:
        return  # not from an edit form: a status change, the child's screens, a script
    fields = edited_fields(type(locked), data)
    if fingerprint(locked, fields) != seen:
        raise EditConflict(locked, fields)


def update_checked(
    obj: Model, data: dict, *, actor=None, unchecked: dict | None = None
) -> tuple[Model, list[str]]:
    """Change the fields in `data` on the row as it is now, locked until the transaction ends.
    From an edit form, `data` carries what the page showed: EditConflict if another person has
    changed those fields since. `unchecked` fields are written too, but the page did not show
    them (a status set by the button pressed). Only changed fields are written. Returns the row
    and the names of the fields that changed. `actor` is who changed it, for a model that keeps
    a history of its versions (django-simple-history)."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    if actor is not None:
        obj._history_user = actor
    data = dict(data)
    check_unchanged(obj, data)
    data |= unchecked or {}
    changed = [name for name, value in data.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, data[name])
    if changed:
        stamps = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=[*changed, *stamps])
    return obj, changed


class ConflictCheckedForm(forms.ModelForm):
    """A ModelForm that remembers what its fields held when it was drawn."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:  # (a new record has a UUID pk already)
            self.remember_seen()
        else:
            del self.fields[SEEN]

    def remember_seen(self) -> None:
        """Fingerprint the fields the form has now: a form that drops some of its fields after
        `__init__` calls this again, so that only the fields it shows are compared."""
        if SEEN in self.fields:
            fields = edited_fields(type(self.instance), self.fields)
            self.fields[SEEN].initial = fingerprint(self.instance, fields)
