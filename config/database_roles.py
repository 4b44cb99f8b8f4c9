"""The two database roles: who may do what in the database (docs/decisions/0006-database-roles.md).

- The **owner** role (``DATABASE_OWNER_URL``) owns the database, its ``public`` schema and
  every table, and runs ``manage.py migrate``. No one else connects as it.
- The **application** role (``DATABASE_URL``) is what the web process, the Celery worker and
  beat connect as: SELECT, INSERT, UPDATE and DELETE on the tables, but only SELECT and INSERT
  on the access log, and only SELECT on ``django_migrations``. It owns nothing, so it cannot
  TRUNCATE, ALTER a table or DISABLE TRIGGER, and it is no superuser, so it cannot set
  ``session_replication_role`` to skip the triggers.

Two idempotent steps, each with the least power it needs:

1. :func:`create_roles`, as a superuser: creates both roles (or puts their attributes and
   passwords right), and makes the owner own the database, the schema and whatever is
   already in it (tables an earlier setup made as another role). ``python -m
   config.database_roles`` runs it from ``DATABASE_SUPERUSER_URL``, ``DATABASE_OWNER_URL``
   and ``DATABASE_URL`` (docker-compose's migrate step, a production host); ``make run``
   runs it on the embedded PostgreSQL (``config.embedded --app-role``).
2. :func:`grant_app_role`, as the owner, at the end of every ``manage.py migrate``
   (``accounts/management/commands/migrate.py``): sets the application role's privileges on
   every table and sequence, so tables a new migration made are granted at once.

Only the standard library and psycopg: ``config.embedded`` uses this without Django.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from psycopg import sql

# What a role may never be or do; the same for both roles.
ROLE_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
# Quoted identifiers could hold anything; plain names keep the setup readable in psql.
ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class RoleSetupError(Exception):
    """The roles cannot be set up as asked; the message says why, in Dutch."""


def _role(name: str) -> sql.Identifier:
    if not ROLE_NAME.fullmatch(name):
        raise RoleSetupError(f"Ongeldige rolnaam {name!r}: gebruik kleine letters, cijfers en '_'.")
    return sql.Identifier(name)


def create_roles(
    cursor,
    *,
    database: str,
    owner: str,
    app: str,
    owner_password: str | None = None,
    app_password: str | None = None,
) -> None:
    """Create the owner and application roles and hand the database to the owner.

    Runs as a superuser, connected to ``database``, inside the caller's transaction.
    Idempotent: existing roles get the attributes (and the password, when given) again.
    Refuses a role that is a superuser: the application must never connect as one.
    """
    if owner == app:
        raise RoleSetupError("De eigenaar en de applicatie moeten twee verschillende rollen zijn.")
    for name, password in ((owner, owner_password), (app, app_password)):
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [name])
        row = cursor.fetchone()
        if row and row[0]:
            raise RoleSetupError(
                f"De rol {name} is superuser; kies voor de eigenaar en de applicatie rollen "
                "zonder superuserrechten (docs/decisions/0006-database-roles.md)."
            )
        statement = sql.SQL("{verb} ROLE {role} WITH " + ROLE_ATTRIBUTES).format(
            verb=sql.SQL("ALTER" if row else "CREATE"), role=_role(name)
        )
        if password:
            statement += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
        cursor.execute(statement)

    owner_id = _role(owner)
    cursor.execute(
        sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), owner_id)
    )
    cursor.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(owner_id))
    # Before PostgreSQL 15 every role could create tables in public.
    cursor.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    for statement in _ownership_transfers(cursor, owner):
        cursor.execute(statement)


def _ownership_transfers(cursor, owner: str) -> list[str]:
    """ALTER ... OWNER statements for what is in public but not the owner's: tables, views and
    sequences (those of a serial or identity column follow their table) and functions,
    never the objects of an extension."""
    cursor.execute(
        """
        SELECT format('ALTER %%s %%s OWNER TO %%I',
                      CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                     WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                      c.oid::regclass, %s::text)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public'
          AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
          AND pg_get_userbyid(c.relowner) <> %s
          AND NOT EXISTS (
              SELECT 1 FROM pg_depend d
              WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i')))
          )
        UNION ALL
        SELECT format('ALTER ROUTINE %%s OWNER TO %%I', p.oid::regprocedure, %s::text)
        FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public'
          AND p.prokind IN ('f', 'p')
          AND pg_get_userbyid(p.proowner) <> %s
          AND NOT EXISTS (
              SELECT 1 FROM pg_depend d
              WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
          )
        """,
        [owner, owner, owner, owner],
    )
    return [row[0] for row in cursor.fetchall()]


def grant_app_role(
    cursor, *, app: str, append_only: Iterable[str], read_only: Iterable[str] = ()
) -> None:
    """Give the application role exactly its privileges on every table and sequence in public.

    Runs as the owner, inside the caller's transaction (so no table is ever without its
    grants), after every migrate. Tables in ``append_only`` get SELECT and INSERT, those in
    ``read_only`` SELECT, every other table SELECT, INSERT, UPDATE and DELETE; sequences USAGE
    and SELECT (nextval for new rows). Whatever else the role held is revoked. No TRUNCATE,
    REFERENCES or TRIGGER anywhere, and no CREATE in the schema.
    """
    app_id = _role(app)
    cursor.execute(
        """
        SELECT c.relname, pg_get_userbyid(c.relowner) = current_user
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        ORDER BY c.relname
        """
    )
    rows = cursor.fetchall()
    not_owned = [name for name, owned in rows if not owned]
    if not_owned:
        raise RoleSetupError(
            "Deze tabellen zijn niet van de eigenaarsrol en krijgen dus geen rechten: "
            f"{', '.join(not_owned)}. Draai eerst `python -m config.database_roles` "
            "(docs/decisions/0006-database-roles.md)."
        )
    tables = [name for name, _owned in rows]
    append_only, read_only = set(append_only), set(read_only)
    privileges = {
        "SELECT, INSERT": [t for t in tables if t in append_only],
        "SELECT": [t for t in tables if t in read_only and t not in append_only],
        "SELECT, INSERT, UPDATE, DELETE": [
            t for t in tables if t not in append_only and t not in read_only
        ],
    }
    statements = [
        sql.SQL("REVOKE ALL ON SCHEMA public FROM {}").format(app_id),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(app_id),
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(app_id),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(app_id),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(app_id),
    ]
    for granted, names in privileges.items():
        if names:
            statements.append(
                sql.SQL("GRANT {} ON TABLE {} TO {}").format(
                    sql.SQL(granted), sql.SQL(", ").join(map(sql.Identifier, names)), app_id
                )
            )
    for statement in statements:
        cursor.execute(statement)


# --- python -m config.database_roles -------------------------------------------------------


def _conninfo(url: str) -> str:
    """libpq reads postgresql:// URLs; ours (django-environ's) may say postgres://."""
    return "postgresql" + url[url.index(":") :] if url.startswith("postgres:") else url


def _user_password_database(url: str) -> tuple[str, str | None, str]:
    parts = urlsplit(url)
    if not parts.username:
        raise RoleSetupError(f"Er staat geen gebruiker in {parts.scheme}://…{parts.path}.")
    password = unquote(parts.password) if parts.password else None
    return unquote(parts.username), password, unquote(parts.path.lstrip("/"))


def setup_roles(*, superuser_url: str, owner_url: str, app_url: str) -> tuple[str, str, str]:
    """Step 1 from three URLs: the roles and passwords are those of the owner and app URLs,
    which must name the same database as the superuser URL. Returns (database, owner, app)."""
    import psycopg

    owner, owner_password, owner_database = _user_password_database(owner_url)
    app, app_password, app_database = _user_password_database(app_url)
    database = urlsplit(superuser_url).path.lstrip("/")
    if not database or {owner_database, app_database} != {database}:
        raise RoleSetupError(
            "DATABASE_SUPERUSER_URL, DATABASE_OWNER_URL en DATABASE_URL moeten dezelfde "
            f"database noemen (nu: {database!r}, {owner_database!r}, {app_database!r})."
        )
    with psycopg.connect(_conninfo(superuser_url)) as connection, connection.cursor() as cursor:
        create_roles(
            cursor,
            database=database,
            owner=owner,
            app=app,
            owner_password=owner_password,
            app_password=app_password,
        )
    return database, owner, app


def main() -> int:
    missing = [
        name
        for name in ("DATABASE_SUPERUSER_URL", "DATABASE_OWNER_URL", "DATABASE_URL")
        if not os.environ.get(name)
    ]
    if missing:
        sys.stderr.write(f"Zet eerst {', '.join(missing)} (zie .env.example).\n")
        return 2
    try:
        database, owner, app = setup_roles(
            superuser_url=os.environ["DATABASE_SUPERUSER_URL"],
            owner_url=os.environ["DATABASE_OWNER_URL"],
            app_url=os.environ["DATABASE_URL"],
        )
    except RoleSetupError as error:
        sys.stderr.write(f"{error}\n")
        return 1
    sys.stdout.write(
        f"Database {database}: eigenaar {owner}, applicatie {app}. Draai nu "
        "`python manage.py migrate`: die verbindt als de eigenaar en geeft de applicatie "
        "haar rechten.\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
