from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.actor import Actor
from netwerk.services.importeren import bevolking_import


class Command(BaseCommand):
    help = (
        "Leest bevolkingscijfers per gemeente en jaar in (CSV: cbs_code, jaar, "
        "inwoners_65_plus, inwoners_65_79, inwoners_80_plus). Alles of niets."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("bestand", type=Path)

    def handle(self, *args, bestand: Path, **options) -> None:
        if not bestand.is_file():
            raise CommandError(f"Bestand niet gevonden: {bestand}")
        # the operator on the server: the system (netwerk.services.importeren)
        result = bevolking_import(actor=Actor.system(), data=bestand.read_bytes())
        if not result.ok:
            raise CommandError("Niets ingelezen:\n" + "\n".join(result.errors))
        self.stdout.write(
            self.style.SUCCESS(f"Bevolking: {result.created} nieuw, {result.updated} bijgewerkt.")
        )
