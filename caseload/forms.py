from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.search import SEARCH_MAX_LENGTH, search_parse
from cia_portal.forms import GDSForm


class SafeguardingSearchForm(GDSForm):
    """Find any child, after saying why: the reason goes in the audit trail with the search."""

    reason = forms.CharField(
        label=_("Why are you looking for this child?"),
        help_text=_(
            "For example, a disclosure of harm. The audit trail keeps this with your search."
        ),
        min_length=10,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter why you are looking for this child"),
            "min_length": _("Say why in a few more words (at least 10 characters)"),
            "max_length": _("Say why in 300 characters or fewer"),
        },
    )
    q = forms.CharField(
        label=_("Child's name, family name, date of birth or case reference"),
        help_text=_("For example, Tobi Adeyemi 3/4/2013"),
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "required": _("Enter the child's name, a date of birth or a case reference"),
            "max_length": _("Search for %(limit_value)d characters or fewer")
            % {"limit_value": SEARCH_MAX_LENGTH},
        },
    )

    def clean_q(self):
        text = self.cleaned_data["q"]
        if not search_parse(text):
            raise forms.ValidationError(
                _("Enter at least 2 letters of a name, a date of birth or a case reference")
            )
        return text
