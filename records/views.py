"""The case holder's page about the record itself: closing the case (retention counts from that
day) and downloading everything held about the child for a subject access request."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import selectors as assessment_selectors
from assessments import services as assessment_services
from assessments.pdf import render_pdf
from assessments.privacy import GET_AND_POST, HELD, child_page
from cia_portal.audit.models import AuditEvent

from . import forms, selectors

WHOLE_RECORD = {"read": AuditEvent.Action.DOWNLOAD, "detail": "Whole record (subject access)"}


@child_page(HELD, methods=GET_AND_POST)
def record(request, child):
    form = forms.CloseCaseForm(
        request.POST if "close" in request.POST else None,
        initial={"closed_on": timezone.localdate()},
    )
    if request.method == "POST":
        if "reopen" in request.POST:
            assessment_services.case_reopen(child=child, actor=request.user)
            messages.success(request, _("The case is open again"))
            return redirect("records:record", child_id=child.id)
        if form.is_valid():
            assessment_services.case_close(
                child=child, actor=request.user, closed_on=form.cleaned_data["closed_on"]
            )
            messages.success(request, _("The case is closed"))
            return redirect("records:record", child_id=child.id)
    return render(
        request,
        "records/record.html",
        {
            "child": child,
            "form": form,
            "erase_after": selectors.erase_due_after(child),
            "seen_by": assessment_selectors.child_seen_by(child, exclude=request.user),
        },
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@child_page(HELD, **WHOLE_RECORD)
def record_pdf(request, child):
    pdf = render_pdf(request, "records/record_pdf.html", {"record": selectors.child_record(child)})
    return _download(pdf, "application/pdf", f"record-{child.id}.pdf")


@child_page(HELD, **WHOLE_RECORD)
def record_json(request, child):
    content = json.dumps(
        selectors.child_record(child).as_json(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    return _download(content.encode(), "application/json", f"record-{child.id}.json")
