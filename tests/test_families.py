"""The public pages for families: easy-read information in English and Welsh, asking for a CIA
(a referral that reaches the organisation's inbox), posters and flyers, and a form that holds
under hostile input without ever saying whether a family is known."""

import html
import io
import re
from datetime import timedelta

import pytest
import textstat
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from cia_portal.audit.models import AuditEvent
from cia_portal.notifications.models import Notification
from families.content import easy_read
from referrals.models import FamilyRequest, Referral
from referrals.services import FAMILY_REQUESTS_PER_HOUR, sent_from_key
from tests.factories import ReferralRouteFactory, UserFactory
from tests.family_pages import left_in_english

pytestmark = pytest.mark.django_db

ASK = reverse("families:ask")
A_REQUEST = {
    "asker": "mum",
    "name": "Dee",
    "child_1_name": "Mia",
    "child_1_age": "7",
    "child_2_name": "Leo",
    "child_2_age": "12",
    "phone": "07700 900123",
    "safe_to_leave_message": "no",
    "court_date_0": "27",
    "court_date_1": "3",
    "court_date_2": "2027",
    "court": "Hopeside Court",
}


@pytest.fixture
def route(db):
    return ReferralRouteFactory(name="Families asking", takes_family_requests=True)


@pytest.fixture
def colleague(route):
    """A practitioner at the organisation that runs the route."""
    return UserFactory(organisation=route.organisation)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# The easy-read page ---------------------------------------------------------------------------


def test_the_easy_read_page_is_public_in_english_and_welsh_with_a_picture_for_each_idea(client):
    english = client.get(reverse("families:easy_read"))
    welsh = client.get(reverse("families:easy_read") + "?lang=cy")
    assert english.status_code == welsh.status_code == 200
    english, welsh = english.content.decode(), welsh.content.decode()
    assert "Help for your child" in english and "Help i&#x27;ch plentyn" in welsh
    assert left_in_english(english, welsh) == set()
    for page, language in ((english, "en"), (welsh, "cy")):
        ideas = [idea for part in easy_read(language)["parts"] for idea in part["ideas"]]
        pictures = re.findall(r'<img class="app-easy-read__picture" [^>]*alt="([^"]+)"', page)
        assert len(pictures) == len(ideas) and all(pictures)
        assert 'name="robots"' not in page  # families can find it
    assert f'href="{ASK}?lang=cy"' in welsh and f'href="{ASK}"' in english


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+", text) if s]


def _lines(language: str) -> list[str]:
    words = easy_read(language)
    return [words["title"], words["lead"]] + [
        text
        for part in words["parts"]
        for text in [part["heading"]] + [idea["text"] for idea in part["ideas"]]
    ]


def _measurable(text: str) -> str:
    """What textstat 0.7.5 can measure: it cannot count a number's syllables, nor a word it
    does not know once the apostrophe is gone ("family's"): a number is read as one short word
    ("5 minutes"), and a possessive as its word."""
    return re.sub(r"\d+", "five", re.sub(r"[’']s\b", "", text))


def test_every_easy_read_line_is_one_idea_in_short_sentences():
    """Easy read: at most two sentences to an idea and 15 words to a sentence, in English, and
    no longer in Welsh than 18 words (Welsh often takes a few more words to say the same)."""
    for language, longest in (("en", 15), ("cy", 18)):
        for line in _lines(language):
            sentences = _sentences(line)
            assert len(sentences) <= 2, line
            assert all(len(s.split()) <= longest for s in sentences), line


def test_the_english_easy_read_page_reads_as_easy():
    """Flesch reading ease 80 or more ("easy") and a Flesch-Kincaid grade of 5 or under (age
    10), over the whole page."""
    text = _measurable(" ".join(_lines("en")))
    assert textstat.flesch_reading_ease(text) >= 80
    assert textstat.flesch_kincaid_grade(text) <= 5


@pytest.mark.parametrize("name", ["families:ask", "families:ask_sent"])
def test_the_words_around_the_form_read_plainly(client, route, name):
    """The asking page's own words (not its labels) and the thank-you page: Flesch reading ease
    70 or more ("fairly easy") and grade 6 or under, in English."""
    main = client.get(reverse(name)).content.decode().split("<main", 1)[1].split("</main>")[0]
    paragraphs = re.findall(r'<p class="govuk-body">(.*?)</p>', main, re.S)
    text = _measurable(" ".join(html.unescape(re.sub(r"<[^>]+>", "", p)) for p in paragraphs))
    assert len(text.split()) > 20
    assert textstat.flesch_reading_ease(text) >= 70
    assert textstat.flesch_kincaid_grade(text) <= 6


def test_the_welsh_easy_read_page_has_every_line_the_english_has():
    english, welsh = easy_read("en"), easy_read("cy")
    assert [len(p["ideas"]) for p in english["parts"]] == [len(p["ideas"]) for p in welsh["parts"]]
    for en_part, cy_part in zip(english["parts"], welsh["parts"], strict=True):
        assert [i["icon"] for i in en_part["ideas"]] == [i["icon"] for i in cy_part["ideas"]]
    assert english.keys() == welsh.keys()


# Asking for a CIA -----------------------------------------------------------------------------


def test_a_request_reaches_the_organisations_inbox_and_the_confirmation_shows_nothing_back(
    client, route, colleague
):
    outsider = UserFactory()
    response = client.post(ASK, A_REQUEST, follow=True)
    assert response.redirect_chain == [(reverse("families:ask_sent"), 302)]
    page = response.content.decode()
    assert "Request sent" in page and "Dee" not in page and "Mia" not in page

    referral = Referral.objects.get()
    assert (referral.route, referral.received_by, referral.status) == (route, None, "received")
    assert referral.children_description == "Mia (7), Leo (12)"
    assert str(referral.next_court_date) == "2027-03-27"
    asked = FamilyRequest.objects.get()
    assert (asked.phone, asked.safe_to_leave_message, asked.language) == (
        "07700 900123",
        False,
        "en",
    )
    assert asked.children == [{"first_name": "Mia", "age": 7}, {"first_name": "Leo", "age": 12}]
    assert "127.0.0.1" not in asked.sent_from  # a keyed hash, not the address
    audited = AuditEvent.objects.get(object_id=str(referral.pk), detail__contains="public form")
    assert audited.actor is None and audited.ip_address is None  # the address: only a hash
    told = Notification.objects.get(kind=Notification.Kind.FAMILY_REQUEST)
    assert told.recipient == colleague

    client.force_login(colleague)
    listed = client.get(reverse("referrals:referral_list")).content.decode()
    assert "Dee&#x27;s children" in listed or "Dee's children" in listed
    detail = client.get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "07700 900123" in detail and "No: do not leave a message" in detail
    assert "nobody has picked it up yet" in detail
    today = client.get(reverse("caseload:today")).content.decode()
    assert "nobody has picked it up" in today

    client.force_login(outsider)
    assert client.get(reverse("referrals:referral_detail", args=[referral.pk])).status_code == 404


def test_whoever_takes_the_next_step_holds_the_request(client, route, colleague):
    client.post(ASK, A_REQUEST)
    referral = Referral.objects.get()
    client.force_login(colleague)
    client.post(
        reverse("referrals:referral_detail", args=[referral.pk]), {"to": "offered", "reason": ""}
    )
    referral.refresh_from_db()
    assert (referral.status, referral.received_by) == ("offered", colleague)
    events = referral.events.order_by("at")
    assert [e.by for e in events] == [None, colleague]


def test_a_request_in_welsh_is_all_in_welsh_and_marked_for_a_welsh_reply(client, route):
    english = client.get(ASK).content.decode()
    welsh = client.get(ASK + "?lang=cy").content.decode()
    assert left_in_english(english, welsh) == set()
    errors = client.post(ASK + "?lang=cy", {"name": "Dee"}).content.decode()
    assert "Mae yna broblem" in errors and "Dewiswch pwy sy&#x27;n gofyn" in errors
    assert "Rhowch rif ffôn neu gyfeiriad e-bost" in errors and 'value="Dee"' in errors
    sent = client.post(ASK + "?lang=cy", A_REQUEST, follow=True)
    assert sent.redirect_chain == [(reverse("families:ask_sent") + "?lang=cy", 302)]
    assert "Cais wedi'i anfon" in sent.content.decode()
    assert FamilyRequest.objects.get().language == "cy"


def test_the_form_says_what_is_missing_and_keeps_what_was_typed(client, route):
    page = client.post(
        ASK, {"asker": "carer", "child_1_age": "7", "child_2_name": "Leo", "best_time": "Evenings"}
    ).content.decode()
    assert "There is a problem" in page
    for message in (
        "Enter your first name",
        "Enter a phone number or an email address",
        "Select yes if it is safe to leave a message",
        "Enter the child&#x27;s first name",
        "Enter the child&#x27;s age",
    ):
        assert message in page, message
    assert 'value="Evenings"' in page and not Referral.objects.exists()


def test_a_robot_filling_the_hidden_box_is_thanked_and_nothing_is_kept(client, route):
    response = client.post(ASK, A_REQUEST | {"website": "https://spam.example"})
    assert response.status_code == 302 and response["Location"] == reverse("families:ask_sent")
    assert not Referral.objects.exists() and not FamilyRequest.objects.exists()


def test_too_many_requests_from_one_address_are_refused_with_a_page(client, route):
    """100 in a row from one address: the first few are sent, the rest refused with a GOV.UK
    page (429), and nothing of a refused one is kept."""
    statuses = [client.post(ASK, A_REQUEST).status_code for _ in range(100)]
    assert statuses == [302] * FAMILY_REQUESTS_PER_HOUR + [429] * (100 - FAMILY_REQUESTS_PER_HOUR)
    refused = client.post(ASK, A_REQUEST)
    assert refused.status_code == 429 and "You have asked many times" in refused.content.decode()
    assert "govuk-template" in refused.content.decode()
    assert Referral.objects.count() == FamilyRequest.objects.count() == FAMILY_REQUESTS_PER_HOUR
    # Another address is not held back, and an hour later the first may ask again.
    assert client.post(ASK, A_REQUEST, REMOTE_ADDR="192.0.2.7").status_code == 302
    FamilyRequest.objects.update(created_at=timezone.now() - timedelta(hours=1, minutes=1))
    assert client.post(ASK, A_REQUEST).status_code == 302


def test_without_a_route_for_families_the_page_says_how_else_to_ask(client):
    page = client.get(ASK).content.decode()
    assert "You cannot ask online here yet" in page and "<form" not in page.split("<main")[1]
    assert client.post(ASK, A_REQUEST).status_code == 200 and not Referral.objects.exists()


TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["x" * 10_000, "\u202eevil\u202c", "a\x00b", "<script>alert(1)</script>", "<b>Dee</b>"]
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(values=st.fixed_dictionaries({name: TEXT for name in A_REQUEST}))
def test_hostile_input_never_breaks_the_form_and_a_refusal_keeps_nothing(client, route, values):
    FamilyRequest.objects.all().delete()  # each example starts under the limit
    before = Referral.objects.count()
    response = client.post(ASK, values)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Referral.objects.count() == before
        assert "<script>alert(1)</script>" not in response.content.decode()


def test_what_a_family_wrote_is_shown_escaped_to_the_practitioner(client, route, colleague):
    client.post(ASK, A_REQUEST | {"name": "<b>Dee</b>", "anything_else": "<script>x()</script>"})
    referral = Referral.objects.get()
    client.force_login(colleague)
    page = client.get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "<script>x()</script>" not in page and "&lt;script&gt;x()&lt;/script&gt;" in page
    assert "<b>Dee</b>" not in page


# Posters and flyers ---------------------------------------------------------------------------


def test_the_poster_and_flyer_carry_the_words_and_the_address_of_the_form(client):
    poster = client.get(reverse("families:poster"))
    assert poster["Content-Type"] == "application/pdf"
    text = pdf_text(poster.content)
    assert "Help for your child" in text and "http://testserver/families/ask/" in text
    assert len(PdfReader(io.BytesIO(poster.content)).pages) == 1
    welsh_poster = client.get(reverse("families:poster") + "?lang=cy").content
    assert len(PdfReader(io.BytesIO(welsh_poster)).pages) == 1  # Welsh is longer: still one
    welsh = pdf_text(welsh_poster)
    assert "Help i'ch plentyn" in welsh and "/families/ask/?\nlang=cy" in welsh  # wrapped
    flyer = client.get(reverse("families:flyer"))
    pages = PdfReader(io.BytesIO(flyer.content)).pages
    assert len(pages) == 2
    assert "Help for your child" in pages[0].extract_text()
    assert "Help i'ch plentyn" in pages[1].extract_text()


def test_the_referral_names_a_parent_only_when_a_parent_asked_and_is_written_in_english(
    client, route
):
    client.post(ASK + "?lang=cy", A_REQUEST | {"asker": "young_person", "name": "Nia"})
    referral = Referral.objects.get()
    assert referral.mother_name == "(not given)"
    assert referral.referred_by == "Nia (i am the young person), through the public form"
    client.post(ASK, A_REQUEST | {"asker": "professional", "name": "Ms Khan", "parent_name": "Dee"})
    assert Referral.objects.get(mother_name="Dee").referred_by.startswith("Ms Khan (")


def test_one_ipv6_household_counts_as_one_address():
    assert sent_from_key("2001:db8:1:2::10") == sent_from_key("2001:db8:1:2:ffff::1")
    assert sent_from_key("2001:db8:1:3::10") != sent_from_key("2001:db8:1:2::10")
    assert sent_from_key("192.0.2.1") != sent_from_key("192.0.2.2")


def test_what_the_family_wrote_is_in_the_childs_whole_record_once_linked(client, route, colleague):
    from records.selectors import child_record
    from referrals.services import referral_link_family
    from tests.factories import ChildFactory

    client.post(ASK, A_REQUEST | {"anything_else": "Mia is scared of the police"})
    referral = Referral.objects.get()
    child = ChildFactory(created_by=colleague, preferred_name="Mia")
    referral_link_family(referral=referral, family=child.family, actor=colleague)
    referral.refresh_from_db()
    assert referral.received_by == colleague  # linking it picks it up
    part = next(p for p in child_record(child).parts if p.slug == "referrals")
    shown = [value for entry in part.entries for _name, _label, value, _stored in entry.fields]
    assert "Mia is scared of the police" in shown and "07700 900123" in shown
    names = [name for entry in part.entries for name, *_ in entry.fields]
    assert "sent_from" not in names
