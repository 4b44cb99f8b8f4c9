"""Who sees the national inventory, and which networks in it.

National roles (signaalteam, beheerder) see all networks, an insurer its region, a
coordinator only their own network; casemanagers are refused. Insurers see every count of
people below 5 as "<5" (wachtlijst.permissions.klein_aantal), and no percentage computed over
fewer than 5 clients (selectors.Gestart), as it would reveal such a count.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Role
from accounts.roles import acting_role
from netwerk.models import Netwerk
from netwerk.permissions import filter_netwerken_with_details

LANDELIJK_ROLLEN = (Role.BEHEERDER, Role.SIGNAALTEAM, Role.VERZEKERAAR, Role.NETWERKCOORDINATOR)


def can_view_landelijk(user) -> bool:
    """The inventory is for the national roles and insurers; a coordinator may open it and
    sees their own network's row. Casemanagers (and users without a role) are refused."""
    return acting_role(user) in LANDELIJK_ROLLEN


def netwerken_voor_landelijk(user) -> QuerySet[Netwerk]:
    """The networks whose waitlist figures the user may read: visible and detail-visible."""
    return filter_netwerken_with_details(Netwerk.objects.visible_to(user), user)
