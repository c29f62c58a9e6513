from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from cia_portal.forms import DateField, GDSForm, GDSModelForm

from .models import ReferralRoute, SupportService


class DirectoryEntryForm(GDSModelForm):
    last_verified = DateField(
        label="Last checked", help_text="When someone last checked these details were right."
    )
    required_messages = {
        "name": "Enter the name",
        "organisation": "Select the organisation",
        "how_to_refer": "Enter how to refer",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name")
        )
        self.fields["owner"].empty_label = "Choose who keeps it up to date"
        self.fields["organisation"].empty_label = "Choose an organisation"

    def clean_last_verified(self):
        day = self.cleaned_data["last_verified"]
        if day > timezone.localdate():
            raise forms.ValidationError("Last checked must be today or in the past")
        return day


class RouteForm(DirectoryEntryForm):
    class Meta:
        model = ReferralRoute
        fields = ["name", "organisation", "stage", "how_to_refer", "owner", "last_verified"]
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
                "max_age", "Oldest age served must be the same as or more than the youngest"
            )
        return data


class CsvUploadForm(GDSForm):
    file = forms.FileField(
        label="CSV file",
        help_text="Start from an export, change it in a spreadsheet, and save it as CSV.",
        error_messages={"required": "Choose a CSV file"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 1 MB")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError("The file must be a CSV saved as UTF-8") from exc
