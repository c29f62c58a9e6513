"""CSV export and import of the directory, for bulk updates. An import is all or nothing: every
row is checked with the same form as the pages, and one bad row means nothing is saved."""

import csv
import io
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from cia_portal.accounts.models import Organisation

from .models import DirectoryEntry
from .services import entry_save

COMMON = ["id", "name", "organisation", "how_to_refer", "owner", "last_verified", "active"]
EXTRA = {"ReferralRoute": ["stage"], "SupportService": ["type", "min_age", "max_age", "area"]}


def columns(model: type[DirectoryEntry]) -> list[str]:
    return COMMON[:3] + EXTRA[model.__name__] + COMMON[3:]


def directory_export(model: type[DirectoryEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns(model))
    for entry in model.objects.select_related("organisation", "owner"):
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
        writer.writerow([_safe(row[c]) for c in columns(model)])
    return out.getvalue()


def _safe(value) -> str:
    """Spreadsheets run cells that start with =, +, - or @ as formulas: defuse them."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def directory_import(model: type[DirectoryEntry], form_class, text: str) -> int:
    """Create or update every row, or none. Raises ImportRefused with one message per problem."""
    reader = csv.DictReader(io.StringIO(text))
    missing = set(columns(model)) - {"id", "active", "owner"} - set(reader.fieldnames or [])
    if missing:
        raise ImportRefused(
            [
                _("The file needs these columns: %(columns)s")
                % {"columns": ", ".join(sorted(missing))}
            ]
        )
    organisations = {o.name.casefold(): o.pk for o in Organisation.objects.all()}
    owners = {u.username.casefold(): u.pk for u in get_user_model().objects.all()}
    existing = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
    valid, errors = [], []
    for number, row in enumerate(reader, start=2):  # row 1 is the header
        row = {k: (v or "").strip() for k, v in row.items() if k}
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
        valid.append((entry_id, form.cleaned_data | {"is_active": active}))
    if errors:
        raise ImportRefused(errors)
    with transaction.atomic():
        for entry_id, data in valid:
            entry = model.objects.get(pk=entry_id) if entry_id else None
            entry_save(model=model, data=data, entry=entry)
    return len(valid)
