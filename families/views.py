"""The public pages for families: no sign-in, in English or Welsh (`cia_portal.languages`).
What a Child Impact Assessment is, in easy read; asking for one; posters and flyers to print.
Nothing here ever says whether a family or a child is known to the portal."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.core.cache import cache
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from assessments.pdf import pdf_download, render_pdf
from cia_portal.accounts.client_address import client_address
from cia_portal.languages import ENGLISH, WELSH, family_language_of, family_page, family_redirect
from referrals import selectors as referral_selectors
from referrals import services as referral_services

from .content import easy_read as easy_read_words
from .content import poster_ideas
from .forms import AskForm


@require_safe
@family_page
def easy_read(request):
    return render(request, "families/easy_read.html", _page(request))


@never_cache
@require_http_methods(["GET", "POST"])
@family_page
def ask(request):
    """Asking for a CIA. A robot's answers (the hidden box filled in) get the same thank-you
    page as a family's, and nothing is kept."""
    route = referral_selectors.family_request_route()
    form = AskForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and route and form.is_valid():
        if not form.is_from_a_robot:
            try:
                referral_services.family_request_receive(
                    route=route,
                    sent_from=client_address(request) or "",
                    language=family_language_of(request)[:2],
                    **form.request_data(),
                )
            except referral_services.TooManyRequests:
                return render(request, "families/too_many.html", _page(request), status=429)
        return family_redirect(request, "families:ask_sent")
    return render(request, "families/ask.html", _page(request) | {"form": form, "route": route})


@require_safe
@family_page
def ask_sent(request):
    """The same for everyone: it shows nothing of what was sent."""
    return render(request, "families/ask_sent.html", _page(request))


@require_safe
def poster(request):
    """An A4 poster in the language asked for, with a code to scan that opens the form."""
    language = family_language_of(request)

    def draw() -> bytes:
        with translation.override(language):
            return render_pdf(request, "families/poster.html", _printed(request, [language]))

    pdf = _drawn_once(request, f"poster-{language}", draw)
    return pdf_download(pdf, filename=f"ask-for-a-cia-poster-{language[:2]}.pdf")


@require_safe
def flyer(request):
    """An A5 flyer: English on one side, Welsh on the other."""
    pdf = _drawn_once(
        request,
        "flyer",
        lambda: render_pdf(request, "families/flyer.html", _printed(request, [ENGLISH, WELSH])),
    )
    return pdf_download(pdf, filename="ask-for-a-cia-flyer.pdf")


def _drawn_once(request, name: str, draw) -> bytes:
    """A printed page is the same for everyone (for this site's address): drawn once an hour,
    not on every download by anyone on the internet."""
    return cache.get_or_set(f"families:{name}:{request.get_host()}", draw, timeout=3600)


def _page(request) -> dict:
    return {"words": easy_read_words(family_language_of(request))}


def _printed(request, languages: list[str]) -> dict:
    sides = []
    for language in languages:
        url = request.build_absolute_uri(reverse("families:ask"))
        url += f"?lang={WELSH}" if language == WELSH else ""
        words = easy_read_words(language)
        sides.append(
            {
                "language": "cy" if language == WELSH else "en-GB",
                "words": words,
                "ideas": poster_ideas(words),
                "url": url,
                "qr": _qr(url),
            }
        )
    return {"sides": sides}


def _qr(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = io.BytesIO()
    image.save(svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()
