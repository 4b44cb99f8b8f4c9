"""Fill the database with demo data. Idempotent: `make run` calls it on every start.

The demo app holds one module per domain app with a ``seed(context)`` function (demo.accounts,
demo.netwerk, ...); this command runs them lowest app first and passes one context dict
along, so later seeders can use the parties earlier ones created.

``--scenario NAME`` fills a separate world instead of the regular demo: the demo logins and
the scenario's own seeder, nothing else (the regular demo's 70 networks and today's waitlists
would change the scenario's figures). Use an empty database for it.

``--scale national`` builds the national-scale data of the benchmark (demo.nationaal:
70 networks, 300,000 clients, 5 million contacts, ...) with COPY, in at most a few minutes;
``--scale klein`` the same shape at a tiny size (the CI smoke test), ``--clients N`` any
size in between. Also for an empty database; a second run finds the data and does nothing.
"""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from casemanagement.models import Client
from demo import accounts, casemanagement, inkoop, nationaal, netwerk, scenario, signaalteam
from demo.accounts import DEMO_PASSWORD, DEMO_USERS, demo_totp_secret

SEEDERS = [accounts.seed, netwerk.seed, inkoop.seed, casemanagement.seed, signaalteam.seed]

SCENARIOS = {
    # the national waitlist inventory of 1 October 2016: 65 networks, 1,218 waiting
    "landelijk-2016": [accounts.seed, scenario.seed],
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
        parser.add_argument(
            "--scale",
            choices=sorted(nationaal.SCHALEN),
            help="Vult in plaats van de gewone demo landelijke aantallen, in een lege database: "
            "national is 70 netwerken, 300.000 cliënten, 5 miljoen contacten (de benchmark); "
            "klein dezelfde opbouw met 3 netwerken en 2.000 cliënten.",
        )
        parser.add_argument(
            "--clients",
            type=int,
            help="Met --scale: dit aantal cliënten; de andere aantallen schalen mee.",
        )
        parser.add_argument(
            "--tijden",
            help="Met --scale: schrijf de aantallen en de duur van elke stap als JSON naar "
            "dit bestand.",
        )

    def handle(self, *args, **options) -> None:
        if options.get("scale"):
            if options.get("scenario"):
                raise CommandError("Kies --scenario of --scale, niet allebei.")
            self._schaal(options)
            return
        context: dict = {"stdout": self.stdout}
        gekozen = options.get("scenario")
        with transaction.atomic():
            for seed in SCENARIOS[gekozen] if gekozen else SEEDERS:
                seed(context)
        self.stdout.write(self.style.SUCCESS("Demogegevens staan klaar."))
        self.stdout.write(demo_logins_text())

    def _schaal(self, options: dict) -> None:
        schaal = nationaal.SCHALEN[options["scale"]]
        if options.get("clients"):
            if options["clients"] < 100:
                raise CommandError("Geef met --clients ten minste 100 cliënten.")
            schaal = schaal.met_clienten(options["clients"])
        if nationaal.aanwezig(schaal):
            self.stdout.write(f"De gegevens van schaal {schaal.naam} staan er al; niets gedaan.")
            self.stdout.write(demo_logins_text())
            return
        if Client.objects.exists():
            raise CommandError(
                "Deze database heeft al andere cliënten. Vul --scale in een lege database "
                "(na migrate)."
            )
        self.stdout.write(f"Schaal {schaal.naam}: {schaal.clienten:,} cliënten laden...")
        begin = time.monotonic()
        with transaction.atomic():
            verslag = nationaal.seed({"stdout": self.stdout}, schaal, melden=self.stdout.write)
        if not connection.in_atomic_block:
            # VACUUM runs outside a transaction; a caller's transaction (a test) skips it
            verslag["tijden"]["vacuum analyze"] = nationaal.opruimen()
        verslag["seconden"] = round(time.monotonic() - begin, 1)
        for naam, aantal in verslag["aantallen"].items():
            self.stdout.write(f"  {naam}: {aantal:,}")
        self.stdout.write(
            self.style.SUCCESS(f"Schaal {schaal.naam} staat klaar in {verslag['seconden']} s.")
        )
        self.stdout.write(demo_logins_text())
        if options.get("tijden"):
            Path(options["tijden"]).write_text(json.dumps(verslag, indent=2), encoding="utf-8")


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
