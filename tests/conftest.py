import io

import pytest
from PIL import Image

from tests.factories import ChildFactory, UserFactory

pytest_plugins = ["tests.evaluation_world"]


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Drawings go to a fresh private folder for each test."""
    settings.MEDIA_ROOT = str(tmp_path / "private")


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
