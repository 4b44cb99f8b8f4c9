"""Bulk loading with PostgreSQL COPY: id blocks, text rows, and loading without the secondary
indexes and foreign keys, which are put back (and so checked) afterwards.

Inserting millions of rows through six indexes and three foreign-key triggers is ten times
slower than loading the bare table and building the indexes once. ``indexen_weg`` keeps
the primary key and the check constraints in place and drops the other indexes, unique
constraints and foreign keys of the tables; ``indexen_terug`` re-creates them from their own
definitions (pg_get_indexdef / pg_get_constraintdef). Re-creating a unique index or
adding a foreign key checks every row, so the loaded data satisfies exactly the same
constraints as rows inserted one by one; a violation aborts the seeding transaction.
Everything runs inside the caller's transaction: on an error nothing is left behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection

NULL = r"\N"


class Ids:
    """Primary keys handed out in Python, so rows can refer to each other before they are
    loaded. The table's identity sequence is moved past them at the end (``sluit``)."""

    def __init__(self, tabel: str):
        self.tabel = tabel
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {tabel}")  # noqa: S608 - our table names
            self.laatste = cursor.fetchone()[0]

    def volgende(self) -> int:
        self.laatste += 1
        return self.laatste

    def sluit(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(%s, 1), %s)",
                [self.tabel, self.laatste, self.laatste > 0],
            )


@contextmanager
def copy(tabel: str, kolommen: list[str]) -> Iterator[_Schrijver]:
    """COPY ... FROM STDIN in text format; write rows with ``schrijf`` (tab-separated, already
    escaped: the generator only writes values without tabs, newlines or backslashes)."""
    sql = f"COPY {tabel} ({', '.join(kolommen)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as stream:
        schrijver = _Schrijver(stream)
        yield schrijver
        schrijver.leeg()


class _Schrijver:
    BUFFER = 5000

    def __init__(self, stream):
        self.stream = stream
        self.regels: list[str] = []
        self.aantal = 0

    def schrijf(self, regel: str) -> None:
        """One row: the values joined by tabs, ending with a newline."""
        self.regels.append(regel)
        if len(self.regels) >= self.BUFFER:
            self.leeg()

    def leeg(self) -> None:
        if self.regels:
            self.stream.write("".join(self.regels))
            self.aantal += len(self.regels)
            self.regels = []


@dataclass
class Indexen:
    """The secondary indexes, unique constraints and foreign keys of some tables."""

    constraints: list[tuple[str, str, str]]  # (table, name, definition)
    indexen: list[tuple[str, str]]  # (name, definition)


def indexen_weg(tabellen: list[str]) -> Indexen:
    """Drop the secondary indexes, unique constraints and foreign keys of the tables (the
    primary keys and check constraints stay); ``indexen_terug`` puts them back."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')
            ORDER BY c.conname
            """,
            [tabellen],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(i.oid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = ANY(%s::regclass[]) AND NOT x.indisprimary
              AND NOT EXISTS (
                  SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid
              )
            ORDER BY i.relname
            """,
            [tabellen],
        )
        indexen = cursor.fetchall()
        # Django's foreign keys are deferred: rows inserted earlier in this transaction have
        # checks pending, and PostgreSQL refuses to alter a table with pending checks
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for tabel, naam, _definitie in constraints:
            cursor.execute(f'ALTER TABLE {tabel} DROP CONSTRAINT "{naam}"')
        for naam, _definitie in indexen:
            cursor.execute(f'DROP INDEX "{naam}"')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return Indexen(constraints=constraints, indexen=indexen)


def indexen_terug(weg: Indexen) -> None:
    """Re-create what ``indexen_weg`` dropped: unique constraints and indexes first, then the
    foreign keys. Each is checked against every loaded row."""
    uniek = [c for c in weg.constraints if not c[2].startswith("FOREIGN KEY")]
    sleutels = [c for c in weg.constraints if c[2].startswith("FOREIGN KEY")]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for tabel, naam, definitie in uniek:
            cursor.execute(f'ALTER TABLE {tabel} ADD CONSTRAINT "{naam}" {definitie}')
        for _naam, definitie in weg.indexen:
            cursor.execute(definitie)
        for tabel, naam, definitie in sleutels:
            cursor.execute(f'ALTER TABLE {tabel} ADD CONSTRAINT "{naam}" {definitie}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


# --- Formatting values for COPY text format -------------------------------------------------

_DATUMS: dict[int, str] = {}


def datum(ordinal: int | None) -> str:
    """An ordinal as 'YYYY-MM-DD' (cached: a few thousand distinct days), None as NULL."""
    if ordinal is None:
        return NULL
    tekst = _DATUMS.get(ordinal)
    if tekst is None:
        tekst = _DATUMS[ordinal] = dt.date.fromordinal(ordinal).isoformat()
    return tekst


def tijdstip(ordinal: int, uur: int = 9) -> str:
    """A moment on that day (Amsterdam time) as timestamptz text."""
    return f"{datum(ordinal)} {uur:02d}:00:00+01"


def nullable(waarde) -> str:
    return NULL if waarde is None else str(waarde)


def tekst(waarde: str) -> str:
    """Free text for COPY: backslash, tab and newline escaped."""
    return waarde.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
