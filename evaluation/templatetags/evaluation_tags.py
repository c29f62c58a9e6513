from django import template
from django.utils.translation import gettext as _

from ..charts import bars as chart_bars

register = template.Library()


@register.filter
def bars(table):
    """`{% for bar in table|bars %}`: each row of a table with its bar (evaluation.charts)."""
    return chart_bars(table)


@register.filter
def headline_rows(scope):
    """`{% for label, cell in scope|headline_rows %}`: an area's (or every area's) headline:
    children in the pilots, and those with a completed CIA."""
    rows = dict(scope.table("headline").rows)
    return [
        (_("Children in the pilots"), rows["Children in the pilot"]),
        (_("Children with a completed CIA"), rows["Children with a completed CIA"]),
    ]
