"""'With the child' mode: the conversation on a shared tablet or laptop, for the child's eyes.

While a session is in child mode it can reach only that conversation's child-mode screens;
anything else leads to the hand-back screen, where the practitioner signs in again before the
portal shows anything more (the device may have been with the child)."""

from dataclasses import dataclass

from django.shortcuts import redirect
from django.urls import reverse

from . import wording
from .models import Assessment, ParentChildLink

SESSION_KEY = "child_mode"


@dataclass(frozen=True)
class Wording:
    language: str
    band: str
    member: str

    def question(self, step: str) -> tuple[str, str]:
        return wording.question(step, language=self.language, band=self.band, member=self.member)


def wording_for(assessment: Assessment) -> Wording:
    """The practitioner's choice, or else the child's age on the day and the family member
    recorded first ("someone in your family" when nobody is recorded yet, never "mum")."""
    band = assessment.age_band or wording.age_band(
        assessment.child.date_of_birth, assessment.conversation_date
    )
    member = assessment.family_member
    if not member:
        relationship = (
            ParentChildLink.objects.filter(child_id=assessment.child_id)
            .order_by("created_at")
            .values_list("relationship", flat=True)
            .first()
        )
        member = (
            wording.RELATIONSHIP_TO_MEMBER[relationship]
            if relationship
            else wording.NOBODY_RECORDED
        )
    return Wording(assessment.language, band, member)


def child_mode_enter(request, assessment: Assessment) -> None:
    request.session[SESSION_KEY] = str(assessment.pk)


def child_mode_leave(request) -> None:
    request.session.pop(SESSION_KEY, None)


class ChildModeMiddleware:
    """Keeps a session in child mode on that conversation's child-mode screens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        assessment_id = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        if assessment_id and not self._allowed(request.path, assessment_id):
            return redirect("assessments:child_mode_hand_back", assessment_id=assessment_id)
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str, assessment_id: str) -> bool:
        from django.conf import settings

        setup = reverse("assessments:child_mode_setup", args=[assessment_id])
        prefix = setup.rsplit("/", 2)[0] + "/"  # .../with-child/
        return (
            (path.startswith(prefix) and path != setup)
            or path.startswith(settings.STATIC_URL)
            or path == reverse("logout")
        )
