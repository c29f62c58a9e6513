from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cia_portal.forms import DateField, GDSForm


class CloseCaseForm(GDSForm):
    closed_on = DateField(
        label=_("Date the case closed"),
        help_text=_("The day the work with the child ended. For example, 27 3 2026"),
    )

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise forms.ValidationError(_("Date the case closed must be today or in the past"))
        return closed_on
