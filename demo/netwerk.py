"""Demo parties: the 70 dementienetwerken with their werkgebied (demo/data), real insurers,
fictional partner organisations, plans with goals and voortgangsgesprekken."""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.text import slugify

from accounts.actor import Actor
from accounts.models import Role, User
from netwerk import services
from netwerk.models import (
    Aansluiting,
    AansluitingRol,
    ActieStatus,
    Bevolking,
    Gemeente,
    Meerjarenplan,
    Membership,
    Netwerk,
    Onderwerp,
    Organisatie,
    OrganisatieType,
    PlanBeoordeling,
    Vestiging,
    Werkgebied,
    Zorgverzekeraar,
)

from .accounts import demo_user

DATA = Path(__file__).resolve().parent / "data"

ZORGVERZEKERAARS = {
    "Zilveren Kruis": "3311",
    "VGZ": "7095",
    "CZ": "9018",
    "Menzis": "3332",
    "DSW": "3343",
}

# Networks that get partners, a plan and meetings in the demo (the rest: werkgebied only).
DETAILED = [
    "Dementienetwerk Haaglanden",
    "Ketenzorg Dementie Eindhoven",
    "Dementienetwerk Midden-Limburg",
    "Dementienetwerk Gooi en Vechtstreek",
    "Dementienetwerk Waardenlanden",
]

PARTNER_TEMPLATES = [
    ("Zorggroep {regio} Thuis", OrganisatieType.VVT, True, [AansluitingRol.ONTMOETING]),
    ("Thuiszorg {regio}", OrganisatieType.VVT, True, []),
    ("Welzijn {regio}", OrganisatieType.WELZIJN, False, [AansluitingRol.MANTELZORG]),
    ("Huisartsenzorg {regio}", OrganisatieType.HUISARTSEN, False, [AansluitingRol.HUISARTSENZORG]),
    ("Geheugenpoli {regio}", OrganisatieType.ZIEKENHUIS, False, [AansluitingRol.DIAGNOSTIEK]),
    (
        "Alzheimer Nederland afdeling {regio}",
        OrganisatieType.ALZHEIMER,
        False,
        [AansluitingRol.VOORLICHTING, AansluitingRol.BELANGENBEHARTIGING],
    ),
]

PLAN_TEKSTEN = {
    Onderwerp.ZORGSTANDAARD: "Het netwerk werkt volgens de Zorgstandaard Dementie (2020) en de "
    "Leidraad Dementienetwerken. Jaarlijks toetsen we met de partners waar we staan.",
    Onderwerp.ORGANISATIES: "Alle VVT-aanbieders, welzijn, huisartsen, de geheugenpoli en de "
    "afdeling van Alzheimer Nederland zijn aangesloten en zitten in de stuurgroep.",
    Onderwerp.GEMEENTEN: "Met de gemeenten (Wmo) maken we afspraken over dagbesteding, "
    "mantelzorgondersteuning en de inzet van het sociaal wijkteam.",
    Onderwerp.ERVARING: "Een klankbordgroep van mantelzorgers toetst elk jaar het aanbod; "
    "ervaringen worden in de regio gedeeld.",
    Onderwerp.BEWUSTWORDING: "Voorlichting over ondersteuning uit Zvw, Wmo en Wlz in "
    "Alzheimer Cafés en bij huisartsen.",
    Onderwerp.WACHTLIJST: "Een centrale wachtlijstcoördinator, wekelijkse verdeling van "
    "aanmeldingen en overbruggingszorg moeten de wachttijd binnen de Treeknorm brengen.",
    Onderwerp.AANSLUITING: "Het plan sluit aan op de regiovisie ouderenzorg en de "
    "regioplannen van het zorgkantoor.",
}


def csv_rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed(context: dict) -> None:
    verzekeraars = {
        naam: Zorgverzekeraar.objects.update_or_create(naam=naam, defaults={"uzovi_code": code})[0]
        for naam, code in ZORGVERZEKERAARS.items()
    }
    gemeenten = {g.cbs_code: g for g in Gemeente.objects.all()}
    _seed_bevolking(gemeenten)
    netwerken = _seed_netwerken(verzekeraars, gemeenten)
    organisaties = {}
    for naam in DETAILED:
        organisaties.update(_seed_partners(netwerken[naam], gemeenten))
    context.update(netwerken=netwerken, organisaties=organisaties, verzekeraars=verzekeraars)

    users = context["users"]
    haaglanden = netwerken["Dementienetwerk Haaglanden"]
    memberships = [
        {"user": users["beheerder"], "rol": Role.BEHEERDER},
        {
            "user": users["netwerkcoordinator"],
            "rol": Role.NETWERKCOORDINATOR,
            "netwerk": haaglanden,
        },
        {
            "user": users["casemanager"],
            "rol": Role.CASEMANAGER,
            "netwerk": haaglanden,
            "organisatie": organisaties["Zorggroep Haaglanden Thuis"],
        },
        {
            "user": users["verzekeraar"],
            "rol": Role.VERZEKERAAR,
            "zorgverzekeraar": verzekeraars["Zilveren Kruis"],
        },
        {"user": users["signaalteam"], "rol": Role.SIGNAALTEAM},
    ]
    for fields in memberships:
        Membership.objects.get_or_create(**fields)
    for naam in DETAILED:
        # the services check who may write: the demo coordinator writes their own network's
        # plan, the beheerder (who may change any network) the other detailed ones
        schrijver = (
            users["netwerkcoordinator"] if netwerken[naam] == haaglanden else users["beheerder"]
        )
        _seed_plan(netwerken[naam], _fresh(schrijver), recent=naam != DETAILED[-1])


def _fresh(user):
    """The user as stored now, without memberships cached before they were seeded."""
    return type(user).objects.get(pk=user.pk)


def _seed_bevolking(gemeenten: dict[str, Gemeente]) -> None:
    if Bevolking.objects.exists():
        return
    rows = []
    for row in csv_rows("inwoners.csv"):
        gemeente = gemeenten.get(row["cbs_code"])
        if gemeente is None:
            continue
        for jaar_offset in (0, 1):  # the file's year and the next, slightly older population
            groei = Decimal("1.02") if jaar_offset else Decimal("1")
            totaal = int(int(row["inwoners_65_plus"]) * groei)
            oud = int(int(row["inwoners_80_plus"]) * groei)
            rows.append(
                Bevolking(
                    gemeente=gemeente,
                    jaar=int(row["jaar"]) + jaar_offset,
                    inwoners_65_plus=totaal,
                    inwoners_65_79=totaal - oud,
                    inwoners_80_plus=oud,
                )
            )
    Bevolking.objects.bulk_create(rows, ignore_conflicts=True)


def _seed_netwerken(verzekeraars, gemeenten) -> dict[str, Netwerk]:
    meta = {
        row["netwerk"]: row["preferente_zorgverzekeraar"]
        for row in csv_rows("demo_netwerken_meta.csv")
    }
    netwerken = {}
    for naam, preferent in meta.items():
        netwerk, _ = Netwerk.objects.get_or_create(
            slug=slugify(naam)[:80],
            defaults={
                "naam": naam,
                "preferente_zorgverzekeraar": verzekeraars[preferent],
                "website": f"https://www.{slugify(naam).replace('-', '')[:40]}.nl",
            },
        )
        netwerken[naam] = netwerk
    taken = set(Werkgebied.objects.values_list("gemeente__cbs_code", flat=True))
    Werkgebied.objects.bulk_create(
        [
            Werkgebied(netwerk=netwerken[row["netwerk"]], gemeente=gemeenten[row["cbs_code"]])
            for row in csv_rows("demo_netwerken.csv")
            if row["cbs_code"] not in taken and row["cbs_code"] in gemeenten
        ]
    )
    return netwerken


def regio_van(netwerk: Netwerk) -> str:
    for prefix in ("Dementienetwerk ", "Ketenzorg Dementie ", "Netwerk Dementie "):
        if netwerk.naam.startswith(prefix):
            return netwerk.naam.removeprefix(prefix).removesuffix(" e.o.")
    return netwerk.naam


def _seed_partners(netwerk: Netwerk, gemeenten) -> dict[str, Organisatie]:
    regio = regio_van(netwerk)
    rng = random.Random(netwerk.naam)  # noqa: S311 - demo data, reproducible
    werkgebied = list(netwerk.werkgebied.select_related("gemeente"))
    organisaties = {}
    for naam_template, soort, casemanagement, rollen in PARTNER_TEMPLATES:
        naam = naam_template.format(regio=regio)
        organisatie, created = Organisatie.objects.get_or_create(
            naam=naam,
            defaults={"type": soort, "kvk_nummer": f"{rng.randint(10000000, 99999999)}"},
        )
        organisaties[naam] = organisatie
        if created and soort == OrganisatieType.VVT:
            for index, regel in enumerate(werkgebied[:2]):
                Vestiging.objects.get_or_create(
                    agb_code=f"47{rng.randint(100000, 999999)}",
                    defaults={
                        "organisatie": organisatie,
                        "naam": f"{naam} {regel.gemeente.naam}" if index else naam,
                        "gemeente": regel.gemeente,
                    },
                )
        if not Aansluiting.objects.filter(netwerk=netwerk, organisatie=organisatie).exists():
            Aansluiting.objects.create(
                netwerk=netwerk,
                organisatie=organisatie,
                geldig_van=dt.date(2016, 1, 1),
                levert_casemanagement=casemanagement,
                rollen=rollen,
            )
    return organisaties


def _seed_plan(netwerk: Netwerk, coordinator, *, recent: bool) -> None:
    """An adopted four-year plan with its texts, two goals with indicators and
    realisations, this year's actions and a voortgangsgesprek, written through the services
    (so their history and checks are real). ``recent``: the last realisation and the
    meeting are recent (not in the fifth network, whose meeting is over a year ago)."""
    if Meerjarenplan.objects.filter(netwerk=netwerk).exists():
        return
    vandaag = timezone.localdate()
    start = vandaag.year - 1
    plan = services.meerjarenplan_create(
        netwerk=netwerk,
        actor=Actor.of(coordinator),
        titel=f"Meerjarenplan {regio_van(netwerk)} {start}-{start + 3}",
        startjaar=start,
        eindjaar=start + 3,
    )
    for sectie in plan.secties.all():
        services.plansectie_update(
            sectie=sectie, actor=Actor.of(coordinator), tekst=PLAN_TEKSTEN[sectie.onderwerp]
        )
    wachttijd, mantelzorg = _doelen(plan, coordinator, start)
    services.meerjarenplan_submit(plan=plan, actor=Actor.of(coordinator))
    # the preferente verzekeraar agreed before the plan was adopted (decision 0019)
    services.meerjarenplan_beoordelen(
        plan=plan,
        actor=Actor.of(_preferente_verzekeraar(netwerk)),
        beoordeling=PlanBeoordeling.AKKOORD,
    )
    services.meerjarenplan_adopt(plan=plan, actor=Actor.of(coordinator), op=dt.date(start, 3, 1))
    services.realisatie_add(
        indicator=wachttijd,
        actor=Actor.of(coordinator),
        datum=dt.date(start, 12, 31),
        waarde=Decimal("72"),
    )
    services.realisatie_add(
        indicator=wachttijd,
        actor=Actor.of(coordinator),
        datum=vandaag - dt.timedelta(days=30),
        waarde=Decimal("74") if recent else Decimal("81"),
    )
    services.realisatie_add(
        indicator=mantelzorg,
        actor=Actor.of(coordinator),
        datum=dt.date(start, 12, 31),
        waarde=Decimal("360"),
    )
    _acties(plan.jaarplannen.get(jaar=vandaag.year), coordinator, vandaag.year)
    _voortgangsgesprek(netwerk, coordinator, vandaag - dt.timedelta(days=120 if recent else 420))


def _preferente_verzekeraar(netwerk: Netwerk):
    """A user of the network's preferente zorgverzekeraar, the only one who may agree its plan
    (decision 0019): the demo verzekeraar for Zilveren Kruis, else the insurer's own demo
    user, at the address the national seeder gives it (demo.nationaal.partijen)."""
    verzekeraar = netwerk.preferente_zorgverzekeraar
    bestaand = (
        User.objects.filter(
            memberships__rol=Role.VERZEKERAAR,
            memberships__actief=True,
            memberships__zorgverzekeraar=verzekeraar,
        )
        .order_by("pk")
        .first()
    )
    if bestaand is not None:
        return _fresh(bestaand)
    user = demo_user(
        f"verzekeraar-{slugify(verzekeraar.naam)}@demo.dementienetwerk.nl",
        f"Zorginkoper {verzekeraar.naam}",
    )
    Membership.objects.get_or_create(user=user, rol=Role.VERZEKERAAR, zorgverzekeraar=verzekeraar)
    return _fresh(user)


def _doelen(plan: Meerjarenplan, coordinator, start: int):
    """The plan's two goals; returns their indicators (started within 6 weeks, carers
    reached)."""
    wachttijd = services.doel_create(
        plan=plan,
        actor=Actor.of(coordinator),
        titel="Iedereen binnen de Treeknorm in zorg",
        omschrijving="Casemanagement start binnen 6 weken na aanmelding.",
        onderwerp=Onderwerp.WACHTLIJST,
    )
    indicator = services.indicator_create(
        doel=wachttijd,
        actor=Actor.of(coordinator),
        naam="Gestart binnen 6 weken",
        eenheid="%",
        basiswaarde=Decimal("62"),
        streefwaarden={
            start: Decimal("70"),
            start + 1: Decimal("80"),
            start + 2: Decimal("90"),
            start + 3: Decimal("95"),
        },
    )
    bereik = services.doel_create(
        plan=plan,
        actor=Actor.of(coordinator),
        titel="Meer mantelzorgers bereikt",
        onderwerp=Onderwerp.ORGANISATIES,
    )
    mantelzorg = services.indicator_create(
        doel=bereik,
        actor=Actor.of(coordinator),
        naam="Mantelzorgers met ondersteuningsaanbod",
        eenheid="aantal",
        basiswaarde=Decimal("300"),
        streefwaarden={start: Decimal("350"), start + 3: Decimal("500")},
    )
    return indicator, mantelzorg


def _acties(jaarplan, coordinator, jaar: int) -> None:
    for omschrijving, eigenaar, maand, status in [
        ("Centrale wachtlijstcoördinator aanstellen", "Stuurgroep", 3, ActieStatus.AFGEROND),
        ("Overbruggingszorg voor wachtenden inrichten", "VVT-aanbieders", 6, ActieStatus.LOPEND),
        ("Scholing casemanagers in nieuwe leidraad", "Netwerkcoördinator", 10, ActieStatus.GEPLAND),
    ]:
        services.actie_create(
            jaarplan=jaarplan,
            actor=Actor.of(coordinator),
            omschrijving=omschrijving,
            eigenaar=eigenaar,
            deadline=dt.date(jaar, maand, 28),
            status=status,
        )


def _voortgangsgesprek(netwerk: Netwerk, coordinator, datum: dt.date) -> None:
    gesprek = services.voortgangsgesprek_create(
        netwerk=netwerk,
        actor=Actor.of(coordinator),
        datum=datum,
        deelnemers="Netwerkcoördinator\nZorginkoper casemanagement dementie\nVoorzitter stuurgroep",
        samenvatting="Voortgang op de wachtlijst besproken; extra inzet op overbruggingszorg.",
    )
    services.afspraak_create(
        gesprek=gesprek,
        actor=Actor.of(coordinator),
        omschrijving="Kwartaalcijfers wachtlijst delen met de verzekeraar",
        eigenaar="Netwerkcoördinator",
        opvolgdatum=datum + dt.timedelta(days=90),
    )
