from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaalteamConfig(AppConfig):
    name = "signaalteam"
    verbose_name = _("Signaalteam")

    def ready(self) -> None:
        from wachtlijst.signals import wachtlijst_gemeten

        from .receivers import wachtlijst_gemeten_ontvangen

        wachtlijst_gemeten.connect(
            wachtlijst_gemeten_ontvangen, dispatch_uid="signaalteam.wachtlijst_gemeten"
        )
