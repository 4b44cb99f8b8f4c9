"""`manage.py bewaartermijnen [--dry-run] [--datum JJJJ-MM-DD]`: apply the retention terms now
(as the daily job does), or with --dry-run only print what would go. Prints internal ids and
counts, never names or BSNs."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.actor import Actor
from casemanagement.levensloop.bewaartermijnen import bewaartermijnen_toepassen


class Command(BaseCommand):
    help = "Pas de bewaartermijnen toe (met --dry-run: toon alleen wat zou verdwijnen)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Niets verwijderen, alleen tonen."
        )
        parser.add_argument("--datum", help="Peildatum JJJJ-MM-DD (standaard vandaag).")

    def handle(self, *args, dry_run: bool, datum: str | None, **options):
        try:
            vandaag = dt.date.fromisoformat(datum) if datum else timezone.localdate()
        except ValueError as error:
            raise CommandError("Geef de datum als JJJJ-MM-DD.") from error
        resultaat = bewaartermijnen_toepassen(
            actor=Actor.system(), vandaag=vandaag, uitvoeren=not dry_run
        )
        kop = "Zou verdwijnen" if dry_run else "Verwijderd"
        self.stdout.write(f"{kop} op {vandaag:%d-%m-%Y}:")
        self.stdout.write(
            f"- dossiers (WGBO, na de laatste zorg): {len(resultaat.dossiers)}"
            + _ids(resultaat.dossiers)
        )
        self.stdout.write(
            f"- aangemeld, nooit in zorg: {len(resultaat.zonder_zorg)}"
            + _ids(resultaat.zonder_zorg)
        )
        self.stdout.write(
            f"- mantelzorgers: {resultaat.mantelzorgers}"
            + _ids(resultaat.mantelzorger_clienten, "van cliënt-id")
        )
        grens = timezone.localtime(resultaat.toegangslog_grens)
        self.stdout.write(f"- toegangslogregels van voor {grens:%d-%m-%Y}: {resultaat.toegangslog}")
        if dry_run:
            self.stdout.write("Dry run: er is niets verwijderd.")


def _ids(ids: list[int], label: str = "cliënt-id") -> str:
    if not ids:
        return ""
    shown = ", ".join(map(str, ids[:50]))
    more = f" en {len(ids) - 50} meer" if len(ids) > 50 else ""
    return f" ({label} {shown}{more})"
