"""`manage.py migrate` as the owner of the tables, then the application role's privileges.

With DATABASE_OWNER_URL set (settings.DATABASE_OWNER), the migrations run connected as that
role, which owns every table; afterwards, in one transaction, the application role (the
user of DATABASE_URL) gets its privileges on every table and sequence, also on those the
migrations just made (config.database_roles.grant_app_role): SELECT and INSERT on the
access log, SELECT on django_migrations, SELECT/INSERT/UPDATE/DELETE on the rest. Running it
again with nothing to migrate puts the privileges right again.

Without DATABASE_OWNER_URL it is Django's own migrate, as one role (the test suite, a laptop
with a single role). See docs/decisions/0006-database-roles.md.
"""

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import migrate
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from accounts.models import AccessLogEntry
from config.database_roles import RoleSetupError, grant_app_role

# Keys of the owner's settings that replace the application's for the migration connection.
CONNECTION_KEYS = ("USER", "PASSWORD", "HOST", "PORT")


class Command(migrate.Command):
    help = (
        "Voert de migraties uit als de eigenaarsrol (DATABASE_OWNER_URL) en geeft daarna de "
        "applicatierol (DATABASE_URL) haar rechten."
    )

    def handle(self, *args, **options) -> None:
        owner = settings.DATABASE_OWNER
        if not owner or options["database"] != DEFAULT_DB_ALIAS:
            super().handle(*args, **options)
            return
        connection = connections[DEFAULT_DB_ALIAS]
        app_settings = dict(connection.settings_dict)
        if owner["NAME"] != app_settings["NAME"]:
            raise CommandError(
                "DATABASE_OWNER_URL en DATABASE_URL noemen verschillende databases "
                f"({owner['NAME']!r} en {app_settings['NAME']!r})."
            )
        app_role = app_settings["USER"]
        if owner["USER"] == app_role:
            raise CommandError(
                f"DATABASE_OWNER_URL en DATABASE_URL gebruiken dezelfde rol ({app_role}): de "
                "applicatie mag niet als de eigenaar van de tabellen verbinden. Laat "
                "DATABASE_OWNER_URL weg als je bewust met één rol werkt."
            )
        connection.close()
        connection.settings_dict.update({key: owner[key] for key in CONNECTION_KEYS})
        connection.settings_dict["OPTIONS"] = {
            **app_settings.get("OPTIONS", {}),
            **owner.get("OPTIONS", {}),
        }
        try:
            super().handle(*args, **options)
            if options["plan"] or options["check_unapplied"]:
                return  # only looked, changed nothing
            with transaction.atomic(using=DEFAULT_DB_ALIAS), connection.cursor() as cursor:
                grant_app_role(
                    cursor,
                    app=app_role,
                    append_only=[AccessLogEntry._meta.db_table],
                    read_only=["django_migrations"],
                )
        except RoleSetupError as error:
            raise CommandError(str(error)) from error
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(app_settings)
        if options["verbosity"]:
            self.stdout.write(
                f"Gemigreerd als {owner['USER']}; de rechten van {app_role} zijn bijgewerkt."
            )
