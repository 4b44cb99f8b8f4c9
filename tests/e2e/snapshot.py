"""A copy of every table of the test database, taken once and put back before each browser
test: the live server reads committed rows, so each test commits and is flushed afterwards,
and seeding the demo for every test would take longer than the tests themselves.

PostgreSQL's COPY in binary format, so a restore takes about a second. Foreign keys made by
Django are deferred until commit, so the order of the tables does not matter; the project's
own triggers (a published NZa quarter refuses changes, for one) are switched off while the
rows are deleted and put back, inside the same transaction.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

Snapshot = dict[str, bytes]


def _tables(connection: BaseDatabaseWrapper) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def take(connection: BaseDatabaseWrapper) -> Snapshot:
    """Every table the ORM knows (the ones `flush` empties), as COPY's binary format."""
    quote = connection.ops.quote_name
    snapshot: Snapshot = {}
    with connection.cursor() as cursor:
        for table in _tables(connection):
            content = bytearray()
            with cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                for chunk in copy:
                    content += chunk
            snapshot[table] = bytes(content)
    return snapshot


def save(snapshot: Snapshot, folder: Path) -> None:
    """One file per table; the folder appears complete or not at all."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)  # left by a worker that failed half-way
    partial.mkdir()
    for table, content in snapshot.items():
        (partial / table).write_bytes(content)
    partial.rename(folder)


def load(folder: Path) -> Snapshot:
    return {file.name: file.read_bytes() for file in sorted(folder.iterdir())}


def restore(connection: BaseDatabaseWrapper, snapshot: Snapshot) -> None:
    """Empty the tables and put the snapshot back, in one transaction; the sequences are set
    past the restored ids, as loaddata does. DELETE rather than TRUNCATE: the tables are
    small, and TRUNCATE makes new files for every table and index, which takes seconds."""
    quote = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
        )
        with_triggers = sorted({row[0].strip('"') for row in cursor.fetchall()} & set(snapshot))
        for table in with_triggers:
            cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
        for table in snapshot:  # names from the database's own catalogue, quoted
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for table, content in snapshot.items():
            with cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(content)
        # check the foreign keys now: a table with pending checks cannot be altered
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in with_triggers:
            cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
