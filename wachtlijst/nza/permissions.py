"""Who may see and manage a network's NZa quarterly figures.

Coordinators read their own network's quarters, concepts included; beheerders read all.
Signaalteam reads every network's published figures, insurers those of the networks they may
see in detail, suppressed as accounts.disclosure says (``zichtbare_cijfers``). Casemanagers
see none. Only the network's coordinator makes, publishes and corrects its figures: the
beheerder may change a network's settings but does not sign off its figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts import disclosure
from accounts.models import Role
from accounts.roles import acting_membership, acting_role
from netwerk.models import Netwerk
from netwerk.permissions import (
    can_change_netwerk,
    can_view_netwerk_details,
    filter_netwerken_with_details,
)

from ..models.nza import OOIT_GEPUBLICEERD

if TYPE_CHECKING:
    from .selectors import NzaRegel

CONCEPT_READERS = (Role.NETWERKCOORDINATOR, Role.BEHEERDER)


def filter_visible_kwartalen(queryset: QuerySet, user) -> QuerySet:
    netwerken = filter_netwerken_with_details(Netwerk.objects.all(), user)
    queryset = queryset.filter(netwerk__in=netwerken)
    if not can_see_concepts(user):
        queryset = queryset.filter(status__in=OOIT_GEPUBLICEERD)
    return queryset


def can_see_concepts(user) -> bool:
    return acting_role(user) in CONCEPT_READERS


def can_view_nza(user, netwerk: Netwerk) -> bool:
    return can_view_netwerk_details(user, netwerk)


def can_manage_nza(user, netwerk: Netwerk) -> bool:
    return acting_role(user) == Role.NETWERKCOORDINATOR and can_change_netwerk(user, netwerk)


def can_confirm_nza(user, netwerk: Netwerk, organisatie_id: int) -> bool:
    """Who confirms or corrects a provider's figures (docs/decisions/0024): a casemanager of
    that organisation in that network, acting in that membership; or the network's
    coordinator on the provider's behalf (recording who at the provider confirmed)."""
    if can_manage_nza(user, netwerk):
        return True
    membership = acting_membership(user)
    return (
        membership is not None
        and membership.rol == Role.CASEMANAGER
        and getattr(membership, "netwerk_id", None) == netwerk.pk
        and getattr(membership, "organisatie_id", None) == organisatie_id
    )


def can_deliver_to_nza(user, netwerk: Netwerk) -> bool:
    """The delivery to the NZa's Zorgbeeldportaal is the network's own: its coordinator."""
    return can_manage_nza(user, netwerk)


AANTAL_VELDEN = ("wachtend", "zes_weken_of_langer", "in_zorg", "aantal_casemanagers")
TOTAAL_VAN = {
    "wachtend": "aantal_wachtend",
    "zes_weken_of_langer": "aantal_zes_weken_of_langer",
    "in_zorg": "aantal_in_zorg",
    "aantal_casemanagers": "aantal_casemanagers",
}


@dataclass(frozen=True)
class ZichtbareCijfers:
    """A quarter as its reader may see it (accounts.disclosure): a count is an int or
    ``Onderdrukt``; per column the network total is the sum of the rows, so a hidden row is
    protected by hiding another row, and the total is hidden only when nothing else can
    protect it (two rows of 4 making 8)."""

    peildatum: dt.date
    regels: list[NzaRegel]
    aantal_wachtend: int | disclosure.Onderdrukt
    aantal_zes_weken_of_langer: int | disclosure.Onderdrukt
    aantal_in_zorg: int | disclosure.Onderdrukt
    aantal_casemanagers: int | disclosure.Onderdrukt
    fte_casemanagers: Decimal
    gemiddelde_wachtdagen: Decimal | disclosure.Onderdrukt | None


def _regel_sleutels(regels) -> list[tuple]:
    """A row's identity across versions of a quarter: its AGB code and names (a correction
    can add or reorder rows)."""
    sleutels: list[tuple] = []
    for i, regel in enumerate(regels):
        sleutel = (regel.agb_code, regel.organisatie_naam, regel.vestiging_naam)
        sleutels.append(("dubbel", i) if sleutel in sleutels else sleutel)
    return sleutels


def _getoonde_cellen(cijfers: ZichtbareCijfers) -> dict[tuple, int | disclosure.Onderdrukt]:
    """The cells of a quarter as shown, keyed as in ``zichtbare_cijfers``."""
    cellen = {}
    for veld in AANTAL_VELDEN:
        cellen[("totaal", veld)] = getattr(cijfers, TOTAAL_VAN[veld])
        for sleutel, regel in zip(_regel_sleutels(cijfers.regels), cijfers.regels, strict=True):
            cellen[(sleutel, veld)] = getattr(regel, veld)
    return cellen


def zichtbare_cijfers(
    cijfers, *, onderdrukken: bool, eerder: Iterable[ZichtbareCijfers] = ()
) -> ZichtbareCijfers:
    """``cijfers`` (selectors.NzaCijfers) as the reader may see them. ``eerder``: the
    earlier published versions of the same quarter as they were shown (a correction): a
    cell that changed by 1-4 persons since one of them is hidden too, with its complements
    (docs/decisions/0016), and so is the average wait when the waiting total is hidden."""
    sleutels = _regel_sleutels(cijfers.regels)
    cellen: dict[tuple, int] = {}
    sommen = []
    for veld in AANTAL_VELDEN:
        cellen[("totaal", veld)] = getattr(cijfers, TOTAAL_VAN[veld])
        for sleutel, regel in zip(sleutels, cijfers.regels, strict=True):
            cellen[(sleutel, veld)] = getattr(regel, veld)
        sommen.append(disclosure.Som(("totaal", veld), tuple((s, veld) for s in sleutels)))
    getoond = disclosure.beveilig(
        cellen,
        sommen,
        onderdrukken=onderdrukken,
        eerder=[_getoonde_cellen(versie) for versie in eerder],
    )
    return ZichtbareCijfers(
        peildatum=cijfers.peildatum,
        regels=[
            replace(regel, **{veld: getoond[(sleutel, veld)] for veld in AANTAL_VELDEN})
            for sleutel, regel in zip(sleutels, cijfers.regels, strict=True)
        ],
        fte_casemanagers=cijfers.fte_casemanagers,
        gemiddelde_wachtdagen=disclosure.afgeleid(
            cijfers.gemiddelde_wachtdagen,
            cijfers.aantal_wachtend,
            getoond[("totaal", "wachtend")],
            onderdrukken=onderdrukken,
        ),
        **{TOTAAL_VAN[veld]: getoond[("totaal", veld)] for veld in AANTAL_VELDEN},
    )
