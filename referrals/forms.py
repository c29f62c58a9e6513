from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.forms import choose_practitioner, practitioners
from cia_portal.concurrency import ConflictCheckedForm
from cia_portal.forms import DateField, GDSForm, GDSModelForm, YesOrWhyNotForm

from .models import OnwardReferral, Referral, ReferralRoute, SupportService


class DirectoryEntryForm(ConflictCheckedForm, GDSModelForm):
    last_verified = DateField(
        label=_("Last checked"), help_text=_("When someone last checked these details were right.")
    )
    required_messages = {
        "name": _("Enter the name"),
        "organisation": _("Select the organisation"),
        "how_to_refer": _("Enter how to refer"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name")
        )
        self.fields["owner"].empty_label = "Choose who keeps it up to date"
        self.fields["organisation"].empty_label = "Choose an organisation"
        if "area" in self.fields and hasattr(self.fields["area"], "empty_label"):
            self.fields["area"].empty_label = _("The organisation's area")

    def clean_last_verified(self):
        day = self.cleaned_data["last_verified"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Last checked must be today or in the past"))
        return day


class RouteForm(DirectoryEntryForm):
    class Meta:
        model = ReferralRoute
        fields = [
            "name",
            "organisation",
            "area",
            "stage",
            "how_to_refer",
            "owner",
            "last_verified",
            "takes_family_requests",
        ]
        widgets = {"stage": forms.RadioSelect, "how_to_refer": forms.Textarea(attrs={"rows": 4})}

    required_messages = DirectoryEntryForm.required_messages | {
        "stage": "Select the stage where children are found"
    }


class ServiceForm(DirectoryEntryForm):
    class Meta:
        model = SupportService
        fields = [
            "name",
            "organisation",
            "type",
            "min_age",
            "max_age",
            "area",
            "how_to_refer",
            "owner",
            "last_verified",
        ]
        widgets = {"type": forms.RadioSelect, "how_to_refer": forms.Textarea(attrs={"rows": 4})}

    required_messages = DirectoryEntryForm.required_messages | {
        "type": "Select the type of service"
    }

    def clean(self):
        data = super().clean()
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "max_age", _("Oldest age served must be the same as or more than the youngest")
            )
        return data


class CsvUploadForm(GDSForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Start from an export, change it in a spreadsheet, and save it as CSV."),
        error_messages={"required": _("Choose a CSV file"), "empty": _("The file is empty")},
    )

    def clean_file(self) -> bytes:
        """The file's bytes: `cia_portal.csv_files.csv_rows` reads them, and names the row of
        any problem (wrong encoding included)."""
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("The file must be smaller than 1 MB"))
        return upload.read()


class ReferralForm(GDSModelForm):
    received_on = DateField(label=_("Date received"))
    next_court_date = DateField(label=_("Mother's next court date"), required=False)
    required_messages = {
        "route": _("Select how the referral came in"),
        "referred_by": _("Enter who referred"),
        "mother_name": _("Enter the mother's (or parent's) name"),
        "children_description": _("Enter the children's names and ages"),
    }

    class Meta:
        model = Referral
        fields = [
            "route",
            "referred_by",
            "received_on",
            "mother_name",
            "next_court_date",
            "children_description",
        ]
        labels = {"route": _("How did it come in?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = ReferralRoute.objects.filter(is_active=True)
        self.fields["route"].empty_label = "Choose a referral route"

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Date received must be today or in the past"))
        return day


class TransitionForm(GDSForm):
    to = forms.ChoiceField(
        label=_("What happened next?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what happened next")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when it is declined, not reached or closed."),
    )
    allocated_to = forms.ModelChoiceField(
        label=_("Practitioner who will do the CIA"),
        required=False,
        queryset=get_user_model().objects.none(),
        help_text=_("The child's choice of trusted adult where possible."),
    )

    def __init__(self, *args, referral: Referral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (s.value, s.label) for s in Referral.Status if s in Referral.NEXT[referral.status]
        ]
        if Referral.Status.ALLOCATED in Referral.NEXT[referral.status]:
            choose_practitioner(self.fields["allocated_to"], practitioners())
            self.fields["allocated_to"].empty_label = "Choose a practitioner"
        else:
            del self.fields["allocated_to"]


class LinkFamilyForm(GDSForm):
    family = forms.ModelChoiceField(
        label=_("Which family is it?"),
        queryset=None,
        empty_label=_("Choose a family"),
        help_text=_("Families in which you hold a child's case."),
        error_messages={
            "required": _("Select the family"),
            "invalid_choice": _("Select the family"),
        },
    )

    def __init__(self, *args, families, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family"].queryset = families
        self.fields["family"].label_from_instance = lambda family: (
            f"{family.name}: " + ", ".join(c.preferred_name for c in family.children.all())
        )


def service_label(service: SupportService) -> str:
    return (
        f"{service.name} ({service.organisation}): {service.get_type_display()}, "
        f"ages {service.min_age} to {service.max_age}"
    )


class OnwardReferralForm(GDSForm):
    service = forms.ModelChoiceField(
        label=_("Which service?"),
        queryset=None,
        empty_label=_("Choose a support service"),
        error_messages={
            "required": _("Select a support service"),
            "invalid_choice": _("Select a service the child's consent covers"),
        },
    )
    note = forms.CharField(
        label=_("What is the service asked to do?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only what the child agreed to share."),
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = service_label


class OnwardStatusForm(GDSForm):
    to = forms.ChoiceField(
        label=_("What has happened?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Select what has happened")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args, onward: OnwardReferral, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (s.value, s.label)
            for s in OnwardReferral.Status
            if s in OnwardReferral.NEXT[onward.status]
        ]


# The service's side ----------------------------------------------------------------------------

SERVICE_TEXT = 2000


class ServiceAnswerForm(YesOrWhyNotForm):
    question = _("Can the service take the child on?")
    yes = _("Yes")
    reason_hint = _("Only if you answer no. The practitioner who referred the child reads this.")
    choose_message = _("Select whether the service can take the child on")
    why_not_message = _("Enter why the service cannot take the child on")


class ServiceSessionForm(GDSForm):
    on = DateField(label=_("When was the session?"))
    note = forms.CharField(
        label=_("What happened"),
        required=False,
        max_length=SERVICE_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what the referrer needs to know. Records are read again."),
    )

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("When was the session must be today or in the past"))
        return day


class ServiceEndForm(GDSForm):
    outcome = forms.CharField(
        label=_("What changed for the child?"),
        max_length=SERVICE_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    end_note = forms.CharField(
        label=_("End-of-service note for the practitioner who referred the child"),
        max_length=SERVICE_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done, how it ended, and anything they should follow up."),
    )
    required_messages = {
        "outcome": _("Enter what changed for the child"),
        "end_note": _("Enter an end-of-service note"),
    }
