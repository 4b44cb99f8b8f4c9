"""Fill the database with demo data. Idempotent: `make run` calls it on every start.

Each app owns its demo data in its own ``demo.py`` with a ``seed(context)`` function; this
command (in the highest app, which may import all others) runs them lowest app first and
passes one context dict along, so later apps can use the parties earlier ones created.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from accounts.demo import DEMO_PASSWORD, DEMO_USERS, demo_totp_secret

SEEDERS = [
    "accounts.demo.seed",
    "netwerk.demo.seed",
    "inkoop.demo.seed",
    "casemanagement.demo.seed",
]


class Command(BaseCommand):
    help = "Maakt demogegevens aan: netwerken, organisaties, verzekeraars en een gebruiker per rol."

    def handle(self, *args, **options) -> None:
        context: dict = {"stdout": self.stdout}
        with transaction.atomic():
            for dotted in SEEDERS:
                import_string(dotted)(context)
        self.stdout.write(self.style.SUCCESS("Demogegevens staan klaar."))
        self.stdout.write(demo_logins_text())


def demo_logins_text() -> str:
    lines = [f"Demo-logins (wachtwoord voor allemaal: {DEMO_PASSWORD}):"]
    width = max(len(role) for role in DEMO_USERS)
    for role, (email, _naam) in DEMO_USERS.items():
        lines.append(f"  {role:<{width}}  {email}")
    lines.append(
        f"  De beheerder logt in met een tweede factor: TOTP-sleutel {demo_totp_secret()} "
        "in een authenticator-app, of de code van `python manage.py demo_totp`."
    )
    return "\n".join(lines)
