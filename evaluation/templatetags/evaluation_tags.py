from django import template

register = template.Library()


@register.simple_tag
def chart_for(charts: dict, slug: str):
    return charts.get(slug, "")
