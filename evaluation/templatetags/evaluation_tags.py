from django import template

from ..charts import bars as chart_bars

register = template.Library()


@register.filter
def bars(table):
    """`{% for bar in table|bars %}`: each row of a table with its bar (evaluation.charts)."""
    return chart_bars(table)
