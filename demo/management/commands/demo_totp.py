from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo.accounts import DEMO_USERS


class Command(BaseCommand):
    help = "Toont de huidige TOTP-code van een demogebruiker (alleen in ontwikkeling)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", nargs="?", default=DEMO_USERS["beheerder"][0])

    def handle(self, *args, email: str, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Alleen beschikbaar met DEBUG aan (lokale ontwikkeling).")
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"Geen tweede factor ingesteld voor {email}.")
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
