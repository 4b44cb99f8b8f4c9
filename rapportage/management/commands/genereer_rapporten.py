"""genereer_rapporten --periode 2026Q3 [--netwerk ID]: the concept reports of a period from
the command line, with a progress bar; the same service as the Celery task."""

from django.core.management.base import BaseCommand, CommandError

from accounts.actor import Actor
from netwerk.models import Netwerk
from rapportage import services
from rapportage.perioden import parse_periode


class Command(BaseCommand):
    help = "Maakt de conceptrapportages van een periode voor alle netwerken of één netwerk."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--periode", required=True, help="Bijvoorbeeld 2026Q3 of 2026.")
        parser.add_argument("--netwerk", type=int, help="Alleen dit netwerk (id).")
        parser.add_argument(
            "--opnieuw", action="store_true", help="Bestaande concepten opnieuw opbouwen."
        )

    def handle(self, *args, periode: str, netwerk: int | None, opnieuw: bool, **options) -> None:
        try:
            periode_ = parse_periode(periode)
        except ValueError as error:
            raise CommandError(str(error)) from error
        netwerken = Netwerk.objects.order_by("naam")
        if netwerk is not None:
            netwerken = netwerken.filter(pk=netwerk)
            if not netwerken.exists():
                raise CommandError(f"Netwerk {netwerk} bestaat niet.")
        netwerken = list(netwerken)
        totaal = len(netwerken)
        for index, item in enumerate(netwerken, start=1):
            # the operator on the server, as the beat job: the system
            rapport = services.rapport_concept(
                netwerk=item, periode=periode_, actor=Actor.system(), opnieuw=opnieuw
            )
            self._balk(index, totaal, f"{item.naam} (versie {rapport.versie})")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{totaal} rapporten voor {periode_.label} klaar."))

    def _balk(self, klaar: int, totaal: int, tekst: str) -> None:
        breedte = 30
        gevuld = int(breedte * klaar / totaal) if totaal else breedte
        regel = f"\r[{'#' * gevuld}{'.' * (breedte - gevuld)}] {klaar}/{totaal} {tekst[:50]:<50}"
        self.stdout.write(regel, ending="")
        self.stdout.flush()
