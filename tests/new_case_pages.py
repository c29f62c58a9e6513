"""Adding a child and family through the question pages, as a practitioner's browser would."""

from django.urls import reverse

from assessments.new_case_steps import STEPS

PAGES = {
    "child": [
        "preferred_name",
        "date_of_birth_0",
        "date_of_birth_1",
        "date_of_birth_2",
        "gender",
        "ethnicity",
    ],
    "parent": ["parent_name", "family_name", "relationship", "care_arrangement"],
}


def page_of(field: str) -> str:
    return next((slug for slug, fields in PAGES.items() if field in fields), "what-happened")


def step_url(slug: str) -> str:
    return reverse(f"assessments:case_{slug.replace('-', '_')}")


def answer_pages(client, data: dict) -> dict:
    """Start, then send each page its part of `data` (the fields as one form had them).
    Returns each page's response, by slug; stops at the first page that is refused."""
    client.get(reverse("assessments:case_create"))
    responses = {}
    for step in STEPS:
        part = {k: v for k, v in data.items() if page_of(k) == step.slug}
        responses[step.slug] = response = client.post(step_url(step.slug), part)
        if response.status_code != 302:
            break
    return responses


def add_family(client, data: dict, *, follow: bool = False):
    """Answer every page and confirm on check your answers."""
    responses = answer_pages(client, data)
    refused = [r for r in responses.values() if r.status_code != 302]
    assert not refused, refused[0].content.decode()
    return client.post(reverse("assessments:case_check"), follow=follow)
