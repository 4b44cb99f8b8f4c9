"""The figures of the national comparison, raw (permissions.zichtbare_vergelijking makes what
a reader may see of them). Every figure is read for all networks at once: the comparison
takes a fixed number of queries however many networks there are (a test counts them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, QuerySet, Sum

from casemanagement.models import Casemanager, Meting, MetingType, Traject
from inkoop.selectors import verwachte_mensen_met_dementie
from netwerk.models import Netwerk
from netwerk.selectors import inwoners_65_plus_per_netwerk
from wachtlijst.landelijk.selectors import Inventarisatie, NetwerkCijfers, inventarisatie
from wachtlijst.nza.selectors import Volledigheid, volledigheid_per_netwerk
from wachtlijst.selectors import in_zorg_op

from ..perioden import Periode

EEN_DECIMAAL = Decimal("0.1")

# The outcome measures with a score (volhoudtijd is a category, not a score to average).
SCORE_METINGEN = tuple(t for t in MetingType if t != MetingType.VOLHOUDTIJD)


def _een_decimaal(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(EEN_DECIMAAL, ROUND_HALF_UP)


def clienten_per_fte(in_zorg: int, fte: Decimal) -> Decimal | None:
    """Clients in care per fte of casemanagers (one decimal); none without fte."""
    return _een_decimaal(Decimal(in_zorg) / fte) if fte else None


def bereik_percentage(in_zorg: int, verwacht: int) -> Decimal | None:
    """Clients in care as a percentage of the expected people with dementia at home."""
    return _een_decimaal(Decimal(in_zorg) * 100 / verwacht) if verwacht else None


@dataclass(frozen=True)
class Uitkomst:
    """The measurements of one outcome measure in the quarter: how many clients were measured
    and their average score."""

    type: MetingType
    aantal_clienten: int = 0
    gemiddelde: Decimal | None = None


@dataclass(frozen=True)
class NetwerkVergelijking:
    """One network in the comparison. ``wachtlijst`` is the network's row of the national
    inventory on the peildatum (wachtlijst.landelijk.selectors.NetwerkCijfers)."""

    netwerk: Netwerk
    wachtlijst: NetwerkCijfers
    in_zorg: int
    fte_casemanagers: Decimal
    inwoners_65_plus: int
    bevolkingsjaar: int | None
    verwachte_mensen_met_dementie: int
    uitkomsten: dict[str, Uitkomst] = field(default_factory=dict)
    # the providers' NZa figures for the peildatum, confirmed or corrected (decision 0024)
    aanlevering: Volledigheid = field(default_factory=Volledigheid)

    @property
    def caseload_norm(self) -> Decimal:
        return self.netwerk.caseload_norm

    @property
    def clienten_per_fte(self) -> Decimal | None:
        return clienten_per_fte(self.in_zorg, self.fte_casemanagers)

    @property
    def bereik_percentage(self) -> Decimal | None:
        return bereik_percentage(self.in_zorg, self.verwachte_mensen_met_dementie)


@dataclass(frozen=True)
class Vergelijking:
    periode: Periode
    inventaris: Inventarisatie  # the national inventory of the same networks on the peildatum
    regels: list[NetwerkVergelijking]

    @property
    def peildatum(self) -> dt.date:
        return self.periode.peildatum

    @property
    def aantal_in_zorg(self) -> int:
        return sum(regel.in_zorg for regel in self.regels)


def _in_zorg_per_netwerk(netwerken: QuerySet[Netwerk], peildatum: dt.date) -> dict[int, int]:
    rows = (
        in_zorg_op(Traject.objects.filter(netwerk__in=netwerken), peildatum)
        .values("netwerk_id")
        .annotate(aantal=Count("pk"))
        .order_by()
    )
    return {row["netwerk_id"]: row["aantal"] for row in rows}


def _fte_per_netwerk(netwerken: QuerySet[Netwerk]) -> dict[int, Decimal]:
    """The fte of the active casemanagers, as the progress report and the NZa figures take it."""
    rows = (
        Casemanager.objects.filter(netwerk__in=netwerken, actief=True)
        .values("netwerk_id")
        .annotate(fte=Sum("fte"))
        .order_by()
    )
    return {row["netwerk_id"]: row["fte"] or Decimal(0) for row in rows}


def _uitkomsten_per_netwerk(
    netwerken: QuerySet[Netwerk], periode: Periode
) -> dict[int, dict[str, Uitkomst]]:
    rows = (
        Meting.objects.filter(
            traject__netwerk__in=netwerken,
            datum__gte=periode.begin,
            datum__lte=periode.eind,
            type__in=SCORE_METINGEN,
            score__isnull=False,
        )
        .values("traject__netwerk_id", "type")
        .annotate(clienten=Count("traject__client", distinct=True), gemiddelde=Avg("score"))
        .order_by()
    )
    result: dict[int, dict[str, Uitkomst]] = {}
    for row in rows:
        result.setdefault(row["traject__netwerk_id"], {})[row["type"]] = Uitkomst(
            type=MetingType(row["type"]),
            aantal_clienten=row["clienten"],
            gemiddelde=_een_decimaal(row["gemiddelde"]),
        )
    return result


def vergelijking(netwerken: QuerySet[Netwerk], periode: Periode) -> Vergelijking:
    """The comparison of the given networks (pass
    ``wachtlijst.landelijk.permissions.netwerken_voor_landelijk(user)``) over a quarter."""
    peildatum = periode.peildatum
    inventaris = inventarisatie(netwerken, peildatum)
    in_zorg = _in_zorg_per_netwerk(netwerken, peildatum)
    fte = _fte_per_netwerk(netwerken)
    # the population of the year the quarter lies in (1 January of it, as on the capacity page)
    bevolking = inwoners_65_plus_per_netwerk(netwerken, periode.begin.year)
    uitkomsten = _uitkomsten_per_netwerk(netwerken, periode)
    volledigheid = volledigheid_per_netwerk(netwerken, peildatum)
    regels = []
    for cijfers in inventaris.regels:
        netwerk = cijfers.netwerk
        inwoners, bevolkingsjaar = bevolking.get(netwerk.pk, (0, None))
        regels.append(
            NetwerkVergelijking(
                netwerk=netwerk,
                wachtlijst=cijfers,
                in_zorg=in_zorg.get(netwerk.pk, 0),
                fte_casemanagers=fte.get(netwerk.pk, Decimal(0)),
                inwoners_65_plus=inwoners,
                bevolkingsjaar=bevolkingsjaar,
                verwachte_mensen_met_dementie=verwachte_mensen_met_dementie(
                    inwoners, netwerk.prevalentie_thuiswonend
                ),
                uitkomsten={
                    t.value: uitkomsten.get(netwerk.pk, {}).get(t.value, Uitkomst(t))
                    for t in SCORE_METINGEN
                },
                aanlevering=volledigheid.get(netwerk.pk, Volledigheid()),
            )
        )
    return Vergelijking(periode=periode, inventaris=inventaris, regels=regels)
