from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.actor import Actor
from accounts.models import Role, User
from casemanagement.importeren import MAX_BYTES, import_clienten
from netwerk.models import Membership, Netwerk


class Command(BaseCommand):
    help = (
        "Importeert cliënten met hun aanmelding (en eventueel hun lopende traject) uit een "
        "CSV- of xlsx-bestand in een netwerk, namens een netwerkcoördinator van dat netwerk. "
        "Alles of niets: bij een fout wordt niets geïmporteerd."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("bestand", type=Path)
        parser.add_argument("--netwerk", type=int, required=True, help="id van het netwerk")
        parser.add_argument(
            "--gebruiker",
            required=True,
            help="e-mailadres van de netwerkcoördinator namens wie wordt geïmporteerd",
        )
        parser.add_argument(
            "--boven-norm-reden",
            default="",
            help="reden om casemanagers boven de caseloadnorm toe te wijzen (wordt vastgelegd)",
        )

    def handle(
        self,
        *args,
        bestand: Path,
        netwerk: int,
        gebruiker: str,
        boven_norm_reden: str,
        **options,
    ) -> None:
        if not bestand.is_file():
            raise CommandError(f"Bestand niet gevonden: {bestand}")
        netwerk_obj = Netwerk.objects.filter(pk=netwerk).first()
        if netwerk_obj is None:
            raise CommandError(f"Netwerk {netwerk} bestaat niet.")
        user = User.objects.filter(email__iexact=gebruiker, is_active=True).first()
        membership = (
            Membership.objects.filter(
                user=user, rol=Role.NETWERKCOORDINATOR, netwerk=netwerk_obj, actief=True
            ).first()
            if user is not None
            else None
        )
        if membership is None:
            raise CommandError(f"{gebruiker} is geen actieve netwerkcoördinator van {netwerk_obj}.")
        with bestand.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        resultaat = import_clienten(
            actor=Actor.of(user, membership=membership),
            netwerk=netwerk_obj,
            data=data,
            filename=bestand.name,
            override_reden=boven_norm_reden,
        )
        if not resultaat.ok:
            raise CommandError(
                "Er is niets geïmporteerd:\n" + "\n".join(str(fout) for fout in resultaat.fouten)
            )
        self.stdout.write(self.style.SUCCESS(resultaat.samenvatting()))
        if resultaat.boven_norm:
            self.stdout.write(
                self.style.WARNING(
                    f"{resultaat.boven_norm} toewijzingen boven de caseloadnorm, vastgelegd met "
                    "de opgegeven reden."
                )
            )
