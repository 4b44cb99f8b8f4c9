"""The stored snapshot of a report as its readers may see it (accounts.disclosure).

A snapshot holds the raw figures, so that they stay checkable against the selectors; every
PDF is rendered from ``zichtbaar(rapport)``, whoever downloads it (insurers read the same
file as the coordinator). Suppressed values are ``disclosure.Onderdrukt``; the template
filters (templatetags.rapport) print them as "<5" or "x", the chart leaves a gap.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Mapping

from django.db.models import Q

from accounts import disclosure

from .models import NETWERK_TYPES, Rapport, RapportStatus, RapportType

WACHTLIJST_AANTALLEN = (
    "aantal_wachtend",
    "aantal_wenswachtend",
    "aantal_dreigt",
    "aantal_boven_treeknorm",
    "aantal_zes_weken_of_langer",
)
WACHTTIJDEN = (
    "mediaan_wachtdagen",
    "langste_wachtdagen",
    "mediaan_wachtdagen_gecorrigeerd",
    "langste_wachtdagen_gecorrigeerd",
)
LANDELIJK_MET_TOTAAL = ("aantal_wachtend", "aantal_boven_treeknorm", "aantal_zes_weken_of_langer")


def zichtbaar(type_: str, data: dict, *, uitkomsten: Mapping | None = None) -> dict:
    """A deep copy of the snapshot ``data`` of a report of ``type_`` with what its readers
    may not see replaced by ``Onderdrukt``. ``uitkomsten``: the outcome counts as shown,
    worked out against the reports of other periods (``zichtbaar_rapport``); without it,
    the report is protected on its own."""
    d = copy.deepcopy(data)
    if type_ in (RapportType.KWARTAAL, RapportType.JAAR):
        _netwerk(d, uitkomsten)
    elif type_ == RapportType.LANDELIJK_WACHTLIJST:
        _landelijk(d)
    # RapportType.SIGNALEN counts signals about networks, no persons, and lists every
    # signal to the signaalteam: nothing to suppress (docs/decisions/0016).
    return d


def _samenvatting(s: dict) -> None:
    wachtend = s.get("aantal_wachtend")
    for veld in WACHTTIJDEN:
        if veld in s:
            s[veld] = disclosure.afgeleid(s[veld], wachtend)
    for veld in WACHTLIJST_AANTALLEN:
        if veld in s:
            s[veld] = disclosure.aantal(s[veld])


def _netwerk(d: dict, uitkomsten: Mapping | None = None) -> None:
    w = d["wachtlijst"]
    _samenvatting(w)
    for punt in w.get("trend", []):
        _samenvatting(punt)
    g = w["gestart"]
    totaal = g["totaal"]
    g["percentage_binnen_4_weken"] = disclosure.percentage(
        g["percentage_binnen_4_weken"], g.get("binnen_4_weken"), totaal
    )
    g["percentage_binnen_6_weken"] = disclosure.percentage(
        g["percentage_binnen_6_weken"], g.get("binnen_6_weken"), totaal
    )
    g["totaal"] = disclosure.aantal(totaal)
    g["binnen_4_weken"] = disclosure.aantal(g.get("binnen_4_weken"))
    g["binnen_6_weken"] = disclosure.aantal(g.get("binnen_6_weken"))

    c = d["caseload"]
    c["clienten_per_fte"] = disclosure.afgeleid(c["clienten_per_fte"], c["clienten_in_zorg"])
    c["clienten_in_zorg"] = disclosure.aantal(c["clienten_in_zorg"])
    c["aantal_casemanagers"] = disclosure.aantal(c["aantal_casemanagers"])

    for rij in d["inkoop"]["per_aanbieder"]:
        rij["gerealiseerd_clienten"] = disclosure.aantal(rij["gerealiseerd_clienten"])

    getoond = uitkomsten
    if getoond is None:
        cellen, sommen = _uitkomst_cellen(None, d["uitkomsten"])
        getoond = disclosure.beveilig(cellen, sommen)
    for u in d["uitkomsten"]:
        aantal = getoond[(None, u["type"], "totaal")]
        if "gemiddelde" in u:
            u["gemiddelde"] = disclosure.afgeleid(u["gemiddelde"], u["aantal"], aantal)
        u["aantal"] = aantal
        for i, v in enumerate(u.get("verdeling") or []):
            v["aantal"] = getoond[(None, u["type"], i)]


def _uitkomst_cellen(wie, uitkomsten: list[dict]) -> tuple[dict, list[disclosure.Som]]:
    """The outcome counts of one report as cells (``wie``, type, "totaal" or category) and
    its sums (a distribution adds up to its total)."""
    cellen: dict = {}
    sommen = []
    for u in uitkomsten:
        cellen[(wie, u["type"], "totaal")] = u["aantal"]
        verdeling = u.get("verdeling") or []
        for i, v in enumerate(verdeling):
            cellen[(wie, u["type"], i)] = v["aantal"]
        if verdeling:
            delen = tuple((wie, u["type"], i) for i in range(len(verdeling)))
            sommen.append(disclosure.Som((wie, u["type"], "totaal"), delen))
    return cellen, sommen


# --- Reports of other periods: a year is the sum of its quarters ------------------------------


def zichtbaar_rapport(rapport: Rapport) -> dict:
    """The snapshot of ``rapport`` as its readers may see it, with the reports of the other
    periods of the same year that the same readers get (decision 0016).

    Outcome measures are counted over a period, so the year's counts are the sums of the
    four quarters' counts: the year minus the shown quarters must not give a hidden quarter,
    nor may the quarters give a hidden year. The reports are taken in the order they were adopted; a
    report adopted earlier is shown as it was (its cells can no longer be hidden), and this
    report hides its own cells to protect what they show. A period nobody can get yet counts
    as it will be shown when its values are known (the year report carries its quarters'
    counts; a missing year is their sum; one missing quarter is the year minus the others),
    since the last report to come could not protect itself; else it is an unknown. Earlier
    versions of the same period are compared as for the NZa quarters: a count that changed
    by 1 to 4 is hidden.
    """
    if rapport.type not in NETWERK_TYPES or not rapport.netwerk_id:
        return zichtbaar(rapport.type, rapport.data)
    jaar = rapport.periode[:4]
    perioden = [jaar, *(f"{jaar}Q{q}" for q in range(1, 5))]
    eerder = Rapport.objects.filter(
        netwerk_id=rapport.netwerk_id,
        type__in=NETWERK_TYPES,
        periode__in=perioden,
        status__in=[RapportStatus.VASTGESTELD, RapportStatus.VERVANGEN],
    ).exclude(pk=rapport.pk)
    if rapport.vastgesteld_op:
        eerder = eerder.filter(Q(vastgesteld_op__lt=rapport.vastgesteld_op))
    gepubliceerd: list[tuple[Rapport, dict]] = []  # (report, its outcome cells as shown)
    for ander in eerder.order_by("vastgesteld_op", "pk"):
        gepubliceerd.append((ander, _getoond(ander, gepubliceerd, perioden)))
    return zichtbaar(
        rapport.type, rapport.data, uitkomsten=_getoond(rapport, gepubliceerd, perioden)
    )


def _getoond(rapport: Rapport, gepubliceerd: list[tuple[Rapport, dict]], perioden) -> dict:
    """The outcome cells of ``rapport`` as shown (keyed with ``None`` for the report
    itself), given the reports published before it."""
    eigen = (rapport.periode, rapport.versie)
    cellen, sommen = _uitkomst_cellen(eigen, rapport.data.get("uitkomsten", []))
    vast: dict = {}
    versies: dict[str, list] = {p: [] for p in perioden}
    eerdere_versies = []
    for ander, getoond in gepubliceerd:
        wie = (ander.periode, ander.versie)
        versies[ander.periode].append(wie)
        sommen += _uitkomst_cellen(wie, ander.data.get("uitkomsten", []))[1]
        vast |= {(wie, *k[1:]): v for k, v in getoond.items()}
        if ander.periode == rapport.periode:
            eerdere_versies.append({(eigen, *k[1:]): v for k, v in getoond.items()})
    versies[rapport.periode].append(eigen)
    ontbrekend = [p for p in perioden if not versies[p]]
    for p in ontbrekend:
        versies[p] = [(p, None)]
    vast |= _toekomst(rapport, gepubliceerd, ontbrekend, cellen, perioden)
    sommen += _periode_sommen(cellen, versies, perioden)
    getoond = disclosure.beveilig(cellen, sommen, vast=vast, eerder=eerdere_versies)
    return {(None, *k[1:]): v for k, v in getoond.items()}


def _toekomst(rapport, gepubliceerd, ontbrekend: list[str], cellen: dict, perioden) -> dict:
    """The cells of the periods nobody can get yet, as they will be shown (a count of 1-4
    as "<5", the rest as a number: the worst case) when their values are known: a year
    report carries its quarters' counts, a missing year is the sum of the four quarters,
    one missing quarter is the year minus the others. Otherwise unknowns."""
    sleutels = {k[1:] for k in cellen}
    laatste = {r.periode: r.data for r, _ in gepubliceerd} | {rapport.periode: rapport.data}
    jaar, kwartalen = perioden[0], perioden[1:]
    waarden = {p: _waarden(laatste[p].get("uitkomsten", [])) for p in laatste}
    per_kwartaal = (laatste.get(jaar) or {}).get("uitkomsten_per_kwartaal") or {}
    for q, uitkomsten in per_kwartaal.items():
        waarden.setdefault(q, _waarden(uitkomsten))
    if len([p for p in perioden if p not in waarden]) == 1:
        missend = next(p for p in perioden if p not in waarden)
        if missend == jaar:
            waarden[jaar] = {k: sum(waarden[q].get(k, 0) for q in kwartalen) for k in sleutels}
        else:
            anderen = [q for q in kwartalen if q != missend]
            waarden[missend] = {
                k: max(waarden[jaar].get(k, 0) - sum(waarden[q].get(k, 0) for q in anderen), 0)
                for k in sleutels
            }
    vast = {}
    for p in ontbrekend:
        for k in sleutels:
            waarde = waarden.get(p, {}).get(k)
            vast[((p, None), *k)] = (
                disclosure.ONBEKEND if waarde is None else disclosure.aantal(waarde)
            )
    return vast


def _waarden(uitkomsten: list[dict]) -> dict:
    return {k[1:]: v for k, v in _uitkomst_cellen(None, uitkomsten)[0].items()}


def _periode_sommen(cellen: dict, versies: dict[str, list], perioden) -> list[disclosure.Som]:
    """Per outcome cell: the year is the sum of its quarters, for every version of each."""
    sleutels = {k[1:] for k in cellen}
    # every version the reader can get of each period; a handful in practice
    combinaties = list(itertools.product(*(versies[p] for p in perioden)))[:64]
    sommen = []
    for combinatie in combinaties:
        j, *qs = combinatie
        for k in sleutels:
            sommen.append(disclosure.Som((j, *k), tuple((q, *k) for q in qs), complement="totaal"))
    return sommen


def _landelijk(d: dict) -> None:
    netwerken = d["netwerken"]
    totalen = d["totalen"]
    cellen: dict = {}
    sommen = []
    for veld in LANDELIJK_MET_TOTAAL:
        cellen[("totaal", veld)] = totalen[veld]
        for i, n in enumerate(netwerken):
            cellen[(i, veld)] = n[veld]
        sommen.append(
            disclosure.Som(
                ("totaal", veld),
                tuple((i, veld) for i in range(len(netwerken))),
                complement="totaal",
            )
        )
    getoond = disclosure.beveilig(cellen, sommen)
    for i, n in enumerate(netwerken):
        for veld in ("mediaan_wachtdagen", "langste_wachtdagen"):
            n[veld] = disclosure.afgeleid(n.get(veld), n["aantal_wachtend"])
        for veld in LANDELIJK_MET_TOTAAL:
            n[veld] = getoond[(i, veld)]
    for veld in LANDELIJK_MET_TOTAAL:
        totalen[veld] = getoond[("totaal", veld)]
