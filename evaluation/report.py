"""The evaluation report: the figures of every page of the chair's dashboard, in its order and
drawn by the same templates, and the chair's words, as a PDF. A draft until the sections only
the chair can write (the findings and the proposal for scaling up) are written."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from . import figures
from .figures import Period, dashboard, key
from .figures.rollup import National
from .models import Pilot

# The sections the chair writes (on "Write the report's sections"), in the report's order.
NARRATIVE = ["findings", "scaling_proposal"]


def unwritten_sections(pilot: Pilot) -> list[str]:
    """The names of the chair's sections not written yet: while any is, the report is a draft."""
    return [
        str(Pilot._meta.get_field(name).verbose_name)
        for name in NARRATIVE
        if not getattr(pilot, name).strip()
    ]


def report_pdf(pilot: Pilot, period: Period) -> bytes:
    shown = dashboard(pilot, period)
    html = render_to_string(
        "evaluation/report_pdf.html",
        {
            "pilot": pilot,
            "figures": shown,
            "made_on": timezone.localdate(),
            "key": key(pilot.suppress_below, shown.marks),
            "unwritten": unwritten_sections(pilot),
            "threshold": pilot.suppress_below,
            "pdf": True,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def national_report_pdf(national: National) -> bytes:
    """The national roll-up of a year, for the Police and Crime Commissioner and ministries:
    the areas side by side, then every area's pilots added up, in the pilot report's style."""
    everywhere = national.everywhere
    marks = figures.marks(national.headline_cells + everywhere.cells)
    html = render_to_string(
        "evaluation/national_report_pdf.html",
        {
            "national": national,
            "threshold": everywhere.threshold,
            "added_up": True,
            "made_on": timezone.localdate(),
            "key": key(everywhere.threshold, marks, added_up=True),
            "pdf": True,
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
