"""The NZa quarterly figures of a network computed from today's data (``nza_cijfers``), the
stored quarters in the same shape, and the reads of the pages and the API. The rules per
figure are in the package docstring (wachtlijst.nza).

Everything is computed set-based, in a fixed number of queries whatever the size of the
network.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from casemanagement.models import Aanmelding, Casemanager, Traject
from netwerk.models import Netwerk, Organisatie, Vestiging
from netwerk.selectors import aanbieder_vestigingen, casemanagement_aanbieders

from ..models import KwartaalStatus, NzaAanlevering, NzaKwartaal, RegelBron
from ..models.nza import OOIT_GEPUBLICEERD
from ..selectors import in_zorg_op, met_wachttijd, wachtend_op, zes_weken_of_langer
from .permissions import ZichtbareCijfers, can_manage_nza, zichtbare_cijfers

CENTRAAL_NAAM = gettext_lazy("Centraal aangemeld (nog geen aanbieder)")
ZONDER_VESTIGING_NAAM = gettext_lazy("Geen actieve vestiging met AGB-code")


@dataclass(frozen=True)
class NzaRegel:
    """The figures of one vestiging (or the central row, or an organisation without vestiging)."""

    agb_code: str
    vestiging_naam: str
    organisatie_naam: str
    wachtend: int = 0
    zes_weken_of_langer: int = 0
    in_zorg: int = 0
    fte_casemanagers: Decimal = Decimal("0.00")
    aantal_casemanagers: int = 0
    bron: str = RegelBron.BEREKEND  # or confirmed / corrected by the provider (nza_cyclus)

    @property
    def is_centraal(self) -> bool:
        return not self.agb_code and not self.organisatie_naam


@dataclass(frozen=True)
class NzaCijfers:
    """A network's NZa figures on a peildatum: computed now, or read from a stored quarter."""

    peildatum: dt.date
    regels: list[NzaRegel] = field(default_factory=list)
    gemiddelde_wachtdagen: Decimal | None = None

    @property
    def aantal_wachtend(self) -> int:
        return sum(regel.wachtend for regel in self.regels)

    @property
    def aantal_zes_weken_of_langer(self) -> int:
        return sum(regel.zes_weken_of_langer for regel in self.regels)

    @property
    def aantal_in_zorg(self) -> int:
        return sum(regel.in_zorg for regel in self.regels)

    @property
    def fte_casemanagers(self) -> Decimal:
        return sum((regel.fte_casemanagers for regel in self.regels), Decimal("0.00"))

    @property
    def aantal_casemanagers(self) -> int:
        return sum(regel.aantal_casemanagers for regel in self.regels)

    @property
    def zonder_vestiging(self) -> list[str]:
        """Organisations reported without AGB code because they have no active vestiging."""
        return [r.organisatie_naam for r in self.regels if not r.agb_code and r.organisatie_naam]


TOTAAL_VELDEN = (
    "aantal_wachtend",
    "aantal_zes_weken_of_langer",
    "aantal_in_zorg",
    "fte_casemanagers",
    "aantal_casemanagers",
    "gemiddelde_wachtdagen",
)
REGEL_VELDEN = (
    "agb_code",
    "vestiging_naam",
    "organisatie_naam",
    "wachtend",
    "zes_weken_of_langer",
    "in_zorg",
    "fte_casemanagers",
    "aantal_casemanagers",
    "bron",
)
AANGELEVERDE_VELDEN = (
    "wachtend",
    "zes_weken_of_langer",
    "in_zorg",
    "fte_casemanagers",
    "aantal_casemanagers",
)

# A row of the figures: ("vestiging", id), ("organisatie", id) without an active vestiging,
# or ("centraal", None) for aanmeldingen without a provider.
Sleutel = tuple[str, int | None]


def _eerste_vestiging(organisatie_ref: str) -> Subquery:
    """The organisation's first active vestiging by AGB code (NULL when it has none)."""
    return Subquery(
        Vestiging.objects.filter(organisatie=OuterRef(organisatie_ref), actief=True)
        .order_by("agb_code")
        .values("pk")[:1],
        output_field=BigIntegerField(),
    )


def _sleutel(vestiging_id: int | None, organisatie_id: int | None) -> Sleutel:
    if vestiging_id is not None:
        return ("vestiging", vestiging_id)
    if organisatie_id is not None:
        return ("organisatie", organisatie_id)
    return ("centraal", None)


def _gemiddelde(som: int, aantal: int) -> Decimal | None:
    if not aantal:
        return None
    return (Decimal(som) / Decimal(aantal)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _wachtend(netwerk: Netwerk, peildatum: dt.date) -> QuerySet:
    """Per reporting vestiging: waiting on P, of those 6 weeks or longer, their NZa days."""
    return (
        met_wachttijd(wachtend_op(Aanmelding.objects.filter(netwerk=netwerk), peildatum), peildatum)
        .annotate(rapport_vestiging=Coalesce(F("vestiging_id"), _eerste_vestiging("organisatie")))
        .values("rapport_vestiging", "organisatie")
        .annotate(
            wachtend=Count("pk"),
            zes_weken_of_langer=Count("pk", filter=zes_weken_of_langer()),
            wachtdagen=Sum("nza_dagen"),
        )
        .order_by()
    )


def _in_zorg(netwerk: Netwerk, peildatum: dt.date) -> QuerySet:
    """Per reporting vestiging: clients in care on P (one traject per client)."""
    return (
        in_zorg_op(Traject.objects.filter(netwerk=netwerk), peildatum)
        .annotate(rapport_vestiging=_eerste_vestiging("organisatie"))
        .values("rapport_vestiging", "organisatie")
        .annotate(in_zorg=Count("pk"))
        .order_by()
    )


def _casemanagers(netwerk: Netwerk) -> QuerySet:
    """Per reporting vestiging: the active casemanagers and their fte."""
    return (
        Casemanager.objects.filter(netwerk=netwerk, actief=True)
        .annotate(rapport_vestiging=_eerste_vestiging("organisatie"))
        .values("rapport_vestiging", "organisatie")
        .annotate(aantal_casemanagers=Count("pk"), fte_casemanagers=Sum("fte"))
        .order_by()
    )


def _optellen(cijfers: dict[Sleutel, dict], rows: Iterable[dict], velden: tuple[str, ...]):
    """Add the rows' figures to their reporting row (several query rows can land on one:
    an aanmelding at a vestiging and one at its organisation's first vestiging)."""
    for row in rows:
        regel = cijfers[_sleutel(row["rapport_vestiging"], row["organisatie"])]
        for veld in velden:
            regel[veld] = regel.get(veld, 0) + row[veld]


def _namen(netwerk: Netwerk, peildatum: dt.date, sleutels) -> dict[Sleutel, tuple[str, str, str]]:
    """(AGB code, vestiging, organisation) of every row with figures and of every provider of
    the network (so each shows up, with zeros where it has nothing to report), in two
    queries; the central row last."""
    aanbieders = casemanagement_aanbieders(netwerk, peildatum)
    vestiging_ids = [key[1] for key in sleutels if key[0] == "vestiging"]
    organisatie_ids = [key[1] for key in sleutels if key[0] == "organisatie"]
    namen: dict[Sleutel, tuple[str, str, str]] = {}
    for vestiging in Vestiging.objects.filter(
        Q(pk__in=vestiging_ids)
        | Q(pk__in=aanbieders.annotate(eerste=_eerste_vestiging("pk")).values("eerste"))
    ).select_related("organisatie"):
        namen[("vestiging", vestiging.pk)] = (
            vestiging.agb_code,
            vestiging.naam,
            vestiging.organisatie.naam,
        )
    for organisatie in Organisatie.objects.filter(
        Q(pk__in=organisatie_ids)
        | Q(
            Q(pk__in=aanbieders.values("pk")),
            ~Exists(Vestiging.objects.filter(organisatie=OuterRef("pk"), actief=True)),
        )
    ).values("pk", "naam"):
        namen[("organisatie", organisatie["pk"])] = (
            "",
            str(ZONDER_VESTIGING_NAAM),
            organisatie["naam"],
        )
    namen[("centraal", None)] = ("", str(CENTRAAL_NAAM), "")
    return namen


def _volgorde(regel: NzaRegel) -> tuple:
    """By organisation, its vestigingen by name, the row without AGB code after them; the
    central row last."""
    return (
        regel.is_centraal,
        regel.organisatie_naam.casefold(),
        not regel.agb_code,
        regel.vestiging_naam.casefold(),
        regel.agb_code,
    )


def nza_cijfers(netwerk: Netwerk, peildatum: dt.date) -> NzaCijfers:
    """The network's NZa figures on the peildatum from today's data, in five queries."""
    wachtend = list(_wachtend(netwerk, peildatum))
    cijfers: dict[Sleutel, dict] = defaultdict(dict)
    _optellen(cijfers, wachtend, ("wachtend", "zes_weken_of_langer"))
    _optellen(cijfers, _in_zorg(netwerk, peildatum), ("in_zorg",))
    _optellen(cijfers, _casemanagers(netwerk), ("aantal_casemanagers", "fte_casemanagers"))
    namen = _namen(netwerk, peildatum, list(cijfers))
    regels = sorted(
        (
            NzaRegel(*namen[key], **cijfers.get(key, {}))
            for key in namen
            if key[0] != "centraal" or key in cijfers
        ),
        key=_volgorde,
    )
    return NzaCijfers(
        peildatum=peildatum,
        regels=regels,
        gemiddelde_wachtdagen=_gemiddelde(
            sum(row["wachtdagen"] for row in wachtend), sum(r.wachtend for r in regels)
        ),
    )


@dataclass(frozen=True)
class Volledigheid:
    """How complete the providers' NZa figures of a network are for a peildatum: of the
    active vestigingen of its casemanagement providers, how many confirmed or corrected
    their figures (the quarterly cycle, decision 0024). Counts of vestigingen, not of
    persons: nothing to suppress."""

    vestigingen: int = 0
    bevestigd: int = 0

    @property
    def percentage(self) -> Decimal | None:
        if not self.vestigingen:
            return None
        return (Decimal(self.bevestigd) * 100 / self.vestigingen).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )


def volledigheid_per_netwerk(netwerken, peildatum: dt.date) -> dict[int, Volledigheid]:
    """``Volledigheid`` per network id for all the given networks at once (two queries)."""
    verwacht: dict[int, set[str]] = defaultdict(set)
    for netwerk_id, agb_code in aanbieder_vestigingen(netwerken, peildatum):
        verwacht[netwerk_id].add(agb_code)
    bevestigd: dict[int, set[str]] = defaultdict(set)
    for netwerk_id, agb_code in (
        NzaAanlevering.objects.filter(netwerk__in=netwerken, peildatum=peildatum)
        .values_list("netwerk_id", "agb_code")
        .distinct()
    ):
        bevestigd[netwerk_id].add(agb_code)
    return {
        netwerk_id: Volledigheid(len(agb), len(agb & bevestigd[netwerk_id]))
        for netwerk_id, agb in verwacht.items()
    }


def huidige_aanleveringen(netwerk: Netwerk, peildatum: dt.date) -> dict[str, NzaAanlevering]:
    """Per AGB code the newest confirmation or correction of the providers (one query)."""
    huidig: dict[str, NzaAanlevering] = {}
    for aanlevering in (
        NzaAanlevering.objects.filter(netwerk=netwerk, peildatum=peildatum)
        .select_related("vestiging", "organisatie")
        .order_by("agb_code", "-vastgelegd_op", "-id")
    ):
        huidig.setdefault(aanlevering.agb_code, aanlevering)
    return huidig


def met_aanleveringen(cijfers: NzaCijfers, aanleveringen: dict[str, NzaAanlevering]) -> NzaCijfers:
    """The figures with the providers' confirmed or corrected rows in place of the computed
    ones (a confirmed vestiging the computation has no row for gets one). The average wait
    stays the computed one: providers deliver counts, not waits."""
    regels = []
    for regel in cijfers.regels:
        aanlevering = aanleveringen.get(regel.agb_code) if regel.agb_code else None
        if aanlevering is None:
            regels.append(regel)
        else:
            regels.append(_aangeleverde_regel(regel, aanlevering))
    bekend = {regel.agb_code for regel in cijfers.regels}
    for agb_code, aanlevering in aanleveringen.items():
        if agb_code not in bekend:
            leeg = NzaRegel(agb_code, aanlevering.vestiging.naam, aanlevering.organisatie.naam)
            regels.append(_aangeleverde_regel(leeg, aanlevering))
    return replace(cijfers, regels=sorted(regels, key=_volgorde))


def _aangeleverde_regel(regel: NzaRegel, aanlevering: NzaAanlevering) -> NzaRegel:
    return replace(
        regel,
        bron=aanlevering.status,
        **{veld: getattr(aanlevering, veld) for veld in AANGELEVERDE_VELDEN},
    )


def nza_cijfers_aangeleverd(netwerk: Netwerk, peildatum: dt.date) -> NzaCijfers:
    """What the network compiles: the computed figures, with the providers' confirmations
    and corrections where present (docs/decisions/0024)."""
    return met_aanleveringen(
        nza_cijfers(netwerk, peildatum), huidige_aanleveringen(netwerk, peildatum)
    )


def cijfers_van_kwartaal(kwartaal: NzaKwartaal) -> NzaCijfers:
    """The stored snapshot in the same shape as computed figures (reads ``regels``, so
    prefetch them for lists)."""
    return NzaCijfers(
        peildatum=kwartaal.peildatum,
        regels=[
            NzaRegel(**{name: getattr(regel, name) for name in REGEL_VELDEN})
            for regel in kwartaal.regels.all()
        ],
        gemiddelde_wachtdagen=kwartaal.gemiddelde_wachtdagen,
    )


def zichtbare_kwartalen(
    kwartalen: Iterable[NzaKwartaal], *, onderdrukken: bool
) -> dict[int, ZichtbareCijfers]:
    """Per quarter (by pk) its figures as the reader may see them, with every earlier
    published version of the same quarter taken into account (a reader who got v1 and v2
    must not learn from v2 - v1 how many persons a correction moved, decision 0016). Each
    published version is shown as it was computed when it came out: v1 alone, v2 against
    v1, v3 against both; so an output never changes after publication. Two queries."""
    kwartalen = list(kwartalen)
    if not kwartalen:
        return {}
    versies = (
        NzaKwartaal.objects.filter(
            netwerk_id__in={k.netwerk_id for k in kwartalen},
            peildatum__in={k.peildatum for k in kwartalen},
            status__in=OOIT_GEPUBLICEERD,
        )
        .order_by("netwerk_id", "peildatum", "versie")
        .prefetch_related("regels")
    )
    per_kwartaal: dict[tuple, list[NzaKwartaal]] = defaultdict(list)
    for versie in versies:
        per_kwartaal[(versie.netwerk_id, versie.peildatum)].append(versie)
    uitkomst: dict[int, ZichtbareCijfers] = {}
    for kwartaal in kwartalen:
        eerdere = [
            v
            for v in per_kwartaal[(kwartaal.netwerk_id, kwartaal.peildatum)]
            if v.versie < kwartaal.versie
        ]
        getoond: list[ZichtbareCijfers] = []
        for versie in eerdere:  # oldest first: each as it was shown when it came out
            getoond.append(
                zichtbare_cijfers(
                    cijfers_van_kwartaal(versie), onderdrukken=onderdrukken, eerder=getoond
                )
            )
        uitkomst[kwartaal.pk] = zichtbare_cijfers(
            cijfers_van_kwartaal(kwartaal), onderdrukken=onderdrukken, eerder=getoond
        )
    return uitkomst


def zichtbaar_kwartaal(kwartaal: NzaKwartaal, *, onderdrukken: bool) -> ZichtbareCijfers:
    """One quarter as the reader may see it (``zichtbare_kwartalen``)."""
    return zichtbare_kwartalen([kwartaal], onderdrukken=onderdrukken)[kwartaal.pk]


# --- Reads for the pages and the API ---------------------------------------------------------


def kwartalen_van(netwerk: Netwerk, user) -> QuerySet[NzaKwartaal]:
    """The quarters of the network the user may see, newest peildatum and version first."""
    return (
        NzaKwartaal.objects.visible_to(user)
        .filter(netwerk=netwerk)
        .select_related("gepubliceerd_door")
        .order_by("-peildatum", "-versie")
    )


def kwartaal_met_regels(queryset: QuerySet[NzaKwartaal]) -> QuerySet[NzaKwartaal]:
    return queryset.select_related(
        "netwerk", "aangemaakt_door", "gepubliceerd_door"
    ).prefetch_related("regels")


def publieke_kwartalen(netwerk: Netwerk) -> list[NzaKwartaal]:
    """The current published version of every quarter, newest first, with its rows (the
    totals a page shows are suppressed together with the rows, accounts.disclosure)."""
    return list(
        NzaKwartaal.objects.gepubliceerd()
        .filter(netwerk=netwerk)
        .order_by("-peildatum")
        .prefetch_related("regels")
    )


def openbare_netwerken() -> QuerySet[Netwerk]:
    """Every network for the public index (/openbaar/), by name, each with the peildatum of
    its newest published quarter (``laatste_peildatum``, None before the first): one query."""
    return Netwerk.objects.annotate(
        laatste_peildatum=Max(
            "nza_kwartalen__peildatum",
            filter=Q(nza_kwartalen__status=KwartaalStatus.GEPUBLICEERD),
        )
    ).order_by("naam")


def open_peildata(netwerk: Netwerk, peildata: list[dt.date]) -> list[dt.date]:
    """Those of the peildata for which the network has no version of the quarter yet."""
    bestaand = set(
        NzaKwartaal.objects.filter(netwerk=netwerk, peildatum__in=peildata).values_list(
            "peildatum", flat=True
        )
    )
    return [peildatum for peildatum in peildata if peildatum not in bestaand]


def bron_voor(netwerk: Netwerk, peildatum: dt.date, user) -> NzaKwartaal | NzaCijfers | None:
    """What the API answers for a peildatum: the published version; else, for those who read
    concepts, the concept; else, for the coordinator, the figures computed now; else None."""
    versies = NzaKwartaal.objects.visible_to(user).filter(netwerk=netwerk, peildatum=peildatum)
    kwartaal = (
        kwartaal_met_regels(versies)
        .filter(status__in=[KwartaalStatus.GEPUBLICEERD, KwartaalStatus.CONCEPT])
        .order_by("-status")  # "gepubliceerd" before "concept"
        .first()
    )
    if kwartaal is not None:
        return kwartaal
    if can_manage_nza(user, netwerk):
        return nza_cijfers_aangeleverd(netwerk, peildatum)
    return None
