from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cia_portal.concurrency import ConflictCheckedForm
from cia_portal.forms import DateField, GDSModelForm

from .models import CaseNote

SUMMARY_MAX_LENGTH = 5000


class NoteForm(ConflictCheckedForm, GDSModelForm):
    required_messages = {
        "kind": _("Select what kind of note or contact this is"),
        "summary": _("Enter what happened"),
    }
    happened_on = DateField(label=_("When"), help_text=_("For example, 27 3 2026"))
    summary = forms.CharField(
        label=_("What happened"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Records are read again, and copied forward. Write what was done and asked as well "
            "as what was said: 'we did not ask mum for her view', not 'mum gave no view'."
        ),
    )

    class Meta:
        model = CaseNote
        fields = ["kind", "happened_on", "who_took_part", "summary"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"kind": _("What kind of note or contact is it?")}
        help_texts = {
            "who_took_part": _("Names and roles, for example 'Jo (the child), Ms Khan (teacher)'.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].error_messages["max_length"] = _(
            "What happened must be %(limit_value)d characters or fewer"
        )

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("When must be today or in the past"))
        return day
