from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Gebruikers en toegangslog")

    def ready(self) -> None:
        from django.core import checks

        from . import spraying  # noqa: F401  (connects the failed-login counter)
        from .roles import check_memberships_loader

        checks.register(check_memberships_loader)
