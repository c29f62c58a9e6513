"""Recording a consent through its question pages, as a practitioner's browser would."""

import re

from django.urls import reverse

from assessments.consent_steps import STEPS


def step_url(child, slug: str) -> str:
    return reverse(f"assessments:consent_{slug.replace('-', '_')}", args=[child.id])


def check_url(child) -> str:
    return reverse("assessments:consent_check", args=[child.id])


def answers_for(*recipients, **overrides) -> dict:
    """What each question page is sent: Ruby decides, for the people or organisations named
    (users and organisations), her court-stage "What I want people to know" and drawings."""
    values = [
        f"{'organisation' if r.__class__.__name__ == 'Organisation' else 'user'}:{r.pk}"
        for r in recipients
    ]
    pages = {
        "who-decides": {"given_by": "child", "competence_note": "Understands who and why"},
        "who-will-know": values,
        "what": {"stages": ["court"], "parts": ["what-i-want-people-to-know", "drawings"]},
        "why": {"purpose": "So the judge knows about me", "how_given": "spoken"},
        "when": {},
    }
    for slug, data in overrides.items():
        pages[slug.replace("_", "-")] = data
    return pages


def fill_in(client, child, pages: dict):
    """Start, answer every page, and stop at check your answers (its response is returned).
    Each page's answer must be accepted."""
    client.get(reverse("assessments:consent_create", args=[child.id]))
    for step in STEPS:
        if step.slug == "who-will-know":
            for value in pages[step.slug]:
                response = client.post(step_url(child, step.slug), {"recipient": value, "add": 1})
                assert response.status_code == 302, response.content.decode()
            response = client.post(step_url(child, step.slug), {"recipient": ""})
        else:
            response = client.post(step_url(child, step.slug), pages[step.slug])
        assert response.status_code == 302, (step.slug, response.content.decode())
    return client.get(check_url(child))


def confirm(client, child):
    """Press "Confirm and share" on check your answers, as shown now."""
    page = client.get(check_url(child)).content.decode()
    found = re.search(r'name="answers" value="([^"]*)"', page)
    return client.post(check_url(child), {"answers": found.group(1) if found else ""})


def share(client, child, *recipients, **overrides):
    """Fill in every page and confirm: the consent is recorded."""
    fill_in(client, child, answers_for(*recipients, **overrides))
    return confirm(client, child)
