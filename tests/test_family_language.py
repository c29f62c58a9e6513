"""Pages for families in English or Welsh: the language is in the address (`?lang=cy`), kept
through a form and its redirect, and nothing on a Welsh page is left in English."""

import pytest
from django.urls import reverse

from evaluation.models import FeedbackResponse
from tests.family_pages import left_in_english
from tests.test_evaluation_pages import make_link

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("respondent", ["child", "mother"])
def test_the_feedback_questionnaire_is_all_in_welsh(practitioner_client, client, pilot, respondent):
    url = make_link(practitioner_client, pilot, respondent=respondent)
    client.logout()
    english = client.get(url)
    welsh = client.get(url + "?lang=cy")
    assert english["Content-Language"] == "en-GB" and welsh["Content-Language"] == "cy"
    english, welsh = english.content.decode(), welsh.content.decode()
    assert '<html lang="en-GB"' in english and '<html lang="cy"' in welsh
    assert left_in_english(english, welsh) == set()
    if respondent == "child":
        assert "Gest ti wybod beth ddigwyddodd nesaf?" in welsh
        assert "Were you told what happened next?" in english


def test_a_welsh_answer_is_kept_in_welsh_through_errors_and_thanks(
    practitioner_client, client, pilot
):
    url = make_link(practitioner_client, pilot) + "?lang=cy"
    client.logout()
    page = client.post(url, {"comments": "x" * 3001}).content.decode()
    assert (
        "Mae yna broblem" in page and "x" * 3001 in page and not FeedbackResponse.objects.exists()
    )
    thanks = client.post(url, {"told_what_next": "5", "listened_to": "4"}, follow=True)
    assert thanks.redirect_chain == [(reverse("evaluation:feedback_thanks") + "?lang=cy", 302)]
    assert "Mae dy atebion gyda ni" in thanks.content.decode()
    assert FeedbackResponse.objects.get().told_what_next == 5


def test_the_toggle_switches_to_the_other_language_on_the_same_page(
    practitioner_client, client, pilot
):
    url = make_link(practitioner_client, pilot)
    client.logout()
    english = client.get(url).content.decode()
    assert 'href="?lang=cy" hreflang="cy" lang="cy"' in english
    assert '<span aria-current="true">English</span>' in english
    welsh = client.get(url + "?lang=cy").content.decode()
    assert 'href="?lang=en" hreflang="en" lang="en"' in welsh


def test_staff_pages_stay_in_english_whatever_the_address_says(practitioner_client):
    page = practitioner_client.get(reverse("assessments:my_cases") + "?lang=cy")
    assert '<html lang="en-GB"' in page.content.decode() and "My cases" in page.content.decode()
