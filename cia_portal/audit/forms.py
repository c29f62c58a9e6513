from django import forms
from django.utils.translation import gettext_lazy as _

from cia_portal.forms import DateField, GDSForm

from .models import AuditEvent


class AuditSearchForm(GDSForm):
    child = forms.UUIDField(
        label=_("Child reference"),
        required=False,
        error_messages={
            "invalid": _(
                "Enter a child reference like 3f2a…: the long code from the child's record"
            )
        },
    )
    user = forms.CharField(label=_("Username"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", "Any action")] + AuditEvent.Action.choices
    )
    date_from = DateField(label=_("From"), required=False)
    date_to = DateField(label=_("To"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("To must be the same as or after From"))
        return data
