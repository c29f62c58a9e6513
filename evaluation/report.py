"""The evaluation report: the dashboard's figures, charts and the chair's words, as a PDF."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from .charts import bar_chart
from .figures import Period, dashboard, key
from .models import Pilot


def report_pdf(pilot: Pilot, period: Period) -> bytes:
    figures = dashboard(pilot, period)
    charts = [
        (table, bar_chart(table))
        for table in [
            figures.funnel,
            figures.referrals_by_route,
            figures.conversations_by_stage,
            figures.onward_by_type,
        ]
    ]
    html = render_to_string(
        "evaluation/report_pdf.html",
        {
            "pilot": pilot,
            "figures": figures,
            "charts": charts,
            "made_on": timezone.localdate(),
            "key": key(pilot.suppress_below, figures.marks),
        },
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
