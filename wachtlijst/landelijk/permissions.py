"""Who sees the national inventory, and which networks in it.

National roles (signaalteam, beheerder) see all networks, an insurer its region, a
coordinator only their own network; casemanagers are refused. Insurers see the figures as
accounts.disclosure shows them (``zichtbare_inventarisatie``): small counts, figures over
fewer than 5 persons and the complements that would reveal them are hidden.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import QuerySet

from accounts import disclosure
from accounts.models import Role
from accounts.roles import acting_role
from netwerk.models import Netwerk
from netwerk.permissions import filter_netwerken_with_details

from ..selectors import Samenvatting
from .selectors import Categorie, Inventarisatie, NetwerkCijfers, Totalen

LANDELIJK_ROLLEN = (Role.BEHEERDER, Role.SIGNAALTEAM, Role.VERZEKERAAR, Role.NETWERKCOORDINATOR)


def can_view_landelijk(user) -> bool:
    """The inventory is for the national roles and insurers; a coordinator may open it and
    sees their own network's row. Casemanagers (and users without a role) are refused."""
    return acting_role(user) in LANDELIJK_ROLLEN


def netwerken_voor_landelijk(user) -> QuerySet[Netwerk]:
    """The networks whose waitlist figures the user may read: visible and detail-visible."""
    return filter_netwerken_with_details(Netwerk.objects.visible_to(user), user)


# --- What the reader may see of the figures (accounts.disclosure) -----------------------------

# counts of persons per network; those with a total over the networks form a sum per column
AANTALLEN = (
    "aantal_wachtend",
    "aantal_wenswachtend",
    "aantal_dreigt",
    "aantal_boven_treeknorm",
    "aantal_zes_weken_of_langer",
    "aantal_wijkverpleging",
)
MET_TOTAAL = (
    "aantal_wachtend",
    "aantal_wenswachtend",
    "aantal_boven_treeknorm",
    "aantal_zes_weken_of_langer",
    "aantal_wijkverpleging",
)
# waits computed over the people waiting; the longest wait is one person's
WACHTTIJDEN = (
    "mediaan_wachtdagen",
    "p90_wachtdagen",
    "langste_wachtdagen",
    "mediaan_wachtdagen_gecorrigeerd",
    "p90_wachtdagen_gecorrigeerd",
    "langste_wachtdagen_gecorrigeerd",
)


@dataclass(frozen=True)
class ZichtbaarGestart:
    vanaf: dt.date
    aantal: int | disclosure.Onderdrukt
    percentage_binnen_treeknorm: Decimal | disclosure.Onderdrukt | None
    percentage_binnen_4_weken: Decimal | disclosure.Onderdrukt | None


@dataclass(frozen=True)
class ZichtbareRegel:
    """A network's row as the reader may see it: ``samenvatting`` has the attributes of
    wachtlijst.selectors.Samenvatting, a figure an int, a Decimal or ``Onderdrukt``."""

    netwerk: Netwerk
    peildatum: dt.date
    categorie: Categorie
    samenvatting: Samenvatting
    gestart: ZichtbaarGestart


@dataclass(frozen=True)
class ZichtbareInventarisatie:
    peildatum: dt.date
    regels: list[ZichtbareRegel]
    totalen: Totalen


def zichtbare_inventarisatie(
    inventaris: Inventarisatie, *, onderdrukken: bool
) -> ZichtbareInventarisatie:
    """The inventory as the reader may see it. Per column the total is the sum of the
    networks; a network's own count is hidden only when it is small (so it reads the same as
    on the network's own pages), and the total is the complement when one network alone
    would be hidden."""
    regels = inventaris.regels
    cellen: dict[tuple, int] = {}
    sommen = []
    for veld in AANTALLEN:
        for i, regel in enumerate(regels):
            cellen[(i, veld)] = getattr(regel.samenvatting, veld)
        if veld in MET_TOTAAL:
            cellen[("totaal", veld)] = getattr(inventaris.totalen, veld)
            sommen.append(
                disclosure.Som(
                    ("totaal", veld),
                    tuple((i, veld) for i in range(len(regels))),
                    complement="totaal",
                )
            )
    getoond = disclosure.beveilig(cellen, sommen, onderdrukken=onderdrukken)
    return ZichtbareInventarisatie(
        peildatum=inventaris.peildatum,
        regels=[
            _zichtbare_regel(regel, {v: getoond[(i, v)] for v in AANTALLEN}, onderdrukken)
            for i, regel in enumerate(regels)
        ],
        totalen=replace(inventaris.totalen, **{v: getoond[("totaal", v)] for v in MET_TOTAAL}),
    )


def zichtbare_regel(regel: NetwerkCijfers, *, onderdrukken: bool) -> ZichtbareRegel:
    """One network alone (no total beside it): its small counts hidden."""
    aantallen = {
        v: disclosure.aantal(getattr(regel.samenvatting, v), onderdrukken=onderdrukken)
        for v in AANTALLEN
    }
    return _zichtbare_regel(regel, aantallen, onderdrukken)


def _zichtbare_regel(regel: NetwerkCijfers, aantallen: dict, onderdrukken: bool) -> ZichtbareRegel:
    s, gestart = regel.samenvatting, regel.gestart
    wachtend = s.aantal_wachtend
    gestart_aantal = disclosure.aantal(gestart.aantal, onderdrukken=onderdrukken)
    return ZichtbareRegel(
        netwerk=regel.netwerk,
        peildatum=regel.peildatum,
        categorie=regel.categorie,
        samenvatting=replace(
            s,
            **aantallen,
            **{
                v: disclosure.afgeleid(getattr(s, v), wachtend, onderdrukken=onderdrukken)
                for v in WACHTTIJDEN
            },
        ),
        gestart=ZichtbaarGestart(
            vanaf=gestart.vanaf,
            aantal=gestart_aantal,
            # a share of 5 or more can still give a small count away (80% of 5: 1 not)
            percentage_binnen_treeknorm=disclosure.percentage(
                gestart.percentage_binnen_treeknorm(),
                gestart.binnen_treeknorm,
                gestart.aantal,
                onderdrukken=onderdrukken,
            ),
            percentage_binnen_4_weken=disclosure.percentage(
                gestart.percentage_binnen_4_weken(),
                gestart.binnen_4_weken,
                gestart.aantal,
                onderdrukken=onderdrukken,
            ),
        ),
    )
