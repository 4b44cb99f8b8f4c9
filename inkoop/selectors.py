"""Reads of the inkoop app: contract lists with their signals, realisation, and the capacity
(zorgplicht) view of a network."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.utils.translation import gettext as _

from accounts import disclosure
from netwerk.models import Aansluiting, Netwerk
from netwerk.selectors import inwoners_65_plus

from . import realisatie
from .models import Contract, ContractIndicator, ContractStatus

ONE_DECIMAL = Decimal("0.1")


class MakeDate(Func):
    """PostgreSQL make_date(year, month, day)."""

    function = "MAKE_DATE"
    output_field = DateField()


# --- Contract lists and signals ------------------------------------------------------------


def _aangesloten_in_jaar() -> Exists:
    """The contract's organisation is affiliated with levert_casemanagement with the
    contract's network on at least one day of the contract year.

    Decision: any day of the year, not a fixed peildatum (such as 1 July). A contract for a
    year in which the organisation joins or leaves the network is legitimate for the part
    of the year it is affiliated, so only a contract without any overlap is flagged; a
    fixed peildatum would flag organisations that join after it or leave before it.
    """
    return Exists(
        Aansluiting.objects.filter(
            netwerk_id=OuterRef("netwerk_id"),
            organisatie_id=OuterRef("organisatie_id"),
            levert_casemanagement=True,
            geldig_van__lte=MakeDate(OuterRef("jaar"), Value(12), Value(31)),
        ).filter(
            Q(geldig_tot__isnull=True)
            | Q(geldig_tot__gt=MakeDate(OuterRef("jaar"), Value(1), Value(1)))
        )
    )


def _in_regio() -> ExpressionWrapper:
    """The contract's network lies in the insurer's region: the networks for which it is
    preferente zorgverzekeraar; an insurer that is preferent nowhere has the whole country."""
    return ExpressionWrapper(
        # A network without a preferent insurer is in no insurer's own region: the explicit
        # isnull keeps the comparison from yielding NULL.
        Q(
            netwerk__preferente_zorgverzekeraar_id__isnull=False,
            netwerk__preferente_zorgverzekeraar_id=F("zorgverzekeraar_id"),
        )
        | ~Exists(
            Netwerk.objects.filter(preferente_zorgverzekeraar_id=OuterRef("zorgverzekeraar_id"))
        ),
        output_field=BooleanField(),
    )


def with_signalen(contracten: QuerySet[Contract]) -> QuerySet[Contract]:
    """Contracts with what a list or detail page shows: the parties and the two signals
    (``aangesloten_in_jaar``, ``in_regio``), in one query however many rows."""
    return contracten.select_related("zorgverzekeraar", "organisatie", "netwerk").annotate(
        aangesloten_in_jaar=_aangesloten_in_jaar(), in_regio=_in_regio()
    )


@dataclass(frozen=True)
class Signaal:
    tekst: str
    css: str = "fout"


def signalen(contract: Contract) -> list[Signaal]:
    """Why a contract needs attention, in words; empty when it is in order. Reads the
    annotations of ``with_signalen`` (fetched here when the contract lacks them)."""
    if not hasattr(contract, "aangesloten_in_jaar"):
        contract = with_signalen(Contract.objects.filter(pk=contract.pk)).get()
    found = []
    if not contract.aangesloten_in_jaar:
        found.append(
            Signaal(
                _(
                    "%(organisatie)s is in %(jaar)s niet bij %(netwerk)s aangesloten als "
                    "aanbieder van casemanagement."
                )
                % {
                    "organisatie": contract.organisatie,
                    "jaar": contract.jaar,
                    "netwerk": contract.netwerk,
                }
            )
        )
    if not contract.in_regio:
        found.append(
            Signaal(
                _("%(netwerk)s ligt buiten de regio van %(verzekeraar)s.")
                % {"netwerk": contract.netwerk, "verzekeraar": contract.zorgverzekeraar}
            )
        )
    return found


def contract_list(
    contracten: QuerySet[Contract],
    *,
    jaar: int | None = None,
    netwerk: Netwerk | None = None,
    status: str = "",
    alleen_signalen: bool = False,
) -> QuerySet[Contract]:
    """The visible contracts (pass ``Contract.objects.visible_to(user)``), filtered."""
    result = with_signalen(contracten)
    if jaar is not None:
        result = result.filter(jaar=jaar)
    if netwerk is not None:
        result = result.filter(netwerk=netwerk)
    if status:
        result = result.filter(status=status)
    if alleen_signalen:
        result = result.filter(Q(aangesloten_in_jaar=False) | Q(in_regio=False))
    return result.order_by(
        "-jaar", "netwerk__naam", "organisatie__naam", "zorgverzekeraar__naam", "pk"
    )


def filter_netwerken(contracten: QuerySet[Contract]) -> QuerySet[Netwerk]:
    """Networks that occur in these contracts, for the list's filter."""
    return Netwerk.objects.filter(pk__in=contracten.values("netwerk_id")).order_by("naam")


def contract_indicatoren(contract: Contract) -> QuerySet[ContractIndicator]:
    return contract.indicatoren.order_by("id")


# --- Realisatie ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractRealisatie:
    """What the organisation realised in the contract's year according to the contact log,
    with the share of the contracted volume (None when that volume is not set)."""

    uren: Decimal
    clienten: int | disclosure.Onderdrukt
    percentage_uren: int | None
    percentage_clienten: int | disclosure.Onderdrukt | None


def _percentage(realised: Decimal | int, volume: Decimal | int | None) -> int | None:
    if not volume:
        return None
    return int((Decimal(realised) * 100 / Decimal(volume)).quantize(1, ROUND_HALF_UP))


def realisaties(
    contracten: Iterable[Contract], *, onderdrukken: bool = False
) -> dict[int, ContractRealisatie] | None:
    """Realised hours and clients per contract (by pk), or None while no app supplies the
    figures (inkoop.realisatie).

    The supplier reports per organisation and year, over all networks and insurers; the
    figure shown with a contract is that organisation's total in the contract's year. One
    call per year among the contracts, not per contract. With
    ``onderdrukken`` (insurers) the client count and its share of the contracted volume are
    as accounts.disclosure shows them (the share times the volume would give the count).
    """
    fetch = realisatie.bron()
    if fetch is None:
        return None
    per_jaar: dict[int, list[Contract]] = defaultdict(list)
    for contract in contracten:
        per_jaar[contract.jaar].append(contract)
    result: dict[int, ContractRealisatie] = {}
    for jaar, group in per_jaar.items():
        figures = fetch(sorted({c.organisatie_id for c in group}), jaar)
        for contract in group:
            figure = figures.get(contract.organisatie_id)
            uren = Decimal(figure.uren) if figure is not None else Decimal(0)
            clienten = int(figure.clienten) if figure is not None else 0
            result[contract.pk] = ContractRealisatie(
                uren=uren,
                clienten=disclosure.aantal(clienten, onderdrukken=onderdrukken),
                percentage_uren=_percentage(uren, contract.volume_uren),
                percentage_clienten=disclosure.afgeleid(
                    _percentage(clienten, contract.volume_clienten),
                    clienten,
                    onderdrukken=onderdrukken,
                ),
            )
    return result


# --- Capacity (zorgplicht) -----------------------------------------------------------------


def _whole(value: Decimal) -> int:
    return int(value.quantize(1, ROUND_HALF_UP))


def _one_decimal(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, ROUND_HALF_UP)


@dataclass(frozen=True)
class Capaciteit:
    """Expected demand for casemanagement in a network against the contracted capacity.

    People and clients are whole numbers, FTE has one decimal. Every figure is computed from
    the rounded figures above it and the differences from the rounded figures they compare,
    so a reader can recompute the page from what it shows. A negative difference is a
    shortage (tekort).
    """

    netwerk_id: int
    jaar: int
    inwoners_65_plus: int
    bevolkingsjaar: int | None
    prevalentie_thuiswonend: Decimal
    verwachte_mensen_met_dementie_thuis: int
    aandeel_vraag_casemanagement: int
    verwachte_vraag_clienten: int
    caseload_norm: Decimal
    benodigde_fte: Decimal
    gecontracteerde_clienten: int
    gecontracteerde_uren: Decimal
    gecontracteerde_fte: Decimal
    verschil_clienten: int
    verschil_fte: Decimal
    aantal_contracten: int
    contracten_zonder_clienten: int

    @property
    def heeft_bevolking(self) -> bool:
        return self.bevolkingsjaar is not None

    @property
    def is_tekort(self) -> bool:
        return self.verschil_clienten < 0

    @property
    def uitkomst(self) -> str:
        if self.verschil_clienten < 0:
            return _("tekort")
        if self.verschil_clienten > 0:
            return _("overschot")
        return _("in evenwicht")

    @property
    def css(self) -> str:
        return "fout" if self.is_tekort else "goed"

    @property
    def verschil_clienten_absoluut(self) -> int:
        return abs(self.verschil_clienten)

    @property
    def verschil_fte_absoluut(self) -> Decimal:
        return abs(self.verschil_fte)


def verwachte_mensen_met_dementie(inwoners_65_plus: int, prevalentie: Decimal) -> int:
    """Expected people with dementia living at home: 65+ inhabitants × the network's
    prevalence (% of 65-plussers, netwerk.prevalentie_thuiswonend) / 100, whole people."""
    return _whole(Decimal(inwoners_65_plus) * Decimal(prevalentie) / 100)


def capaciteit(netwerk: Netwerk, jaar: int) -> Capaciteit:
    """The zorgplicht figures of a network for a year, in three queries.

    inwoners 65+ (werkgebied, netwerk.selectors.inwoners_65_plus) × prevalentie / 100 =
    expected people with dementia living at home; × aandeel / 100 = expected demand in
    clients; / caseload norm = required FTE. Against it: the summed volumes of every
    insurer's afgesloten contracts for this network and year.
    """
    inwoners, bevolkingsjaar = inwoners_65_plus(netwerk, jaar)
    prevalentie = Decimal(netwerk.prevalentie_thuiswonend)
    aandeel = int(netwerk.aandeel_vraag_casemanagement)
    norm = Decimal(netwerk.caseload_norm)

    mensen = verwachte_mensen_met_dementie(inwoners, prevalentie)
    vraag = _whole(Decimal(mensen) * aandeel / 100)
    benodigde_fte = _one_decimal(Decimal(vraag) / norm) if norm else Decimal(0)

    totals: dict[str, Any] = Contract.objects.filter(
        netwerk=netwerk, jaar=jaar, status=ContractStatus.AFGESLOTEN
    ).aggregate(
        clienten=Sum("volume_clienten"),
        uren=Sum("volume_uren"),
        aantal=Count("pk"),
        zonder_clienten=Count("pk", filter=Q(volume_clienten__isnull=True)),
    )
    clienten = int(totals["clienten"] or 0)
    gecontracteerde_fte = _one_decimal(Decimal(clienten) / norm) if norm else Decimal(0)
    return Capaciteit(
        netwerk_id=netwerk.pk,
        jaar=jaar,
        inwoners_65_plus=inwoners,
        bevolkingsjaar=bevolkingsjaar,
        prevalentie_thuiswonend=prevalentie,
        verwachte_mensen_met_dementie_thuis=mensen,
        aandeel_vraag_casemanagement=aandeel,
        verwachte_vraag_clienten=vraag,
        caseload_norm=norm,
        benodigde_fte=benodigde_fte,
        gecontracteerde_clienten=clienten,
        gecontracteerde_uren=Decimal(totals["uren"] or 0),
        gecontracteerde_fte=gecontracteerde_fte,
        verschil_clienten=clienten - vraag,
        verschil_fte=gecontracteerde_fte - benodigde_fte,
        aantal_contracten=totals["aantal"],
        contracten_zonder_clienten=totals["zonder_clienten"],
    )


def capaciteit_contracten(contracten: QuerySet[Contract], netwerk: Netwerk, jaar: int):
    """The contracts behind the capacity figures that the user may see (pass
    ``Contract.objects.visible_to(user)``): other insurers' contracts count in the totals
    but are not listed to an insurer."""
    return (
        contracten.filter(netwerk=netwerk, jaar=jaar)
        .select_related("zorgverzekeraar", "organisatie")
        .order_by("zorgverzekeraar__naam", "organisatie__naam")
    )


# --- Wachtlijst ----------------------------------------------------------------------------


def wachtlijst_peildatum(jaar: int, vandaag: dt.date) -> dt.date:
    """The waitlist date that goes with a capacity year: today for the current (or a future)
    year, 31 December for a past year. The waitlist itself is wachtlijst's panel on the
    capacity page (wachtlijst.panelen), which asks this for its date."""
    return min(vandaag, dt.date(jaar, 12, 31))
