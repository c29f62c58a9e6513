"""The backup in docs/deployment.md works: a pg_dump of a database with every kind of record
restores into a fresh database with the same rows in every table, checked by count and by a
checksum of the rows' contents."""

import subprocess

import psycopg2
import pytest
from django.db import connection

from assessments import services
from tests.factories import (
    AgreedActionFactory,
    CompletedAssessmentFactory,
    ConsentFactory,
    OverrideFactory,
    ParentChildLinkFactory,
    UserFactory,
)
from tests.with_postgres import _pg_bin

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees only committed rows

RESTORED = "cia_portal_restore_check"


def _url(name: str) -> str:
    db = connection.settings_dict
    return f"postgresql://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def _tables_summary(cursor) -> dict[str, tuple[int, str]]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    summary = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
            f' FROM "{table}" t'  # table names from the catalogue
        )
        summary[table] = cursor.fetchone()
    return summary


def test_a_dump_restores_into_a_fresh_database_with_every_row(tmp_path):
    holder = UserFactory()
    link = ParentChildLinkFactory(child__created_by=holder)
    CompletedAssessmentFactory(child=link.child)
    AgreedActionFactory(child=link.child)
    consent = ConsentFactory(child=link.child, recorded_by=holder)
    services.consent_withdraw(consent=consent, actor=holder, note="Changed my mind")
    OverrideFactory(child=link.child, recipient_user=UserFactory())

    dump = tmp_path / "cia_portal.dump"
    bindir = _pg_bin()
    source = connection.settings_dict["NAME"]
    subprocess.run(
        [f"{bindir}/pg_dump", "--format=custom", f"--file={dump}", _url(source)], check=True
    )
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORED}"')
        cursor.execute(f'CREATE DATABASE "{RESTORED}"')
    try:
        subprocess.run(
            [f"{bindir}/pg_restore", "--no-owner", f"--dbname={_url(RESTORED)}", str(dump)],
            check=True,
        )
        with connection.cursor() as cursor:
            original = _tables_summary(cursor)
        with psycopg2.connect(_url(RESTORED)) as restored_db, restored_db.cursor() as cursor:
            restored = _tables_summary(cursor)
        restored_db.close()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORED}"')

    assert restored == original
    assert original["assessments_child"][0] == 1 and original["audit_auditevent"][0] > 0
    assert original["assessments_consent"][0] == 1
