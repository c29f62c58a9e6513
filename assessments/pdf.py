"""PDFs with WeasyPrint, from the same templates as the pages."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(request, template: str, context: dict) -> bytes:
    html = render_to_string(template, context, request=request)
    # Images (drawings) are embedded as data URLs by the template, so nothing is fetched.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
