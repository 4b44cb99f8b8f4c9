from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.actor import Actor
from netwerk.services.importeren import gemeenten_update_from_cbs


class Command(BaseCommand):
    help = (
        "Werkt de gemeenten bij uit de CBS-gemeentelijst (CSV met GemeentecodeGM, "
        "Gemeentenaam en Provincienaam). Gemeenten die niet meer in de lijst staan worden "
        "inactief, niet verwijderd."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("bestand", type=Path)
        parser.add_argument(
            "--houd-ontbrekende-actief",
            action="store_true",
            help="Gemeenten die niet in het bestand staan niet inactief maken.",
        )

    def handle(self, *args, bestand: Path, houd_ontbrekende_actief: bool, **options) -> None:
        if not bestand.is_file():
            raise CommandError(f"Bestand niet gevonden: {bestand}")
        # the operator on the server: the system (netwerk.services.importeren)
        result = gemeenten_update_from_cbs(
            actor=Actor.system(),
            data=bestand.read_bytes(),
            deactivate_missing=not houd_ontbrekende_actief,
        )
        if not result.ok:
            raise CommandError("Niets bijgewerkt:\n" + "\n".join(result.errors))
        self.stdout.write(
            self.style.SUCCESS(
                f"Gemeenten: {result.created} nieuw, {result.updated} bijgewerkt, "
                f"{result.deactivated} inactief gemaakt."
            )
        )
