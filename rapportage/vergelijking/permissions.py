"""Who sees the national comparison, which networks in it, which are highlighted, and what of
the figures (accounts.disclosure, decision 0016).

The signaalteam and the beheerder see every network, an insurer the networks of its region
(wachtlijst.landelijk.permissions.netwerken_voor_landelijk: the same as the national
inventory). Coordinators and casemanagers are refused: a coordinator sees only their own
network in the national figures, so a comparison would show them nothing to compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from accounts import disclosure
from accounts.models import Role
from accounts.roles import acting_membership, acting_role
from wachtlijst.landelijk.permissions import (
    ZichtbareRegel,
    zichtbare_inventarisatie,
)
from wachtlijst.landelijk.selectors import Totalen

from .selectors import NetwerkVergelijking, Vergelijking

VERGELIJKING_ROLLEN = (Role.SIGNAALTEAM, Role.BEHEERDER, Role.VERZEKERAAR)

Cijfer = int | Decimal | disclosure.Onderdrukt | None


def can_view_vergelijking(user) -> bool:
    return acting_role(user) in VERGELIJKING_ROLLEN


def gemarkeerde_netwerken(user, vergelijking: Vergelijking, gekozen: int | None) -> set[int]:
    """The networks drawn as the reader's own: the one chosen (?netwerk=, when it is in the
    comparison), else for an insurer the networks where it is the preferente verzekeraar
    (those it leads for), else none."""
    in_lijst = {regel.netwerk.pk for regel in vergelijking.regels}
    if gekozen is not None and gekozen in in_lijst:
        return {gekozen}
    if acting_role(user) == Role.VERZEKERAAR:
        verzekeraar_id = acting_membership(user).zorgverzekeraar_id
        return {
            regel.netwerk.pk
            for regel in vergelijking.regels
            if regel.netwerk.preferente_zorgverzekeraar_id == verzekeraar_id
        }
    return set()


@dataclass(frozen=True)
class ZichtbareUitkomst:
    type: str
    label: str
    aantal_clienten: int | disclosure.Onderdrukt
    gemiddelde: Decimal | disclosure.Onderdrukt | None


@dataclass(frozen=True)
class ZichtbareNetwerkVergelijking:
    """A network's row as the reader may see it; ``wachtlijst`` is its row of the national
    inventory as shown there (the same cells hidden)."""

    netwerk: object
    wachtlijst: ZichtbareRegel
    in_zorg: int | disclosure.Onderdrukt
    fte_casemanagers: Decimal
    caseload_norm: Decimal
    clienten_per_fte: Cijfer
    inwoners_65_plus: int
    bevolkingsjaar: int | None
    verwachte_mensen_met_dementie: int
    bereik_percentage: Cijfer
    uitkomsten: list[ZichtbareUitkomst]
    aanlevering: object = None  # wachtlijst.nza.selectors.Volledigheid: vestigingen, shown
    gemarkeerd: bool = False


@dataclass(frozen=True)
class ZichtbareVergelijking:
    vergelijking: Vergelijking
    regels: list[ZichtbareNetwerkVergelijking]
    totalen: Totalen  # of the inventory, as shown there
    aantal_in_zorg: int | disclosure.Onderdrukt

    @property
    def periode(self):
        return self.vergelijking.periode

    @property
    def peildatum(self):
        return self.vergelijking.peildatum


def zichtbare_vergelijking(
    vergelijking: Vergelijking, *, onderdrukken: bool, gemarkeerd: set[int] = frozenset()
) -> ZichtbareVergelijking:
    """The comparison as the reader may see it. The waiting figures are those of the national
    inventory (zichtbare_inventarisatie: the same cells hidden, so the two outputs together
    reveal nothing either one hides). Clients in care: a network's count is hidden when small,
    and the total over the networks gives way when it would reveal one (as in the inventory).
    Every figure computed over those counts is hidden with its base."""
    inventaris = zichtbare_inventarisatie(vergelijking.inventaris, onderdrukken=onderdrukken)
    regels = vergelijking.regels
    cellen = {i: regel.in_zorg for i, regel in enumerate(regels)}
    cellen["totaal"] = vergelijking.aantal_in_zorg
    som = disclosure.Som("totaal", tuple(range(len(regels))), complement="totaal")
    in_zorg = disclosure.beveilig(cellen, [som], onderdrukken=onderdrukken)
    return ZichtbareVergelijking(
        vergelijking=vergelijking,
        regels=[
            _zichtbare_regel(
                regel,
                wachtlijst,
                in_zorg[i],
                onderdrukken=onderdrukken,
                gemarkeerd=regel.netwerk.pk in gemarkeerd,
            )
            for i, (regel, wachtlijst) in enumerate(zip(regels, inventaris.regels, strict=True))
        ],
        totalen=inventaris.totalen,
        aantal_in_zorg=in_zorg["totaal"],
    )


def _zichtbare_regel(
    regel: NetwerkVergelijking,
    wachtlijst: ZichtbareRegel,
    in_zorg,
    *,
    onderdrukken: bool,
    gemarkeerd: bool,
) -> ZichtbareNetwerkVergelijking:
    def over_in_zorg(value):
        return disclosure.afgeleid(value, in_zorg, regel.in_zorg, onderdrukken=onderdrukken)

    return ZichtbareNetwerkVergelijking(
        netwerk=regel.netwerk,
        wachtlijst=wachtlijst,
        in_zorg=in_zorg,
        fte_casemanagers=regel.fte_casemanagers,
        caseload_norm=regel.caseload_norm,
        clienten_per_fte=over_in_zorg(regel.clienten_per_fte),
        inwoners_65_plus=regel.inwoners_65_plus,
        bevolkingsjaar=regel.bevolkingsjaar,
        verwachte_mensen_met_dementie=regel.verwachte_mensen_met_dementie,
        bereik_percentage=over_in_zorg(regel.bereik_percentage),
        uitkomsten=[
            ZichtbareUitkomst(
                type=uitkomst.type.value,
                label=str(uitkomst.type.label),
                aantal_clienten=disclosure.aantal(
                    uitkomst.aantal_clienten, onderdrukken=onderdrukken
                ),
                gemiddelde=disclosure.afgeleid(
                    uitkomst.gemiddelde, uitkomst.aantal_clienten, onderdrukken=onderdrukken
                ),
            )
            for uitkomst in regel.uitkomsten.values()
        ],
        aanlevering=regel.aanlevering,
        gemarkeerd=gemarkeerd,
    )
