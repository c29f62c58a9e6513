import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from cia_portal.forms import DateField, GDSForm

from .models import AuditEvent
from .sentences import LOOKUPS


class AuditSearchForm(GDSForm):
    """The auditor's search, sent with GET: what was found can be linked to, paged through and
    exported, and no token of the session is put in the address."""

    person = forms.CharField(
        label=_("Person"),
        help_text=_("Their name or username"),
        required=False,
        max_length=150,
    )
    child = forms.CharField(
        label=_("Child's case reference"),
        help_text=_("For example, K7MXB-2D9QZ"),
        required=False,
        max_length=40,
    )
    action = forms.ChoiceField(
        label=_("What they did"),
        required=False,
        choices=[("", _("Anything"))] + AuditEvent.Action.choices,
    )
    date_from = DateField(label=_("From"), required=False, help_text=_("For example, 27 3 2026"))
    date_to = DateField(label=_("To"), required=False, help_text=_("For example, 31 3 2026"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"  # crispy adds the CSRF token to any other method
        self.fields["person"].widget.attrs.update(
            {"class": "govuk-input--width-20", "autocomplete": "off"}
        )
        self.fields["child"].widget.attrs.update(
            {"class": "govuk-input--width-10", "autocomplete": "off", "spellcheck": "false"}
        )

    def clean_child(self) -> uuid.UUID | None:
        """A case reference as typed ('k7mxb 2d9qz'), or the long id of a child whose record was
        erased, as the trail shows it."""
        text = self.cleaned_data["child"].strip()
        if not text:
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            pass
        child_id = LOOKUPS.child_with_reference(text)
        if child_id is None:
            raise forms.ValidationError(
                _("No child has the case reference %(text)s: check it, or leave it empty")
                % {"text": text[:20]}
            )
        return child_id

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("To must be the same as or after From"))
        return data

    def filters(self) -> dict | None:
        """What to search for: everything before a search, None while the search has errors."""
        if not self.is_bound:
            return {}
        return self.cleaned_data if self.is_valid() else None

    def searched(self) -> str:
        """What was searched for, in words, for the export's row in the trail."""
        if not self.is_bound:
            return "everything"
        data = self.cleaned_data
        said = [
            f"person {data['person']!r}" if data["person"] else "",
            f"child {self._reference(data['child'])}" if data["child"] else "",
            f"action {data['action']}" if data["action"] else "",
            f"from {data['date_from']:%Y-%m-%d}" if data["date_from"] else "",
            f"to {data['date_to']:%Y-%m-%d}" if data["date_to"] else "",
        ]
        return ", ".join(part for part in said if part) or "everything"

    @staticmethod
    def _reference(child_id: uuid.UUID) -> str:
        return LOOKUPS.child_references({child_id}).get(child_id) or str(child_id)
