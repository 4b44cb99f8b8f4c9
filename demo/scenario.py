"""The 2016 national inventory as a demo scenario (`seed_demo --scenario landelijk-2016`).

On the peildatum, 1 October 2016, the national inventory shows 65 networks: 30 without a
waitlist, 30 with 1 to 99 waiting and 5 with 100 or more (Haaglanden, Eindhoven,
Midden-Limburg, Gooi en Vechtstreek, Waardenlanden), 1,218 waiting in total.

The networks are the first 65 of demo/data/demo_netwerken_meta.csv (the five named always
among them), created with their werkgebied when they do not exist yet, as demo.netwerk does.
Every network gets clients and aanmeldingen with a waiting history around the peildatum:
exactly the planned number waiting on it (some since that very day, some wenswachtend with an
uitstel over it, some with an uitstel behind them), and others helped or afgemeld before it
(a few exactly on it, so they no longer count) or registered after it. Every history is
closed some months after the peildatum, so nobody from 2016 is still waiting today.

Written with bulk inserts, as demo.casemanagement does; fast (a few seconds) and respecting
every database constraint. Clients get valid BSNs (elfproef) from 600.000.000 up, a range
the regular demo (200.000.000) and the test factories (100.000.001) do not use, stored
encrypted like every BSN. Idempotent per network: a network whose first scenario BSN exists
is left as it is.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TextIO

from django.db import transaction
from django.utils.text import slugify

from accounts.models import Role
from casemanagement.identifiers import bsn_hash
from casemanagement.models import (
    Aanmelding,
    Afmeldreden,
    Client,
    DiagnoseStatus,
    Fase,
    Geslacht,
    Uitstel,
    Urgentie,
    VerwijzerType,
    Woonsituatie,
)
from netwerk.models import Gemeente, Membership, Netwerk, Werkgebied, Zorgverzekeraar

from .netwerk import ZORGVERZEKERAARS, csv_rows
from .personen import ACHTERNAMEN, LETTERS, STRATEN, VOORNAMEN_M, VOORNAMEN_V, bsns

PEILDATUM = dt.date(2016, 10, 1)
AANTAL_NETWERKEN = 65
TOTAAL_WACHTEND = 1218

# The five networks with 100 or more waiting: (waiting on the peildatum, typical wait so far
# of those waiting, typical wait of those helped before it), in days.
GROOT = {
    "Dementienetwerk Haaglanden": (312, 70, 45),
    "Ketenzorg Dementie Eindhoven": (228, 80, 50),
    "Dementienetwerk Midden-Limburg": (186, 90, 55),
    "Dementienetwerk Gooi en Vechtstreek": (131, 55, 35),
    "Dementienetwerk Waardenlanden": (104, 110, 60),
}
# Waiting in each of the 30 networks with a small waitlist; the other 30 have none.
KLEIN = [46, 27, 21, 18, 15, 14, 12, 11, 10, 9, 8, 8, 7, 6, 6]
KLEIN += [5, 5, 4, 4, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1]

BSN_START = 600_000_000
BSN_BLOK = 100_000  # numbers per network, about 9,000 valid BSNs

AFMELDING_FASE = {
    Afmeldreden.OPNAME: Fase.OPNAME,
    Afmeldreden.OVERLIJDEN: Fase.OVERLEDEN,
    Afmeldreden.VERHUIZING: Fase.VERHUISD,
    Afmeldreden.AFZIEN: Fase.AFGEZIEN,
    Afmeldreden.ANDERS: Fase.NIET_PLUIS,
}


def _check_plan() -> None:
    if len(GROOT) + 2 * len(KLEIN) != AANTAL_NETWERKEN or len(KLEIN) != 30:
        raise AssertionError("Het scenario telt niet 65 netwerken (5 groot, 30 klein, 30 geen).")
    if sum(w for w, _, _ in GROOT.values()) + sum(KLEIN) != TOTAAL_WACHTEND:
        raise AssertionError("Het scenario telt niet 1.218 wachtenden.")
    if not all(1 <= w < 100 for w in KLEIN) or not all(w >= 100 for w, _, _ in GROOT.values()):
        raise AssertionError("Een netwerk van het scenario valt in de verkeerde categorie.")


@dataclass
class Geschiedenis:
    """One aanmelding's events, as the clock reads them."""

    datum: dt.date
    eerste_contact: dt.date | None = None
    afgemeld: dt.date | None = None
    afmeldreden: str = ""
    uitstellen: list[tuple[dt.date, dt.date]] = field(default_factory=list)


def _dagen(rng: random.Random, gemiddeld: int, maximum: int = 400) -> int:
    """A wait with a long tail (gamma distribution) around the typical number of days."""
    return min(maximum, int(rng.gammavariate(2, gemiddeld / 2)))


def _na(datum: dt.date, rng: random.Random, laag: int, hoog: int) -> dt.date:
    return datum + dt.timedelta(days=rng.randint(laag, hoog))


def _wachtend(rng: random.Random, aantal: int, gemiddeld: int) -> list[Geschiedenis]:
    """Exactly ``aantal`` aanmeldingen waiting on the peildatum, each stopped after it."""
    result = []
    for number in range(aantal):
        wacht = 0 if number == 0 and aantal >= 3 else _dagen(rng, gemiddeld, maximum=365)
        g = Geschiedenis(datum=PEILDATUM - dt.timedelta(days=wacht))
        beschikbaar = PEILDATUM
        if rng.random() < 0.08:
            # wenswachtend: an uitstel over the peildatum
            van = PEILDATUM - dt.timedelta(days=rng.randint(0, min(wacht, 20)))
            beschikbaar = _na(PEILDATUM, rng, 7, 35)
            g.uitstellen.append((van, beschikbaar))
        elif wacht > 30 and rng.random() < 0.12:
            van = _na(g.datum, rng, 3, 10)
            g.uitstellen.append((van, min(PEILDATUM, _na(van, rng, 7, 21))))
        if rng.random() < 0.06:
            g.afgemeld = _na(PEILDATUM, rng, 1, 60)
            g.afmeldreden = rng.choice(list(Afmeldreden))
        else:
            g.eerste_contact = _na(beschikbaar, rng, 1, 90)
        result.append(g)
    return result


def _geholpen(rng: random.Random, aantal: int, gemiddeld: int) -> list[Geschiedenis]:
    """Taken into care before or on the peildatum (then no longer waiting on it)."""
    result = []
    for number in range(aantal):
        contact = PEILDATUM if number == 0 else PEILDATUM - dt.timedelta(days=rng.randint(1, 330))
        wacht = _dagen(rng, gemiddeld, maximum=200)
        g = Geschiedenis(datum=contact - dt.timedelta(days=wacht), eerste_contact=contact)
        if wacht > 25 and rng.random() < 0.1:
            van = _na(g.datum, rng, 2, 10)
            g.uitstellen.append((van, min(contact, _na(van, rng, 7, 14))))
        result.append(g)
    return result


def _afgemeld(rng: random.Random, aantal: int) -> list[Geschiedenis]:
    """Left the list before or on the peildatum without being helped."""
    result = []
    for _number in range(aantal):
        datum = PEILDATUM - dt.timedelta(days=rng.randint(2, 300))
        result.append(
            Geschiedenis(
                datum=datum,
                afgemeld=min(PEILDATUM, _na(datum, rng, 2, 60)),
                afmeldreden=rng.choice(list(Afmeldreden)),
            )
        )
    return result


def _later(rng: random.Random, aantal: int) -> list[Geschiedenis]:
    """Registered after the peildatum: not in its figures."""
    result = []
    for _number in range(aantal):
        datum = _na(PEILDATUM, rng, 1, 60)
        result.append(Geschiedenis(datum=datum, eerste_contact=_na(datum, rng, 3, 45)))
    return result


def geschiedenissen(naam: str, wachtend: int) -> list[Geschiedenis]:
    """The planned aanmeldingen of one network (the same on every run)."""
    rng = random.Random(f"landelijk-2016-{naam}")  # noqa: S311 - demo data, reproducible
    if naam in GROOT:
        _, gemiddeld_wachtend, gemiddeld_geholpen = GROOT[naam]
        geholpen = wachtend * 3 // 2
    else:
        gemiddeld_wachtend = rng.randint(15, 45)
        gemiddeld_geholpen = rng.randint(12, 35)
        geholpen = rng.randint(15, 45) + 2 * wachtend
    return (
        _wachtend(rng, wachtend, gemiddeld_wachtend)
        + _geholpen(rng, geholpen, gemiddeld_geholpen)
        + _afgemeld(rng, max(1, geholpen // 12))
        + _later(rng, rng.randint(2, 8))
    )


# --- Networks --------------------------------------------------------------------------------


def scenario_netwerknamen() -> list[str]:
    """The first 65 networks of demo_netwerken_meta.csv, with the five named always in."""
    namen = [row["netwerk"] for row in csv_rows("demo_netwerken_meta.csv")]
    gekozen = namen[:AANTAL_NETWERKEN]
    for naam in GROOT:
        if naam not in gekozen:
            vervangen = next(n for n in reversed(gekozen) if n not in GROOT)
            gekozen[gekozen.index(vervangen)] = naam
    return gekozen


def _netwerken(namen: list[str]) -> dict[str, Netwerk]:
    """The scenario's networks, created with their werkgebied where missing (as
    demo.netwerk does, for these networks only)."""
    preferent = {
        row["netwerk"]: row["preferente_zorgverzekeraar"]
        for row in csv_rows("demo_netwerken_meta.csv")
    }
    verzekeraars = {
        naam: Zorgverzekeraar.objects.get_or_create(naam=naam, defaults={"uzovi_code": code})[0]
        for naam, code in ZORGVERZEKERAARS.items()
    }
    bestaand = {n.naam: n for n in Netwerk.objects.filter(naam__in=namen)}
    Netwerk.objects.bulk_create(
        [
            Netwerk(
                naam=naam,
                slug=slugify(naam)[:80],
                preferente_zorgverzekeraar=verzekeraars[preferent[naam]],
                website=f"https://www.{slugify(naam).replace('-', '')[:40]}.nl",
            )
            for naam in namen
            if naam not in bestaand
        ]
    )
    netwerken = {n.naam: n for n in Netwerk.objects.filter(naam__in=namen)}
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.all()}
    taken = set(Werkgebied.objects.values_list("gemeente__cbs_code", flat=True))
    Werkgebied.objects.bulk_create(
        [
            Werkgebied(netwerk=netwerken[row["netwerk"]], gemeente=gemeenten[row["cbs_code"]])
            for row in csv_rows("demo_netwerken.csv")
            if row["netwerk"] in netwerken
            and row["cbs_code"] in gemeenten
            and row["cbs_code"] not in taken
        ]
    )
    return netwerken


def _wachtenden_per_netwerk(namen: list[str]) -> dict[str, int]:
    """Planned waiting per network: the five large ones, then KLEIN over half of the others
    (picked reproducibly), none for the rest."""
    overig = [naam for naam in namen if naam not in GROOT]
    klein = random.Random("landelijk-2016").sample(overig, len(KLEIN))  # noqa: S311
    plan = dict.fromkeys(overig, 0)
    plan.update(zip(klein, KLEIN, strict=True))
    plan.update({naam: aantal for naam, (aantal, _, _) in GROOT.items()})
    return {naam: plan[naam] for naam in namen}


# --- Clients ---------------------------------------------------------------------------------


def _client(rng, bsn: str, netwerk: Netwerk, gemeenten: list[Gemeente], fase: str) -> Client:
    vrouw = rng.random() < 0.62
    tussenvoegsel, achternaam = rng.choice(ACHTERNAMEN)
    gemeente = rng.choice(gemeenten)
    return Client(
        bsn=bsn,
        bsn_hash=bsn_hash(bsn),
        voornaam=rng.choice(VOORNAMEN_V if vrouw else VOORNAMEN_M),
        tussenvoegsel=tussenvoegsel,
        achternaam=achternaam,
        geboortedatum=dt.date(rng.randint(1918, 1950), rng.randint(1, 12), rng.randint(1, 28)),
        geslacht=Geslacht.VROUW if vrouw else Geslacht.MAN,
        straat_huisnummer=f"{rng.choice(STRATEN)} {rng.randint(1, 180)}",
        postcode=f"{rng.randint(1000, 9999)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}",
        woonplaats=gemeente.naam,
        gemeente=gemeente,
        netwerk=netwerk,
        woonsituatie=rng.choice(list(Woonsituatie)),
        diagnose_status=rng.choice([DiagnoseStatus.GESTELD] * 3 + [DiagnoseStatus.ONDERZOEK]),
        fase=fase,
    )


def _fase(g: Geschiedenis) -> str:
    if g.afgemeld is not None:
        return AFMELDING_FASE[Afmeldreden(g.afmeldreden)]
    return Fase.DIAGNOSE


def _seed_netwerk(
    netwerk: Netwerk, index: int, plan: list[Geschiedenis], gemeenten: list[Gemeente]
) -> int:
    rng = random.Random(f"landelijk-2016-clienten-{netwerk.naam}")  # noqa: S311 - demo data
    nummers = bsns(BSN_START + index * BSN_BLOK)
    clients = [_client(rng, next(nummers), netwerk, gemeenten, _fase(g)) for g in plan]
    Client.objects.bulk_create(clients, batch_size=1000)
    aanmeldingen = [
        Aanmelding(
            client=client,
            netwerk=netwerk,
            datum=g.datum,
            verwijzer_type=rng.choice(list(VerwijzerType)),
            urgentie=Urgentie.HOOG if rng.random() < 0.08 else Urgentie.NORMAAL,
            eerste_contact_op=g.eerste_contact,
            toegewezen_op=g.eerste_contact,
            afgemeld_op=g.afgemeld,
            afmeldreden=g.afmeldreden,
        )
        for client, g in zip(clients, plan, strict=True)
    ]
    Aanmelding.objects.bulk_create(aanmeldingen, batch_size=1000)
    Uitstel.objects.bulk_create(
        [
            Uitstel(aanmelding=aanmelding, van=van, tot=tot, reden="Op eigen verzoek")
            for aanmelding, g in zip(aanmeldingen, plan, strict=True)
            for van, tot in g.uitstellen
        ],
        batch_size=1000,
    )
    return len(clients)


def _getal(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _eerste_bsn_hash(index: int) -> str:
    return bsn_hash(next(bsns(BSN_START + index * BSN_BLOK)))


@transaction.atomic
def seed_landelijk_2016(stdout: TextIO | None = None) -> dt.date:
    """Create the scenario (idempotent) and return its peildatum."""
    _check_plan()
    namen = scenario_netwerknamen()
    netwerken = _netwerken(namen)
    wachtend = _wachtenden_per_netwerk(namen)
    al_gevuld = set(
        Client.objects.filter(
            bsn_hash__in=[_eerste_bsn_hash(index) for index in range(len(namen))]
        ).values_list("bsn_hash", flat=True)
    )
    werkgebied: dict[int, list[Gemeente]] = {}
    for regel in Werkgebied.objects.filter(netwerk__in=netwerken.values()).select_related(
        "gemeente"
    ):
        werkgebied.setdefault(regel.netwerk_id, []).append(regel.gemeente)
    reserve = list(Gemeente.objects.order_by("cbs_code")[:1])

    aantal_clienten = 0
    for index, naam in enumerate(namen):
        if _eerste_bsn_hash(index) in al_gevuld:
            continue
        netwerk = netwerken[naam]
        aantal_clienten += _seed_netwerk(
            netwerk,
            index,
            geschiedenissen(naam, wachtend[naam]),
            werkgebied.get(netwerk.pk) or reserve,
        )
    if stdout is not None:
        stdout.write(
            f"Scenario landelijk-2016: {len(namen)} netwerken, {_getal(TOTAAL_WACHTEND)} "
            f"wachtenden op {PEILDATUM:%d-%m-%Y} ({_getal(aantal_clienten)} cliënten "
            "aangemaakt).\n"
        )
        anders = Netwerk.objects.exclude(naam__in=namen).count()
        if anders:
            stdout.write(
                f"Let op: er staan nog {anders} andere netwerken in de database. Die tellen in "
                "de inventarisatie mee als netwerk zonder wachtlijst; gebruik voor het scenario "
                "een lege database.\n"
            )
    return PEILDATUM


def seed(context: dict) -> None:
    """seed_demo's entry for the scenario: after demo.accounts.seed (the demo logins), the
    national logins and an insurer and a coordinator get a membership, as demo.netwerk gives
    them, so the inventory can be opened in the browser."""
    seed_landelijk_2016(stdout=context.get("stdout"))
    users = context["users"]
    memberships = [
        {"user": users["beheerder"], "rol": Role.BEHEERDER},
        {"user": users["signaalteam"], "rol": Role.SIGNAALTEAM},
        {
            "user": users["verzekeraar"],
            "rol": Role.VERZEKERAAR,
            "zorgverzekeraar": Zorgverzekeraar.objects.get(naam="Zilveren Kruis"),
        },
        {
            "user": users["netwerkcoordinator"],
            "rol": Role.NETWERKCOORDINATOR,
            "netwerk": Netwerk.objects.get(naam="Dementienetwerk Haaglanden"),
        },
    ]
    for fields in memberships:
        Membership.objects.get_or_create(**fields)
