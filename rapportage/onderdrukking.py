"""The stored snapshot of a report as its readers may see it (accounts.disclosure).

A snapshot holds the raw figures, so that they stay checkable against the selectors; every
PDF is rendered from ``zichtbaar(rapport)``, whoever downloads it (insurers read the same
file as the coordinator). Suppressed values are ``disclosure.Onderdrukt``; the template
filters (templatetags.rapport) print them as "<5" or "x", the chart leaves a gap.
"""

from __future__ import annotations

import copy

from accounts import disclosure

from .models import RapportType

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


def zichtbaar(type_: str, data: dict) -> dict:
    """A deep copy of the snapshot ``data`` of a report of ``type_`` with what its readers
    may not see replaced by ``Onderdrukt``."""
    d = copy.deepcopy(data)
    if type_ in (RapportType.KWARTAAL, RapportType.JAAR):
        _netwerk(d)
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


def _netwerk(d: dict) -> None:
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

    for u in d["uitkomsten"]:
        aantal = u["aantal"]
        if "gemiddelde" in u:
            u["gemiddelde"] = disclosure.afgeleid(u["gemiddelde"], aantal)
        if u.get("verdeling"):
            cellen = {"totaal": aantal} | {i: v["aantal"] for i, v in enumerate(u["verdeling"])}
            som = disclosure.Som("totaal", tuple(range(len(u["verdeling"]))))
            getoond = disclosure.beveilig(cellen, [som])
            u["aantal"] = getoond["totaal"]
            for i, v in enumerate(u["verdeling"]):
                v["aantal"] = getoond[i]
        else:
            u["aantal"] = disclosure.aantal(aantal)


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
