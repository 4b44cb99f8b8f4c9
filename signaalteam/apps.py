from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaalteamConfig(AppConfig):
    name = "signaalteam"
    verbose_name = _("Signaalteam")
