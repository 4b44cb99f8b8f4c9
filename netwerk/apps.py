from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetwerkConfig(AppConfig):
    name = "netwerk"
    verbose_name = _("Netwerken en partijen")

    def ready(self) -> None:
        # accounts (below netwerk) needs the memberships to know anyone's role; it declares
        # the hook and netwerk, which holds them, fills it (docs/decisions/0014).
        from accounts.roles import register_memberships_loader

        from .selectors import memberships_for_user

        register_memberships_loader(memberships_for_user)
