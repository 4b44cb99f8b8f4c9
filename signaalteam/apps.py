from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaalteamConfig(AppConfig):
    name = "signaalteam"
    verbose_name = _("Signaalteam")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from casemanagement.levensloop.vernietigen import Opruimer, opruimer_registreren
        from wachtlijst.signals import wachtlijst_gemeten

        from .receivers import wachtlijst_gemeten_ontvangen
        from .services.vernietiging import signalen_opschonen

        wachtlijst_gemeten.connect(
            wachtlijst_gemeten_ontvangen, dispatch_uid="signaalteam.wachtlijst_gemeten"
        )
        # a destroyed client's name leaves the signals' free text too (decision 0017)
        opruimer_registreren(
            Opruimer(
                sleutel="signalen",
                label=gettext_lazy("Signalen: naam of BSN van de cliënt vervangen"),
                opruimen=signalen_opschonen,
            )
        )
