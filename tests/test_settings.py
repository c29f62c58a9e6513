"""Settings come from the environment; production refuses to start without a secret."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings


def _load_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DEMO_MODE"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import cia_portal.settings as s; print(s.DATABASES['default']['ENGINE'], s.DEBUG)",
        ],
        env=clean | env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _load_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_mode_starts_on_embedded_sqlite():
    result = _load_settings({"DEBUG": "1"})
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True"]


def test_database_url_selects_postgresql():
    result = _load_settings(
        {"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/cia"}
    )
    assert result.stdout.split() == ["django.db.backends.postgresql", "False"]


def test_the_suite_itself_runs_on_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_models_and_migrations_agree(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


# The demo (`make run`) ----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, *, wait_seconds: float = 60) -> tuple[int, str]:
    """The status and body of `url`, waiting for the server to start listening."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_the_demo_serves_the_govuk_error_pages_not_djangos_debug_pages(tmp_path):
    """`make run`'s own server command, as make would run it, answers an unknown address with
    the portal's 'Page not found', not Django's yellow debug page."""
    secret = tmp_path / "secret"
    secret.write_text("demo-" * 10)
    port = _free_port()
    dry_run = subprocess.run(
        ["make", "-n", "run", f"HOST=127.0.0.1:{port}", f"DEMO_SECRET_KEY_FILE={secret}"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    serve = next(line for line in dry_run.stdout.splitlines() if "manage.py runserver" in line)
    assert "DEBUG= " in serve and "DEMO_MODE=1" in serve
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DEMO_MODE", "HTTPS", "ALLOWED_HOSTS"}
    }
    server = subprocess.Popen(
        ["bash", "-c", serve.replace("runserver", "runserver --noreload")],
        cwd=settings.BASE_DIR,
        env=env | {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        status, page = _get(f"http://127.0.0.1:{port}/no-such-page/")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    assert status == 404
    assert "Page not found" in page and "govuk-template" in page
    assert "Django tried these URL patterns" not in page and "DEBUG = True" not in page
