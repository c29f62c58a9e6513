"""The menu: the links for the person's own roles, drawn once for everyone with those roles
(templates/base.html caches it), whoever asked first."""

import pytest
from django.urls import reverse

from cia_portal.accounts.models import Role
from tests.conftest import SignedInClient
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _menu(user) -> str:
    client = SignedInClient()
    client.force_login(user)
    page = client.get(reverse("notification_list")).content.decode()
    return page[page.index('id="navigation"') : page.index("</ul>", page.index('id="navigation"'))]


def test_each_person_sees_the_links_for_their_own_roles_whoever_came_first():
    practitioner = UserFactory(roles=[Role.PRACTITIONER])
    auditor = UserFactory(roles=[Role.AUDITOR])
    my_cases, audit = reverse("assessments:my_cases"), reverse("audit_trail")
    for _ in range(2):  # the second time from the cache
        menu = _menu(practitioner)
        assert my_cases in menu and audit not in menu
        menu = _menu(auditor)
        assert audit in menu and my_cases not in menu
