"""The portal's icon: linked from every page, and /favicon.ico answers (no 404 in the log)."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_icon_in_the_static_files(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/images/favicon.ico"
    with Image.open(finders.find("images/favicon.ico")) as icon:
        assert icon.format == "ICO"


def test_every_page_links_the_icon(client):
    page = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/images/favicon.ico"' in page
    assert '<link rel="icon" href="/static/images/favicon.svg" type="image/svg+xml">' in page
    assert Path(finders.find("images/favicon.svg")).read_text().startswith("<svg")
