"""Pages for families, in English or Welsh (Cymraeg). A public page has no account to remember
a choice, so the language is in the address (`?lang=cy`): a link can be given in Welsh, a form
posts back to its own address and keeps it, and the toggle at the top of the page
(`includes/language_toggle.html`) switches between the two. Pages for staff stay in English."""

from functools import wraps

from django.shortcuts import redirect
from django.utils import translation

WELSH = "cy"
ENGLISH = "en-gb"


def family_language_of(request) -> str:
    return WELSH if request.GET.get("lang") == WELSH else ENGLISH


def family_page(view):
    """Draw the page in the language its address asks for, and say so to the browser."""

    @wraps(view)
    def in_language(request, *args, **kwargs):
        language = family_language_of(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = "cy" if language == WELSH else "en-GB"
        return response

    return in_language


def family_redirect(request, to: str, *args, **kwargs):
    """A redirect that stays in the language of the page it comes from."""
    response = redirect(to, *args, **kwargs)
    if family_language_of(request) == WELSH:
        response["Location"] += f"?lang={WELSH}"
    return response
