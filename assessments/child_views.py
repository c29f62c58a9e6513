"""'With the child' mode: one question per screen, large type, the child's own words and
drawings, a way to stop on every screen, and a hand-back that asks for the practitioner's
password. See child_mode.py for the session rule that keeps the device on these screens."""

import base64
import binascii

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from cia_portal.accounts.recheck import WaitBeforeTrying, password_recheck, seconds_to_wait

from . import forms, privacy, services, wording
from .child_mode import child_mode_enter, child_mode_leave, wording_for
from .privacy import GET_AND_POST, HELD, child_page

PNG_DATA_URL = "data:image/png;base64,"


@child_page(HELD, methods=GET_AND_POST)
def child_mode_setup(request, assessment):
    """The practitioner chooses the words (language, age, family member), then hands over."""
    if assessment.is_completed:  # its words are settled: a new conversation is the way on
        return render(request, "assessments/child_mode_setup.html", {"assessment": assessment})
    form = forms.ChildModeSetupForm(
        request.POST or None, instance=assessment, wording=wording_for(assessment)
    )
    if request.method == "POST" and form.is_valid():
        fresh = privacy.assessment_get_for_user(request.user, assessment.id)  # form changed ours
        services.assessment_save(assessment=fresh, actor=request.user, data=form.cleaned_data)
        child_mode_enter(request, assessment)
        return redirect("assessments:child_mode_step", assessment_id=assessment.id, step=0)
    return render(
        request, "assessments/child_mode_setup.html", {"assessment": assessment, "form": form}
    )


@child_page(HELD, methods=GET_AND_POST)
def child_mode_step(request, assessment, step):
    if assessment.is_completed:
        return _done_page(request, assessment)
    if not 0 <= step < len(wording.STEPS):
        return redirect("assessments:child_mode_done", assessment_id=assessment.id)
    name = wording.STEPS[step]
    words = wording_for(assessment)
    with translation.override(words.language):
        form = _step_form(request, assessment, name)
        if request.method == "POST":
            go = request.POST.get("go", "next")
            if go == "skip" or form.is_valid() and _save(request, assessment, name, form):
                return _next(assessment, step, go)
        question, hint = words.question(name)
        return render(
            request,
            "assessments/child_mode_step.html",
            {
                "assessment": assessment,
                "child": assessment.child,
                "form": form,
                "step": step,
                "steps": len(wording.STEPS),
                "name": name,
                "question": question,
                "hint": hint,
                "feelings": wording.feelings(words.language) if name == "feelings" else [],
                "drawings": assessment.drawings.count() if name == "drawing" else 0,
            },
        )


def _step_form(request, assessment, name):
    data = request.POST if request.method == "POST" else None
    if name == "drawing":
        return forms.ChildDrawingForm(data, request.FILES or None)
    if name == "feelings":
        return forms.ChildFeelingsForm(data, initial={"answer": assessment.feelings})
    return forms.ChildAnswerForm(data, initial={"answer": getattr(assessment, name)})


def _save(request, assessment, name, form) -> bool:
    """Save what the child said (or drew). False, with an error on the form, if it could not be."""
    if name != "drawing":
        services.assessment_save(
            assessment=assessment, actor=request.user, data={name: form.cleaned_data["answer"]}
        )
        return True
    picture = form.cleaned_data["upload"] or _from_data_url(form.cleaned_data["drawing"])
    if picture is None:
        return True  # nothing drawn: moving on is fine
    try:
        services.drawing_add(
            assessment=assessment,
            actor=request.user,
            image=picture,
            caption=form.cleaned_data["caption"],
        )
    except ValidationError:
        form.add_error("drawing", _("That picture could not be saved. Please try again."))
        return False
    return True


def _from_data_url(value: str):
    if not value:
        return None
    if not value.startswith(PNG_DATA_URL) or len(value) > settings.DRAWING_MAX_BYTES * 4 // 3:
        return SimpleUploadedFile("drawing.png", b"not a picture")  # refused by the service
    try:
        data = base64.b64decode(value[len(PNG_DATA_URL) :], validate=True)
    except (binascii.Error, ValueError):
        data = b"not a picture"
    return SimpleUploadedFile("drawing.png", data, content_type="image/png")


def _next(assessment, step, go):
    if go == "stop":
        return redirect("assessments:child_mode_done", assessment_id=assessment.id)
    target = step - 1 if go == "back" else step + 1
    if target >= len(wording.STEPS):
        return redirect("assessments:child_mode_done", assessment_id=assessment.id)
    return redirect("assessments:child_mode_step", assessment_id=assessment.id, step=max(0, target))


@child_page(HELD)
def child_mode_done(request, assessment):
    return _done_page(request, assessment)


def _done_page(request, assessment):
    with translation.override(wording_for(assessment).language):
        return render(
            request,
            "assessments/child_mode_done.html",
            {"assessment": assessment, "child": assessment.child},
        )


@child_page(HELD, methods=GET_AND_POST)
def child_mode_hand_back(request, assessment):
    """Back to the practitioner's view: only with the practitioner's own password. Not a
    sign-in: wrong passwords (a child pressing keys) never count toward the account's sign-in
    locks; after five the page asks to wait, and the device stays on the child's screens."""
    form = forms.HandBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if password_recheck(request, password=form.cleaned_data["password"]):
                child_mode_leave(request)
                return redirect("assessments:assessment_detail", assessment_id=assessment.id)
            form.add_error("password", _("The password is not right. Try again."))
        except WaitBeforeTrying as wait:
            form.add_error("password", wait.message)
    return render(
        request,
        "assessments/child_mode_hand_back.html",
        {"assessment": assessment, "form": form, "waiting": seconds_to_wait(request.session) > 0},
    )
