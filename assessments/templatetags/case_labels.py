from django import template

from assessments.models import Stage

register = template.Library()


@register.filter
def stage_label(value: str | None) -> str:
    """The plain-English name of a stage stored as its code (e.g. from an annotation)."""
    return Stage(value).label if value in Stage.values else "Not recorded"
