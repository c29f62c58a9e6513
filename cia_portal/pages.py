"""Template helpers for any page: `{% load pages %}`."""

from django import template
from django.urls import reverse

from .languages import WELSH, family_language_of

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number: int) -> str:
    """This page's address with `param` set to `number`, every other parameter kept (the
    search and filters stay when moving between pages)."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def family_url(context, name: str) -> str:
    """The address of a page for families, in the language of this one (`?lang=cy`)."""
    request = context.get("request")
    welsh = request is not None and family_language_of(request) == WELSH
    return reverse(name) + (f"?lang={WELSH}" if welsh else "")
