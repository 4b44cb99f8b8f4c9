from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Installed for its management commands (seed_demo, demo_totp); it has no models."""

    name = "demo"
    verbose_name = _("Demogegevens")
