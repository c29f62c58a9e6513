"""CSV export and import of the directory, for bulk updates. An import is all or nothing: the
file is read within limits (cia_portal/csv_files.py), every row is checked with the same form
as the pages, and one problem anywhere means nothing is saved."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cia_portal.accounts.models import Organisation
from cia_portal.csv_files import CsvRefused, csv_download, csv_rows

from .models import DirectoryEntry
from .services import entry_save

# Limits on an uploaded file: the directory has tens of entries, and "how to refer" is a
# paragraph or two. Anything past these is a mistake (the wrong file), not a directory.
MAX_BYTES = 1024 * 1024
MAX_FIELD = 10_000
MAX_ROWS = 2_000

COMMON = ["id", "name", "organisation", "how_to_refer", "owner", "last_verified", "active"]
EXTRA = {"ReferralRoute": ["stage"], "SupportService": ["type", "min_age", "max_age", "area"]}


def columns(model: type[DirectoryEntry]) -> list[str]:
    return COMMON[:3] + EXTRA[model.__name__] + COMMON[3:]


def directory_download(model: type[DirectoryEntry], *, filename: str) -> HttpResponse:
    """The whole directory as a CSV download, through the portal's one CSV writer."""
    return csv_download(rows=directory_rows(model), filename=filename)


def directory_rows(model: type[DirectoryEntry]) -> Iterator[list[object]]:
    yield columns(model)
    for entry in model.objects.select_related("organisation", "owner"):
        yield _export_row(model, entry)


def _export_row(model: type[DirectoryEntry], entry: DirectoryEntry) -> list[object]:
    row = {
        "id": entry.id,
        "name": entry.name,
        "organisation": entry.organisation.name,
        "how_to_refer": entry.how_to_refer,
        "owner": entry.owner.username if entry.owner else "",
        "last_verified": entry.last_verified.isoformat(),
        "active": "yes" if entry.is_active else "no",
    }
    row |= {name: getattr(entry, name) for name in EXTRA[model.__name__]}
    return [row[c] for c in columns(model)]


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors

    @property
    def beside_the_file(self) -> str:
        """The message beside the file input: the problem itself, or how many are listed."""
        if len(self.errors) == 1:
            return self.errors[0]
        return _("Fix the %(count)s problems listed, then upload the file again") % {
            "count": len(self.errors)
        }


@dataclass(frozen=True)
class ImportResult:
    added: int
    changed: int
    unchanged: int

    def summary(self, *, singular: str, plural: str) -> str:
        """'12 support services added, 3 changed, 40 unchanged', in plain words."""
        if not (self.added or self.changed):
            return ngettext(
                "Nothing to change: the %(count)s %(singular)s in the file is as it was",
                "Nothing to change: the %(count)s %(plural)s in the file are as they were",
                self.unchanged,
            ) % {"count": self.unchanged, "singular": singular, "plural": plural}
        added = ngettext(
            "%(count)s %(singular)s added", "%(count)s %(plural)s added", self.added
        ) % {"count": self.added, "singular": singular, "plural": plural}
        return _("%(added)s, %(changed)s changed, %(unchanged)s unchanged") % {
            "added": added,
            "changed": self.changed,
            "unchanged": self.unchanged,
        }


def directory_import(model: type[DirectoryEntry], form_class, text: str | bytes) -> ImportResult:
    """Create or update every row, or none. Raises ImportRefused with one message per problem.
    Rows that would change nothing are left alone, and counted as unchanged."""
    try:
        table = csv_rows(text, max_bytes=MAX_BYTES, max_field=MAX_FIELD, max_rows=MAX_ROWS)
    except CsvRefused as refused:
        raise ImportRefused([str(refused)]) from refused
    missing = set(columns(model)) - {"id", "active", "owner"} - set(table.columns)
    if missing:
        raise ImportRefused(
            [
                _("The file needs these columns: %(columns)s")
                % {"columns": ", ".join(sorted(missing))}
            ]
        )
    organisations = {o.name.casefold(): o.pk for o in Organisation.objects.all()}
    owners = {u.username.casefold(): u.pk for u in get_user_model().objects.all()}
    existing = {str(e.pk): e for e in model.objects.select_related("organisation", "owner")}
    valid, errors = [], []
    for number, cells in table.rows:
        row = {k: v.strip() for k, v in cells.items()}
        entry_id = row.get("id", "")
        if entry_id and entry_id not in existing:
            errors.append(
                _("Row %(row)s: no entry has the id %(id)s") % {"row": number, "id": entry_id[:40]}
            )
            continue
        data = {k: row.get(k, "") for k in columns(model) if k not in ("id", "active")}
        data["organisation"] = organisations.get(row.get("organisation", "").casefold(), "")
        data["owner"] = owners.get(row.get("owner", "").casefold(), "")
        if row.get("organisation") and not data["organisation"]:
            errors.append(
                _("Row %(row)s: no organisation is called %(name)s")
                % {"row": number, "name": row["organisation"][:60]}
            )
            continue
        try:
            day = date.fromisoformat(row.get("last_verified", ""))
            data |= {
                "last_verified_0": day.day,
                "last_verified_1": day.month,
                "last_verified_2": day.year,
            }
        except ValueError:
            errors.append(
                _("Row %(row)s: last checked must be a date like 2023-01-31") % {"row": number}
            )
            continue
        form = form_class(data)
        if not form.is_valid():
            errors += [
                _("Row %(row)s: %(problem)s") % {"row": number, "problem": message}
                for messages in form.errors.values()
                for message in messages
            ]
            continue
        active = row.get("active", "yes").casefold() not in ("no", "n", "false", "0")
        # Only what the file holds: a field the file has no column for is left as it is.
        in_file = {k: v for k, v in form.cleaned_data.items() if k in columns(model)}
        valid.append((entry_id, in_file | {"is_active": active}))
    if errors:
        raise ImportRefused(errors)
    changes = [
        (existing.get(entry_id), data)
        for entry_id, data in valid
        if not entry_id or _differs(existing[entry_id], data)
    ]
    with transaction.atomic():
        for entry, data in changes:
            entry_save(model=model, data=data, entry=entry)
    added = sum(1 for entry, _data in changes if entry is None)
    return ImportResult(
        added=added, changed=len(changes) - added, unchanged=len(valid) - len(changes)
    )


def _differs(entry: DirectoryEntry, data: dict) -> bool:
    return any(getattr(entry, name) != value for name, value in data.items())
