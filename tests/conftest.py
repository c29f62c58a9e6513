import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from PIL import Image

from assessments.services import drawing_add
from cia_portal.accounts import two_factor
from tests.factories import (
    AgreedActionFactory,
    CarerFactory,
    ChildFactory,
    CompletedAssessmentFactory,
    ParentChildLinkFactory,
    UserFactory,
)

pytest_plugins = ["tests.evaluation_world"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Drawings go to a fresh private folder for each test."""
    settings.MEDIA_ROOT = str(tmp_path / "private")


class SignedInClient(Client):
    """`force_login` as someone who has given both their password and their two-factor code
    (tests/test_two_factor.py proves the code is asked for)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = two_factor.app_device_ready(user=user)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def client():
    return SignedInClient()


@pytest.fixture
def admin_client(admin_user):
    client = SignedInClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def practitioner(db):
    return UserFactory()


@pytest.fixture
def outsider(db):
    """Another practitioner, in another organisation, with no case of ours."""
    return UserFactory()


@pytest.fixture
def child(practitioner):
    return ChildFactory(created_by=practitioner)


@pytest.fixture
def practitioner_client(client, practitioner):
    client.force_login(practitioner)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


def png_bytes(size=(40, 30), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def case(practitioner):
    """A child with a parent, a carer, a conversation with a drawing, and an action."""
    link = ParentChildLinkFactory(child__created_by=practitioner)
    child = link.child
    assessment = CompletedAssessmentFactory(child=child)
    drawing = drawing_add(
        assessment=assessment,
        actor=practitioner,
        image=SimpleUploadedFile("d.png", png_bytes(), content_type="image/png"),
    )
    return {
        "child": child,
        "link": link,
        "assessment": assessment,
        "drawing": drawing,
        "carer": CarerFactory(family=child.family),
        "action": AgreedActionFactory(child=child),
    }
