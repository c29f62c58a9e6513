"""Settings come from the environment; production refuses to start without a secret."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
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


# SQLite for the demo: a few people saving at once -------------------------------------------

WRITERS = """
import json, sys, threading, time
import django
django.setup()
from django.db import connection, connections, transaction
if sys.argv[1:] == ["deferred"]:  # the control: SQLite's default transactions
    connection.settings_dict["OPTIONS"].pop("transaction_mode")
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE counter (n integer)")
    cursor.execute("INSERT INTO counter VALUES (0)")
connections.close_all()
errors = []

def save_fifteen_times():  # read, think, write: as a form's service does
    try:
        for _ in range(15):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                n = cursor.fetchone()[0]
                time.sleep(0.002)
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()

people = [threading.Thread(target=save_fifteen_times) for _ in range(6)]
for person in people:
    person.start()
for person in people:
    person.join()
with connection.cursor() as cursor:
    cursor.execute("SELECT n FROM counter")
    saved = cursor.fetchone()[0]
    cursor.execute("PRAGMA journal_mode")
    journal = cursor.fetchone()[0]
print(json.dumps({"errors": errors, "saved": saved, "journal": journal}))
"""


def _six_people_saving(folder, *args) -> dict:
    folder.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DEMO_MODE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", WRITERS, *args],
        env=env
        | {
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "cia_portal.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sqlite_waits_its_turn_with_a_write_ahead_log():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import cia_portal.settings as s; import json; "
            "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))",
        ],
        env={k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
        | {"DEBUG": "1"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    options = json.loads(result.stdout)
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]
    assert "synchronous=NORMAL" in options["init_command"]
    assert "transaction_mode" not in settings.DATABASES["default"].get("OPTIONS", {})  # PG


@pytest.mark.django_db
def test_postgresql_does_not_compile_the_portals_queries():
    """JIT compiling cost the evaluation's counts more than running them (settings.py)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_six_people_saving_at_once_on_the_demo_database_all_succeed(tmp_path):
    """Through Django with the settings' SQLite options: no 'database is locked', nothing lost.
    The control, with SQLite's default transactions, shows the test can see the failure."""
    together = _six_people_saving(tmp_path / "immediate")
    assert together == {"errors": [], "saved": 6 * 15, "journal": "wal"}
    control = _six_people_saving(tmp_path / "deferred", "deferred")
    assert any("database is locked" in error for error in control["errors"])
