"""The application role cannot empty or change the access log; the owner runs into its trigger
(docs/decisions/0006-database-roles.md).

On the real PostgreSQL test database: the two roles are made with config.database_roles (as
`make run` and docker-compose's migrate step do), `manage.py migrate` runs with
DATABASE_OWNER_URL set and DATABASE_URL as the application role, and then the test connects
as each role. The roles have random names and are removed afterwards; the tables go back to
the test suite's own role.
"""

import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.utils import DatabaseError, ProgrammingError

from accounts.models import AccessAction, AccessLogEntry, Notificatie
from config.database_roles import RoleSetupError, create_roles, setup_roles
from tests.accounts.factories import UserFactory


@dataclass(frozen=True)
class Role:
    name: str
    password: str


@dataclass(frozen=True)
class Roles:
    owner: Role
    app: Role


@contextmanager
def connected_as(role: Role):
    """The default connection logs in as ``role`` (a new connection, not SET ROLE)."""
    saved = {key: connection.settings_dict[key] for key in ("USER", "PASSWORD")}
    connection.close()
    connection.settings_dict.update(USER=role.name, PASSWORD=role.password)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def execute(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


@pytest.fixture
def roles(transactional_db, settings):
    """Both roles set up and migrated as in production: DATABASE_URL is the application role,
    DATABASE_OWNER_URL the owner; `migrate` connects as the owner and grants."""
    suffix = secrets.token_hex(4)
    created = Roles(
        owner=Role(f"dn_test_owner_{suffix}", secrets.token_urlsafe(12)),
        app=Role(f"dn_test_app_{suffix}", secrets.token_urlsafe(12)),
    )
    try:
        with connection.cursor() as cursor:
            create_roles(
                cursor,
                database=connection.settings_dict["NAME"],
                owner=created.owner.name,
                app=created.app.name,
                owner_password=created.owner.password,
                app_password=created.app.password,
            )
        settings.DATABASE_OWNER = {
            **connection.settings_dict,
            "USER": created.owner.name,
            "PASSWORD": created.owner.password,
        }
        with connected_as(created.app):
            call_command("migrate", verbosity=0)
        yield created
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS roles_test_nieuw")
            cursor.execute(
                "SELECT rolname FROM pg_roles WHERE rolname IN (%s, %s)",
                [created.owner.name, created.app.name],
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'REASSIGN OWNED BY "{name}" TO CURRENT_USER')
                cursor.execute(f'DROP OWNED BY "{name}"')
                cursor.execute(f'DROP ROLE "{name}"')


def _log_entry() -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        action=AccessAction.LEZEN, object_type="client", object_id="7", outcome="toegestaan"
    )


# Each statement with the refusal PostgreSQL gives the application role.
DENIED = "permission denied for table accounts_accesslogentry"
NOT_OWNER = "must be owner of (table|relation) accounts_accesslogentry"
REFUSED = {
    "UPDATE accounts_accesslogentry SET client_id = 8": DENIED,
    "DELETE FROM accounts_accesslogentry": DENIED,
    "TRUNCATE accounts_accesslogentry": DENIED,
    "ALTER TABLE accounts_accesslogentry DISABLE TRIGGER accounts_accesslog_no_update_or_delete": (
        NOT_OWNER
    ),
    "ALTER TABLE accounts_accesslogentry DISABLE TRIGGER ALL": NOT_OWNER,
    "DROP TRIGGER accounts_accesslog_no_truncate ON accounts_accesslogentry": NOT_OWNER,
    "ALTER TABLE accounts_accesslogentry OWNER TO CURRENT_USER": NOT_OWNER,
    "SET session_replication_role = replica": (
        'permission denied to set parameter "session_replication_role"'
    ),
    "CREATE TABLE eigen_tabel (id int)": "permission denied for schema public",
    "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())": (
        "permission denied for table django_migrations"
    ),
}


def test_app_role_cannot_change_empty_or_unprotect_the_access_log(roles):
    _log_entry()
    not_refused = {}
    with connected_as(roles.app):
        for statement, refusal in REFUSED.items():
            try:
                execute(statement)
            except ProgrammingError as error:
                if not re.search(refusal, str(error)):
                    not_refused[statement] = str(error)
            else:
                not_refused[statement] = "uitgevoerd"
    assert not_refused == {}
    assert AccessLogEntry.objects.count() == 1


def test_app_role_appends_to_the_log_and_does_its_work_on_the_other_tables(roles):
    user = UserFactory()
    with connected_as(roles.app):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_user, usesuper FROM pg_user WHERE usename = current_user"
            )
            assert cursor.fetchone() == (roles.app.name, False)
        entry = _log_entry()
        assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
        notificatie = Notificatie.objects.create(user_id=user.pk, titel="Nieuw")
        Notificatie.objects.filter(pk=notificatie.pk).update(titel="Gelezen")
        assert Notificatie.objects.get(pk=notificatie.pk).titel == "Gelezen"
        notificatie.delete()
    assert not Notificatie.objects.exists()

    # A table a later migration makes is the app's at the next migrate, not before.
    with connected_as(roles.owner):
        execute("CREATE TABLE roles_test_nieuw (id int)")
    with connected_as(roles.app), pytest.raises(ProgrammingError, match="permission denied"):
        execute("INSERT INTO roles_test_nieuw VALUES (1)")
    with connected_as(roles.app):
        call_command("migrate", verbosity=0)
        execute("INSERT INTO roles_test_nieuw VALUES (1)")


def test_owner_cannot_truncate_the_access_log(roles):
    _log_entry()
    with (
        connected_as(roles.owner),
        pytest.raises(DatabaseError, match=r"alleen aan te vullen \(TRUNCATE geweigerd\)"),
    ):
        execute("TRUNCATE accounts_accesslogentry")
    assert AccessLogEntry.objects.count() == 1


def test_migrate_refuses_the_app_role_as_owner(settings):
    settings.DATABASE_OWNER = dict(connection.settings_dict)
    with pytest.raises(CommandError, match="dezelfde rol"):
        call_command("migrate", verbosity=0)


def test_migrate_refuses_an_owner_url_of_another_database(settings):
    settings.DATABASE_OWNER = {**connection.settings_dict, "NAME": "elders", "USER": "eigenaar"}
    with pytest.raises(CommandError, match="verschillende databases"):
        call_command("migrate", verbosity=0)


@pytest.mark.django_db
def test_role_setup_refuses_a_superuser_as_application_role():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (superuser,) = cursor.fetchone()
        with pytest.raises(RoleSetupError, match="is superuser"):
            create_roles(
                cursor,
                database=connection.settings_dict["NAME"],
                owner=f"dn_test_owner_{secrets.token_hex(4)}",
                app=superuser,
            )


def test_role_setup_refuses_urls_of_different_databases():
    with pytest.raises(RoleSetupError, match="dezelfde database"):
        setup_roles(
            superuser_url="postgres://postgres@db/dementienetwerk",
            owner_url="postgres://eigenaar:geheim@db/dementienetwerk",
            app_url="postgres://app:geheim@db/anders",
        )
