"""Fill the database with demo data. Idempotent: `make run` calls it on every start.

Each app owns its demo data in its own ``demo.py`` with a ``seed(context)`` function; this
command (in the highest app, which may import all others) runs them lowest app first and
passes one context dict along, so later apps can use the parties earlier ones created.

``--scenario NAME`` fills a separate world instead of the regular demo: the demo logins and
the scenario's own seeder, nothing else (the regular demo's 70 networks and today's waitlists
would change the scenario's figures). Use an empty database for it.
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
    "signaalteam.demo.seed",
]

SCENARIOS = {
    # the national waitlist inventory of 1 October 2016: 65 networks, 1,218 waiting
    "landelijk-2016": ["accounts.demo.seed", "wachtlijst.scenario.seed"],
}


class Command(BaseCommand):
    help = "Maakt demogegevens aan: netwerken, organisaties, verzekeraars en een gebruiker per rol."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--scenario",
            choices=sorted(SCENARIOS),
            help="Vult in plaats van de gewone demo een scenario, in een lege database: "
            "landelijk-2016 is de landelijke inventarisatie van de wachtlijsten op 1 oktober "
            "2016 (65 netwerken, 1.218 wachtenden).",
        )

    def handle(self, *args, **options) -> None:
        context: dict = {"stdout": self.stdout}
        scenario = options.get("scenario")
        with transaction.atomic():
            for dotted in SCENARIOS[scenario] if scenario else SEEDERS:
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
