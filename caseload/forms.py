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


class MoveWorkForm(GDSForm):
    """A team manager moves some or all of a practitioner's cases and referrals."""

    children = forms.ModelMultipleChoiceField(
        label=_("Cases to move"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    referrals = forms.ModelMultipleChoiceField(
        label=_("Referrals to move"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    to_user = forms.ModelChoiceField(
        label=_("Move them to"),
        queryset=None,
        error_messages={"required": _("Choose who will hold them")},
    )

    def __init__(self, *args, children, referrals, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children
        self.fields["children"].initial = [child.pk for child in children]  # all, to start
        self.fields["children"].label_from_instance = lambda c: (
            f"{c.preferred_name} ({c.reference})"
        )
        self.fields["referrals"].queryset = referrals
        self.fields["referrals"].initial = [referral.pk for referral in referrals]
        self.fields["referrals"].label_from_instance = _referral_label
        self.fields["to_user"].queryset = colleagues
        self.fields["to_user"].label_from_instance = lambda u: u.description
        self.fields["to_user"].empty_label = _("Choose a colleague")

    def clean(self):
        data = super().clean()
        if not data.get("children") and not data.get("referrals"):
            self.add_error("children", _("Select at least one case or referral to move"))
        return data


def _referral_label(referral) -> str:
    return _("Referral received %(day)s through %(route)s (%(status)s)") % {
        "day": f"{referral.received_on:%-d %b %Y}",
        "route": referral.route,
        "status": referral.get_status_display().lower(),
    }


def _child_label(child) -> str:
    closed = _(", case closed") if child.closed_on else ""
    return f"{child.preferred_name} ({child.reference}{closed})"
