"""What a casemanager is told (in the app, and by e-mail when they want that: see
accounts.services.notificatie_send): a client assigned to them, a co-signature asked of them.
The text names no client: it links to the page that shows who (and logs that access)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.actor import Actor
from accounts.services import notificatie_send

from ..models import Indicatie, Traject


def casemanager_notify_assigned(*, actor: Actor, traject: Traject) -> int:
    """The traject's casemanager hears that a client was assigned to them (toewijzing, a
    change of casemanager, a transfer), unless they did it themselves. Returns how many
    were told (0 or 1)."""
    user = traject.casemanager.user
    if actor.user is not None and actor.user.pk == user.pk:
        return 0
    return notificatie_send(
        users=[user],
        titel=_("Er is een cliënt aan u toegewezen"),
        tekst=_(
            "Een netwerkcoördinator heeft een cliënt aan u toegewezen. Het eerste contact neemt "
            "de cliënt in zorg; tot dan loopt de wachttijd."
        )
        if traject.startdatum is None
        else _("Een lopend traject is aan u overgedragen."),
        url=reverse("casemanagement:client_detail", args=[traject.client_id]),
    )


def casemanager_notify_cosign_requested(*, actor: Actor, indicatie: Indicatie) -> int:
    """The verpleegkundige asked to co-sign an indication hears it. Returns 0 or 1."""
    door = indicatie.medeondertekening_door
    if door is None or (actor.user is not None and actor.user.pk == door.user_id):
        return 0
    return notificatie_send(
        users=[door.user],
        titel=_("Een indicatie wacht op uw medeondertekening"),
        tekst=_(
            "Een collega met achtergrond sociaal werk heeft een indicatie opgesteld; die is pas "
            "geldig als u haar medeondertekent."
        ),
        url=reverse("casemanagement:indicatie_cosign", args=[indicatie.pk]),
    )
