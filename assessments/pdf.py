"""PDFs with WeasyPrint, from the same templates as the pages."""

import re
import unicodedata
from datetime import date

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(request, template: str, context: dict) -> bytes:
    html = render_to_string(template, context, request=request)
    # Images (drawings) are embedded as data URLs by the template, so nothing is fetched.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_filename(*words: str, on: date) -> str:
    """'This-is-me-Zoe-2026-12-02.pdf' from ("This is me", "Zoë"): ASCII letters and digits
    only, so that every browser and mail client keeps the name as it is."""
    plain = unicodedata.normalize("NFKD", " ".join(words)).encode("ascii", "ignore").decode()
    return "-".join([*re.findall(r"[A-Za-z0-9]+", plain), on.isoformat()]) + ".pdf"


def pdf_download(pdf: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
