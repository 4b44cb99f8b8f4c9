from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WachtlijstConfig(AppConfig):
    name = "wachtlijst"
    verbose_name = _("Wachtlijst en Treeknorm")
