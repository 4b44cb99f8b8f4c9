from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InkoopConfig(AppConfig):
    name = "inkoop"
    verbose_name = _("Inkoop en contracten")
