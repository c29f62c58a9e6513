"""Template helpers for any page: `{% load pages %}`."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number: int) -> str:
    """This page's address with `param` set to `number`, every other parameter kept (the
    search and filters stay when moving between pages)."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"
