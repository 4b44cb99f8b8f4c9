"""The parties of the national data: partner organisations of every network with their
vestigingen and affiliations, the casemanagers (users, memberships, profiles), a coordinator
per network, a user per insurer, and the insurers' contracts. Thousands of rows, written
with bulk_create (the big tables are in demo.nationaal.clienten)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Role, User
from casemanagement.models import Achtergrond, Casemanager
from inkoop.models import Contract, ContractIndicator, ContractStatus
from netwerk.models import (
    Aansluiting,
    AansluitingRol,
    Bevolking,
    Gemeente,
    Membership,
    Netwerk,
    Organisatie,
    OrganisatieType,
    Vestiging,
    Zorgverzekeraar,
)

from ..accounts import demo_password_hash
from ..inkoop import INDICATOREN, RESULTAATAFSPRAKEN
from ..netwerk import DETAILED, regio_van
from ..personen import ACHTERNAMEN, VOORNAMEN_M, VOORNAMEN_V

DEMO_DOMEIN = "demo.dementienetwerk.nl"
AANGESLOTEN_SINDS = dt.date(2016, 1, 1)
LARGEST = "Dementienetwerk Haaglanden"  # the demo coordinator's and casemanager's network

VVT_NAMEN = [
    "Zorggroep {r} Thuis",
    "Thuiszorg {r}",
    "Wijkverpleging {r}",
    "Zorgcoöperatie {r}",
    "Woonzorg {r}",
    "Ouderenzorg {r}",
    "Zorgpartners {r}",
    "Thuiszorgcentrum {r}",
    "Zorgkring {r}",
    "Vitaal Thuis {r}",
    "Zorg aan Huis {r}",
    "Zorgplein {r}",
    "Samen Thuis {r}",
    "Wijkzorg {r}",
]
# (type, name, roles, how many in a network of average size, in a large one)
OVERIGE_PARTNERS = [
    (OrganisatieType.WELZIJN, "Welzijn {r}", [AansluitingRol.MANTELZORG], 1, 2),
    (OrganisatieType.HUISARTSEN, "Huisartsenzorg {r}", [AansluitingRol.HUISARTSENZORG], 1, 2),
    (OrganisatieType.ZIEKENHUIS, "Geheugenpoli {r}", [AansluitingRol.DIAGNOSTIEK], 1, 2),
    (OrganisatieType.GGZ, "GGZ {r}", [AansluitingRol.DIAGNOSTIEK], 1, 1),
    (
        OrganisatieType.ALZHEIMER,
        "Alzheimer Nederland afdeling {r}",
        [AansluitingRol.VOORLICHTING, AansluitingRol.BELANGENBEHARTIGING],
        1,
        1,
    ),
]
FTE = [Decimal("0.56"), Decimal("0.67"), Decimal("0.78"), Decimal("0.89"), Decimal("1.00")]
FTE_GEWICHTEN = [10, 20, 25, 25, 20]


@dataclass
class Netwerkplan:
    """One network as the builder sees it: its share of the country and its parties."""

    netwerk: Netwerk
    index: int
    inwoners_65_plus: int
    gemeenten: list[Gemeente] = field(default_factory=list)
    gemeente_gewichten: list[int] = field(default_factory=list)
    clienten: int = 0
    aanbieders: list[Organisatie] = field(default_factory=list)
    aanbieder_gewichten: list[float] = field(default_factory=list)
    vestigingen: dict[int, list[int]] = field(default_factory=dict)  # organisatie -> ids
    casemanagers: list[Casemanager] = field(default_factory=list)
    demo_casemanager: Casemanager | None = None
    coordinator: User | None = None


def verdeel(totaal: int, gewichten: list[float]) -> list[int]:
    """``totaal`` split over the weights, rounded by largest remainder (sums exactly)."""
    som = sum(gewichten) or 1
    exact = [totaal * g / som for g in gewichten]
    delen = [int(x) for x in exact]
    rest = sorted(range(len(exact)), key=lambda i: exact[i] - delen[i], reverse=True)
    for i in rest[: totaal - sum(delen)]:
        delen[i] += 1
    return delen


def netwerkplannen(aantal: int, clienten: int, jaar: int) -> list[Netwerkplan]:
    """The ``aantal`` networks of the scale (the largest and the other demo networks first,
    then by number of inhabitants aged 65+), with their share of the clients."""
    bevolking = {
        row["gemeente_id"]: row["inwoners"]
        for row in Bevolking.objects.filter(
            jaar=Bevolking.objects.filter(jaar__lte=jaar).aggregate(j=Max("jaar"))["j"]
        )
        .values("gemeente_id")
        .annotate(inwoners=Sum("inwoners_65_plus"))
    }
    plannen = []
    for netwerk in Netwerk.objects.prefetch_related("werkgebied__gemeente").order_by("pk"):
        gemeenten = sorted((w.gemeente for w in netwerk.werkgebied.all()), key=lambda g: g.naam)
        gewichten = [max(1, bevolking.get(g.pk, 1)) for g in gemeenten]
        plannen.append(
            Netwerkplan(
                netwerk=netwerk,
                index=0,
                inwoners_65_plus=sum(gewichten),
                gemeenten=gemeenten,
                gemeente_gewichten=gewichten,
            )
        )
    eerst = [LARGEST, *(naam for naam in DETAILED if naam != LARGEST)]
    plannen.sort(
        key=lambda p: (
            eerst.index(p.netwerk.naam) if p.netwerk.naam in eerst else len(eerst),
            -p.inwoners_65_plus,
            p.netwerk.naam,
        )
    )
    plannen = plannen[:aantal]
    for index, (plan, aantal_clienten) in enumerate(
        zip(plannen, verdeel(clienten, [p.inwoners_65_plus for p in plannen]), strict=True)
    ):
        plan.index = index
        plan.clienten = aantal_clienten
    return plannen


# --- Organisations -----------------------------------------------------------------------------


class _Codes:
    """Unique KvK-numbers and AGB-codes next to the ones demo.netwerk drew at random."""

    def __init__(self) -> None:
        self.kvk = set(
            Organisatie.objects.exclude(kvk_nummer="").values_list("kvk_nummer", flat=True)
        )
        self.agb = set(Vestiging.objects.values_list("agb_code", flat=True))
        self._kvk = 70_000_000
        self._agb = 47_500_000

    def nieuw_kvk(self) -> str:
        while True:
            self._kvk += 1
            if str(self._kvk) not in self.kvk:
                return str(self._kvk)

    def nieuw_agb(self) -> str:
        while True:
            self._agb += 1
            if str(self._agb) not in self.agb:
                return str(self._agb)


Partner = tuple[Netwerkplan, Organisatie, bool, list[str]]  # plan, org, casemanagement, roles


def organisaties(plannen: list[Netwerkplan], doel: int, rng: random.Random) -> int:
    """Partner organisations for every network: a gemeente per gemeente of the werkgebied,
    welzijn, huisartsen, geheugenpoli, GGZ, Alzheimer Nederland, and VVT-aanbieders that
    provide casemanagement (more in larger networks) so that the country has ``doel``
    organisations. Organisations demo.netwerk made for the demo networks count along."""
    codes = _Codes()
    bestaand: dict[int, list[Aansluiting]] = {}
    for aansluiting in Aansluiting.objects.select_related("organisatie"):
        bestaand.setdefault(aansluiting.netwerk_id, []).append(aansluiting)
    nieuw, vaste = _vaste_partners(plannen, bestaand, codes)
    # the VVT-aanbieders take what is left, in proportion to the networks' size, 3 at least
    aantal_vvt = verdeel(max(doel - vaste, 3 * len(plannen)), [p.inwoners_65_plus for p in plannen])
    for plan, aantal in zip(plannen, aantal_vvt, strict=True):
        nieuw += _vvt_aanbieders(plan, max(3, aantal), bestaand.get(plan.netwerk.pk, []), codes)
    _partners_opslaan(nieuw, codes, rng)
    for plan in plannen:
        _aanbieders_van(plan, rng)
    return len(nieuw)


def _vaste_partners(
    plannen: list[Netwerkplan], bestaand: dict[int, list[Aansluiting]], codes: _Codes
) -> tuple[list[Partner], int]:
    """The partners every network has (its gemeenten, welzijn, huisartsen, ...; two of some in
    a large network) that it does not have yet, and how many partners of these kinds the
    networks have in all."""
    gemiddeld = sum(p.inwoners_65_plus for p in plannen) / len(plannen)
    nieuw: list[Partner] = []
    vaste = 0
    for plan in plannen:
        al = {a.organisatie.naam for a in bestaand.get(plan.netwerk.pk, [])}
        groot = plan.inwoners_65_plus > gemiddeld * 1.3
        regio = regio_van(plan.netwerk)
        for gemeente in plan.gemeenten:
            naam = f"Gemeente {gemeente.naam}"
            if naam not in al:
                nieuw.append(
                    (plan, _org(naam, OrganisatieType.GEMEENTE, codes), False, [AansluitingRol.WMO])
                )
            vaste += 1
        for soort, sjabloon, rollen, normaal, veel in OVERIGE_PARTNERS:
            for nummer in range(veel if groot else normaal):
                naam = sjabloon.format(r=regio) + (f" {nummer + 1}" if nummer else "")
                if soort == OrganisatieType.ZIEKENHUIS and nummer:
                    naam = f"Ziekenhuis {regio} (geheugenpoli)"
                vaste += 1
                if naam not in al:
                    nieuw.append((plan, _org(naam, soort, codes), False, rollen))
    return nieuw, vaste


def _vvt_aanbieders(
    plan: Netwerkplan, aantal: int, bestaand: list[Aansluiting], codes: _Codes
) -> list[Partner]:
    """New casemanagement providers until the network has ``aantal``."""
    al = [a.organisatie for a in bestaand if a.levert_casemanagement]
    namen = {o.naam for o in al}
    regio = regio_van(plan.netwerk)
    sjablonen = iter(VVT_NAMEN)
    nieuw: list[Partner] = []
    for nummer in range(aantal - len(al)):
        naam = next((s.format(r=regio) for s in sjablonen if s.format(r=regio) not in namen), None)
        naam = naam or f"Thuiszorg {regio} {nummer + 2}"
        namen.add(naam)
        nieuw.append((plan, _org(naam, OrganisatieType.VVT, codes), True, []))
    return nieuw


def _partners_opslaan(nieuw: list[Partner], codes: _Codes, rng: random.Random) -> None:
    """The organisations, their affiliations, and one to three vestigingen per provider."""
    Organisatie.objects.bulk_create([org for _plan, org, _cm, _rollen in nieuw])
    Aansluiting.objects.bulk_create(
        [
            Aansluiting(
                netwerk=plan.netwerk,
                organisatie=org,
                geldig_van=AANGESLOTEN_SINDS,
                levert_casemanagement=levert,
                rollen=rollen,
            )
            for plan, org, levert, rollen in nieuw
        ]
    )
    vestigingen = []
    for plan, org, levert, _rollen in nieuw:
        if levert:
            for nummer in range(rng.choice([1, 1, 2, 2, 3])):
                gemeente = plan.gemeenten[(org.pk + nummer) % len(plan.gemeenten)]
                vestigingen.append(
                    Vestiging(
                        organisatie=org,
                        naam=f"{org.naam} {gemeente.naam}" if nummer else org.naam,
                        agb_code=codes.nieuw_agb(),
                        gemeente=gemeente,
                    )
                )
    Vestiging.objects.bulk_create(vestigingen)


def _aanbieders_van(plan: Netwerkplan, rng: random.Random) -> None:
    """The network's casemanagement providers on the plan, with their share of the clients
    and their vestigingen."""
    plan.aanbieders = sorted(
        (
            a.organisatie
            for a in Aansluiting.objects.filter(
                netwerk=plan.netwerk, levert_casemanagement=True
            ).select_related("organisatie")
        ),
        key=lambda o: o.naam,
    )
    # one large provider and several smaller ones, as in most regions
    plan.aanbieder_gewichten = [rng.paretovariate(1.5) for _ in plan.aanbieders]
    plan.vestigingen = {org.pk: [] for org in plan.aanbieders}
    for vestiging in Vestiging.objects.filter(organisatie__in=plan.aanbieders, actief=True):
        plan.vestigingen[vestiging.organisatie_id].append(vestiging.pk)


def _org(naam: str, soort: str, codes: _Codes) -> Organisatie:
    return Organisatie(naam=naam, type=soort, kvk_nummer=codes.nieuw_kvk())


# --- People --------------------------------------------------------------------------------------


def persoonsnaam(rng: random.Random) -> str:
    voornaam = rng.choice(VOORNAMEN_V + VOORNAMEN_V + VOORNAMEN_M)
    tussenvoegsel, achternaam = rng.choice(ACHTERNAMEN)
    return " ".join(p for p in (voornaam, tussenvoegsel, achternaam) if p)


def gebruikers(adressen: list[tuple[str, str]]) -> dict[str, User]:
    """Users with the demo password (one shared hash), by e-mail address; existing ones kept."""
    bestaand = set(
        User.objects.filter(email__in=[e for e, _n in adressen]).values_list("email", flat=True)
    )
    User.objects.bulk_create(
        [
            User(email=email, naam=naam, password=demo_password_hash())
            for email, naam in adressen
            if email not in bestaand
        ]
    )
    return {u.email: u for u in User.objects.filter(email__in=[e for e, _n in adressen])}


def coordinatoren(plannen: list[Netwerkplan], demo_coordinator: User, rng: random.Random) -> None:
    """A coordinator for every network; the demo coordinator runs the largest one (the
    membership demo.netwerk made)."""
    adressen = [
        (f"coordinator-{plan.netwerk.slug[:40]}@{DEMO_DOMEIN}", persoonsnaam(rng))
        for plan in plannen
        if plan.netwerk.naam != LARGEST
    ]
    users = gebruikers(adressen)
    memberships = []
    for plan in plannen:
        if plan.netwerk.naam == LARGEST:
            plan.coordinator = demo_coordinator
            continue
        plan.coordinator = users[f"coordinator-{plan.netwerk.slug[:40]}@{DEMO_DOMEIN}"]
        memberships.append(
            Membership(user=plan.coordinator, rol=Role.NETWERKCOORDINATOR, netwerk=plan.netwerk)
        )
    Membership.objects.bulk_create(memberships, ignore_conflicts=True)


def verzekeraar_gebruikers(verzekeraars: dict[str, Zorgverzekeraar], demo: User) -> None:
    """One user per insurer (the demo user is Zilveren Kruis's)."""
    adressen = [
        (f"verzekeraar-{slugify(naam)}@{DEMO_DOMEIN}", f"Zorginkoper {naam}")
        for naam in verzekeraars
        if naam != "Zilveren Kruis"
    ]
    users = gebruikers(adressen)
    Membership.objects.bulk_create(
        [
            Membership(
                user=users[f"verzekeraar-{slugify(naam)}@{DEMO_DOMEIN}"],
                rol=Role.VERZEKERAAR,
                zorgverzekeraar=verzekeraar,
            )
            for naam, verzekeraar in verzekeraars.items()
            if naam != "Zilveren Kruis"
        ],
        ignore_conflicts=True,
    )


def casemanagers(
    plan: Netwerkplan, aantal: int, rng: random.Random, demo_casemanager: User | None
) -> None:
    """``aantal`` casemanagers of the network's providers (the largest provider has the
    most), each provider with a verpleegkundige first (who co-signs the indications of the
    sociaal-werk colleagues). The demo casemanager (1.0 fte, 40 places) is one of them."""
    org_per_cm = _werkgevers(plan, aantal - (demo_casemanager is not None))
    adressen = [
        (f"cm-{plan.netwerk.pk}-{nummer}@{DEMO_DOMEIN}", persoonsnaam(rng))
        for nummer in range(len(org_per_cm))
    ]
    users = gebruikers(adressen)
    profielen = []
    eerste = set()
    for (email, _naam), org in zip(adressen, org_per_cm, strict=True):
        verpleegkundige = org.pk not in eerste or rng.random() < 0.68
        eerste.add(org.pk)
        profielen.append(
            Casemanager(
                user=users[email],
                organisatie=org,
                netwerk=plan.netwerk,
                achtergrond=Achtergrond.VERPLEEGKUNDIGE
                if verpleegkundige
                else Achtergrond.SOCIAAL_WERK,
                fte=rng.choices(FTE, FTE_GEWICHTEN)[0],
                big_nummer=f"{rng.randint(10**10, 10**11 - 1)}" if verpleegkundige else "",
                registratie="Kwaliteitsregister V&V" if verpleegkundige else "Registerplein",
            )
        )
    if demo_casemanager is not None:
        profielen.insert(0, _demo_profiel(plan, demo_casemanager))
    Casemanager.objects.bulk_create(profielen)
    plan.demo_casemanager = profielen[0] if demo_casemanager is not None else None
    _werkgebied_en_lidmaatschap(plan, profielen, rng)
    plan.casemanagers = profielen


def _werkgevers(plan: Netwerkplan, aantal: int) -> list[Organisatie]:
    """The employer of each of ``aantal`` casemanagers: the providers by their weight, every
    provider one at least when there are enough."""
    gewichten = plan.aanbieder_gewichten
    if aantal >= len(plan.aanbieders):
        verdeling = [1 + n for n in verdeel(aantal - len(plan.aanbieders), gewichten)]
    else:
        verdeling = verdeel(aantal, gewichten)
    org_per_cm = []
    for org, n in zip(plan.aanbieders, verdeling, strict=True):
        org_per_cm.extend([org] * n)
    return org_per_cm


def _demo_profiel(plan: Netwerkplan, user: User) -> Casemanager:
    organisatie = next(o for o in plan.aanbieders if o.naam == "Zorggroep Haaglanden Thuis")
    return Casemanager(
        user=user,
        organisatie=organisatie,
        netwerk=plan.netwerk,
        achtergrond=Achtergrond.VERPLEEGKUNDIGE,
        fte=Decimal("1.00"),
        big_nummer="19012345601",
        registratie="Kwaliteitsregister V&V",
    )


def _werkgebied_en_lidmaatschap(
    plan: Netwerkplan, profielen: list[Casemanager], rng: random.Random
) -> None:
    """One to three gemeenten of the werkgebied per casemanager, and the casemanager
    membership of the network."""
    Casemanager.werkgebied.through.objects.bulk_create(
        [
            Casemanager.werkgebied.through(casemanager_id=cm.pk, gemeente_id=gemeente.pk)
            for cm in profielen
            for gemeente in rng.sample(
                plan.gemeenten, k=min(len(plan.gemeenten), rng.randint(1, 3))
            )
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                user_id=cm.user_id,
                rol=Role.CASEMANAGER,
                netwerk=plan.netwerk,
                organisatie_id=cm.organisatie_id,
            )
            for cm in profielen
        ],
        ignore_conflicts=True,
    )


def ruimte_maken(plan: Netwerkplan, open_trajecten: int, rng: random.Random) -> None:
    """Enough places for the network's open trajecten (caseloads at about 90% of the norm on
    average): more fte for some casemanagers where the network would run out."""
    norm = plan.netwerk.caseload_norm
    nodig = int(open_trajecten / 0.97) + 1
    kandidaten = [
        cm
        for cm in plan.casemanagers
        if cm is not plan.demo_casemanager and cm.fte < Decimal("1.20")
    ]
    gewijzigd = set()
    while sum(cm.capaciteit(norm) for cm in plan.casemanagers) < nodig and kandidaten:
        cm = rng.choice(kandidaten)
        cm.fte = min(Decimal("1.20"), cm.fte + Decimal("0.11"))
        gewijzigd.add(cm.pk)
        if cm.fte >= Decimal("1.20"):
            kandidaten.remove(cm)
    if gewijzigd:
        Casemanager.objects.bulk_update(
            [cm for cm in plan.casemanagers if cm.pk in gewijzigd], ["fte"]
        )


# --- Contracts ---------------------------------------------------------------------------------


def contracten(
    plannen: list[Netwerkplan],
    verzekeraars: list[Zorgverzekeraar],
    jaren: list[int],
    open_per_netwerk: dict[int, int],
    rng: random.Random,
) -> int:
    """Every year's contracts between the insurers and the providers of every network: the
    preferente zorgverzekeraar buys most, one or two other insurers the rest (so all five
    insurers have contracts), each accepted by the network's coordinator. Indicators as
    demo.inkoop gives them."""
    nieuw = []
    for plan in plannen:
        kopers, aandelen = _kopers(plan, verzekeraars)
        per_aanbieder = verdeel(open_per_netwerk.get(plan.netwerk.pk, 0), plan.aanbieder_gewichten)
        for jaar in jaren:
            groei = 0.85 + 0.05 * (jaar - jaren[0])
            for org, volume in zip(plan.aanbieders, per_aanbieder, strict=True):
                for verzekeraar, aandeel in zip(kopers, aandelen, strict=True):
                    clienten = max(5, int(volume * groei * aandeel * rng.uniform(0.85, 1.15)))
                    nieuw.append(_contract(plan, verzekeraar, org, jaar, clienten, rng))
    Contract.objects.bulk_create(nieuw, ignore_conflicts=True)
    bewaard = Contract.objects.filter(netwerk__in=[p.netwerk for p in plannen], jaar__in=jaren)
    ContractIndicator.objects.bulk_create(
        [
            ContractIndicator(contract=contract, naam=naam, eenheid=eenheid, streefwaarde=waarde)
            for contract in bewaard
            for naam, eenheid, waarde in INDICATOREN
        ],
        ignore_conflicts=True,
    )
    return len(nieuw)


def _kopers(
    plan: Netwerkplan, verzekeraars: list[Zorgverzekeraar]
) -> tuple[list[Zorgverzekeraar], list[float]]:
    """The insurers buying in the network and their shares: the preferent one 60%, one or
    two others (by the network's place in the list) the rest."""
    preferent = plan.netwerk.preferente_zorgverzekeraar
    anderen = [v for v in verzekeraars if v != preferent]
    start = plan.index % len(anderen)
    kopers = [
        preferent,
        *(anderen[(start + i) % len(anderen)] for i in range(1 + plan.index % 2)),
    ]
    return kopers, [0.6] + [0.4 / (len(kopers) - 1)] * (len(kopers) - 1)


def _contract(
    plan: Netwerkplan,
    verzekeraar: Zorgverzekeraar,
    organisatie: Organisatie,
    jaar: int,
    clienten: int,
    rng: random.Random,
) -> Contract:
    return Contract(
        zorgverzekeraar=verzekeraar,
        organisatie=organisatie,
        netwerk=plan.netwerk,
        jaar=jaar,
        volume_clienten=clienten,
        volume_uren=Decimal(clienten * rng.randint(20, 30)),
        tarief_per_uur=Decimal(rng.randint(8000, 9500)) / 100,
        resultaatafspraken=RESULTAATAFSPRAKEN,
        status=ContractStatus.AFGESLOTEN,
        # accepted by the network's coordinator before the year began (decision 0009: the
        # network side accepts, never the insurer)
        geaccepteerd_door=plan.coordinator,
        geaccepteerd_op=dt.datetime(jaar - 1, 12, 15, 10, tzinfo=timezone.get_current_timezone()),
    )
