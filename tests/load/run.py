"""`make loadtest`: many practitioners at once against gunicorn and PostgreSQL, on loopback.

    python tests/with_postgres.py python tests/load/run.py [--users 50] [--seconds 60]

Makes a database, gives each simulated practitioner three cases and a conversation of their
own, starts gunicorn, runs locust headless for the time given, then checks the database:
every save the server confirmed must be there (an audit row each, and the last text as the
conversation's answer). Prints each request's count, errors, median and 95th percentile, and
exits 1 on any error or lost write. Not part of `make test`: timings belong here.
"""

import argparse
import csv
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cia_portal.settings")
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_database(url: str) -> None:
    import psycopg2

    parts = urlparse(url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port, user=parts.username, dbname="postgres"
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{parts.path.lstrip("/")}"')
    connection.close()


def _seed(users: int) -> list[dict]:
    """Each practitioner holds three children and has a conversation under way with one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import PASSWORD, AssessmentFactory, ParentChildLinkFactory, UserFactory

    people = []
    for n in range(users):
        person = UserFactory(username=f"load{n}")
        children = [ParentChildLinkFactory(child__created_by=person).child for _ in range(3)]
        people.append(
            {
                "username": person.username,
                "password": PASSWORD,
                "key": TOTPDevice.objects.get(user=person).key,
                "children": [str(c.pk) for c in children],
                "assessment": str(AssessmentFactory(child=children[0]).pk),
            }
        )
    return people


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            sys.exit("gunicorn stopped before it answered")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1):  # noqa: S310 (loopback)
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not answer within 20 seconds")


def _lost_writes(people: list[dict], ledger: dict) -> tuple[int, int, list[str]]:
    """(confirmed saves, saves found in the database, problems)."""
    from assessments.models import Assessment
    from cia_portal.audit.models import AuditEvent

    confirmed = found = 0
    problems = []
    for person in people:
        expected = ledger.get(person["assessment"], {"saves": 0, "last": ""})
        in_db = AuditEvent.objects.filter(
            action=AuditEvent.Action.UPDATE, object_id=person["assessment"]
        ).count()
        confirmed += expected["saves"]
        found += in_db
        worries = Assessment.objects.get(pk=person["assessment"]).worries
        if in_db != expected["saves"] or worries != expected["last"]:
            problems.append(
                f"{person['username']}: {expected['saves']} saves confirmed, {in_db} in the "
                f"database; last confirmed {expected['last']!r}, stored {worries!r}"
            )
    return confirmed, found, problems


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    create_database(os.environ["DATABASE_URL"])
    manage = [str(BIN / "python"), str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], check=True)
    import django

    django.setup()
    people = _seed(args.users)
    work = Path(tempfile.mkdtemp(prefix="cia-load-"))
    (work / "people.json").write_text(json.dumps(people))
    out = ROOT / "var" / "loadtest"
    out.mkdir(parents=True, exist_ok=True)

    base = f"http://127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "cia_portal.wsgi", "--bind", base.removeprefix("http://")]
        + ["--workers", str(args.workers), "--threads", "4", "--worker-class", "gthread"]
        # Idle connections outlive the simulated think time (0.5 to 2 s): with gunicorn's 2 s
        # default a request can be sent just as the server closes the connection under it.
        + ["--keep-alive", "5"]
        + ["--access-logfile", str(out / "access.log"), "--log-level", "warning"],
        cwd=ROOT,
        env=dict(os.environ, ALLOWED_HOSTS="127.0.0.1"),
    )
    try:
        _wait_until_up(base, server)
        started = time.monotonic()
        subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "tests" / "load" / "locustfile.py")]
            + ["--headless", "--users", str(args.users), "--spawn-rate", "10"]
            + ["--run-time", f"{args.seconds}s", "--stop-timeout", "15", "--host", base]
            + ["--csv", str(out / "locust"), "--only-summary", "--loglevel", "WARNING"],
            env=dict(
                os.environ,
                LOADTEST_PEOPLE=str(work / "people.json"),
                LOADTEST_LEDGER=str(work / "ledger.json"),
            ),
            check=False,
            stdout=(out / "locust.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    ledger = json.loads((work / "ledger.json").read_text())
    confirmed, found, problems = _lost_writes(people, ledger)
    with open(out / "locust_stats.csv") as stats_file:
        rows = list(csv.DictReader(stats_file))
    print(
        f"\nLoad test: {args.users} practitioners for {args.seconds} s ({elapsed:.0f} s in all), "
        f"gunicorn ({args.workers} workers x 4 threads) and PostgreSQL on loopback;\n"
        f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}.\n"
    )
    print(f"{'request':<22}{'count':>8}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}")
    for row in rows:
        name = f"{row['Type']} {row['Name']}".strip()
        print(
            f"{name:<22}{row['Request Count']:>8}{row['Failure Count']:>8}"
            f"{row['50%']:>9}{row['95%']:>9}{float(row['Requests/s']):>8.1f}"
        )
    errors = int(rows[-1]["Failure Count"])
    print(f"\nSaves confirmed by the server: {confirmed}; found in the database: {found}.")
    print(f"Lost writes: {len(problems)}. Errors: {errors}.")
    for problem in problems:
        print(f"  {problem}")
    print(f"Details: {out}/ (locust CSV files, gunicorn access log)")
    return 1 if errors or problems or confirmed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
