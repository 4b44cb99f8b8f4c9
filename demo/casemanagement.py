"""Demo casemanagement: casemanagers, clients with realistic waiting histories (waiting,
assigned, in care, postponed, afgemeld, ended), contacts, indications and measurements.

Written with bulk inserts (not through the services) so `make run` stays quick; the data
respects every database constraint the services rely on. Idempotent per network.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from casemanagement.identifiers import bsn_hash
from casemanagement.models import (
    CONTACTSOORTEN_INVOER,
    Aanmelding,
    Achtergrond,
    Afmeldreden,
    Casemanager,
    Client,
    Contactmoment,
    ContactType,
    DiagnoseStatus,
    Eindreden,
    Fase,
    Geslacht,
    Indicatie,
    Intensiteit,
    Mantelzorger,
    Meting,
    MetingType,
    MetWie,
    Relatie,
    Traject,
    Uitstel,
    Urgentie,
    VerwijzerType,
    Volhoudtijd,
    Woonsituatie,
)
from netwerk.models import Aansluiting, Membership, Netwerk

from .accounts import demo_user
from .personen import ACHTERNAMEN, LETTERS, STRATEN, VOORNAMEN_M, VOORNAMEN_V, bsns

CASEMANAGERS = [
    "Marloes Verhoeven",
    "Annemiek Kuipers",
    "Ilse de Jong",
    "Yvonne Hoekstra",
    "Karin van der Linden",
    "Esther Koster",
    "Naima Bouzid",
    "Petra Willems",
    "Linda Schouten",
    "Monique van Rijn",
    "Saskia Timmermans",
    "Jeroen Prins",
    "Wendy Postma",
    "Ingrid Claassen",
    "Hanneke Bosman",
    "Sevda Yilmaz",
    "Miriam Evers",
    "Tom Huisman",
    "Carola Wouters",
    "Ellen Molenaar",
]
HAAGLANDEN = "Dementienetwerk Haaglanden"  # the demo casemanager's network
# Per demo network: clients, and the typical wait in days (mean) for a realistic waitlist.
PROFIEL = {
    "Dementienetwerk Haaglanden": (420, 38),
    "Ketenzorg Dementie Eindhoven": (260, 45),
    "Dementienetwerk Midden-Limburg": (220, 52),
    "Dementienetwerk Gooi en Vechtstreek": (200, 30),
    "Dementienetwerk Waardenlanden": (160, 58),
}
# The range of each outcome score (the volhoudtijd is a choice, not a score).
SCORES = {"kwaliteit_van_leven": (22, 44), "belasting": (3, 9), "clientoordeel": (6, 10)}


def seed(context: dict) -> None:
    vandaag = timezone.localdate()
    users = context["users"]
    for index, naam in enumerate(PROFIEL):
        netwerk = context["netwerken"][naam]
        if Client.objects.filter(netwerk=netwerk).exists():
            continue
        casemanagers = _seed_casemanagers(netwerk, index, users)
        _seed_clients(netwerk, casemanagers, index, vandaag)


def _seed_casemanagers(netwerk: Netwerk, index: int, users) -> list[Casemanager]:
    """Enough casemanagers for the network's caseload: a few more where the wait is short."""
    rng = random.Random(f"cm-{netwerk.pk}")  # noqa: S311 - demo data
    aanbieders = [
        a.organisatie
        for a in Aansluiting.objects.filter(netwerk=netwerk, levert_casemanagement=True)
        .select_related("organisatie")
        .order_by("organisatie__naam")
    ]
    gemeenten = [r.gemeente for r in netwerk.werkgebied.select_related("gemeente")]
    casemanagers = []
    if netwerk.naam == HAAGLANDEN:
        casemanagers.append(_demo_casemanager(netwerk, aanbieders, gemeenten, users["casemanager"]))
    aantal, gemiddelde_wacht = PROFIEL[netwerk.naam]
    nodig = aantal // (28 if gemiddelde_wacht < 45 else 34)
    for number, naam in enumerate(rng.sample(CASEMANAGERS, nodig)):
        email = f"cm{index}{number}@demo.dementienetwerk.nl"
        user = demo_user(email, naam)
        cm, _ = Casemanager.objects.get_or_create(
            user=user,
            defaults={
                "organisatie": aanbieders[number % len(aanbieders)],
                "netwerk": netwerk,
                "achtergrond": Achtergrond.SOCIAAL_WERK
                if number % 3 == 2
                else Achtergrond.VERPLEEGKUNDIGE,
                "fte": Decimal(rng.choice(["0.67", "0.78", "0.89", "1.00"])),
            },
        )
        cm.werkgebied.set(rng.sample(gemeenten, k=min(3, len(gemeenten))))
        casemanagers.append(cm)
    for cm in casemanagers:
        Membership.objects.get_or_create(
            user=cm.user, rol="casemanager", netwerk=netwerk, organisatie=cm.organisatie
        )
    return casemanagers


def _demo_casemanager(netwerk: Netwerk, aanbieders, gemeenten, user) -> Casemanager:
    """The demo casemanager's profile: a verpleegkundige at Zorggroep Haaglanden Thuis."""
    organisatie = next(o for o in aanbieders if o.naam == "Zorggroep Haaglanden Thuis")
    cm, _ = Casemanager.objects.get_or_create(
        user=user,
        defaults={
            "organisatie": organisatie,
            "netwerk": netwerk,
            "achtergrond": Achtergrond.VERPLEEGKUNDIGE,
            "fte": Decimal("0.89"),
            "big_nummer": "19012345601",
            "registratie": "Kwaliteitsregister V&V",
        },
    )
    cm.werkgebied.set(gemeenten[:3])
    return cm


@dataclass
class _Caseloads:
    """Free places per casemanager while the demo assigns its trajecten; the demo
    casemanager (Haaglanden) gets a nearly full caseload."""

    casemanagers: list[Casemanager]
    places: dict[int, int]
    load: dict[int, int]
    demo: Casemanager | None

    @classmethod
    def of(cls, netwerk: Netwerk, casemanagers: list[Casemanager]) -> _Caseloads:
        places = {cm.pk: int(cm.fte * netwerk.caseload_norm) for cm in casemanagers}
        demo = casemanagers[0] if netwerk.naam == HAAGLANDEN else None
        return cls(casemanagers, places, dict.fromkeys(places, 0), demo)

    def pick(self, rng: random.Random, *, counts: bool) -> Casemanager:
        """A casemanager with a free place; with ``counts`` the traject stays open and takes
        one of the places."""
        demo = self.demo
        if (
            demo is not None
            and self.load[demo.pk] < self.places[demo.pk] - 2
            and rng.random() < 0.3
        ):
            choice = demo
        else:
            free = [cm for cm in self.casemanagers if self.load[cm.pk] < self.places[cm.pk]]
            choice = rng.choice(free) if free else min(self.casemanagers, key=self._load_of)
        if counts:
            self.load[choice.pk] += 1
        return choice

    def _load_of(self, cm: Casemanager) -> int:
        return self.load[cm.pk]


def _seed_clients(netwerk: Netwerk, casemanagers: list[Casemanager], index: int, vandaag: dt.date):
    """The network's clients, each with one aanmelding; a traject for those in care and some
    of those waiting; contacts, measurements and indications; carers."""
    rng = random.Random(f"clients-{netwerk.pk}")  # noqa: S311 - demo data
    clients, plans = _clients(netwerk, index, rng, vandaag)
    Client.objects.bulk_create(clients)
    aanmeldingen, uitstellen = _aanmeldingen(netwerk, clients, plans, rng, vandaag)
    toewijzingen = _toewijzen(aanmeldingen, _Caseloads.of(netwerk, casemanagers), rng, vandaag)
    Aanmelding.objects.bulk_create(aanmeldingen)
    Uitstel.objects.bulk_create(
        [Uitstel(aanmelding=a, van=van, tot=tot) for a, van, tot in uitstellen]
    )
    trajecten = _seed_trajecten(netwerk, toewijzingen, rng, vandaag)
    _seed_care(rng, trajecten, vandaag)
    _seed_mantelzorgers(rng, clients)


def _clients(
    netwerk: Netwerk, index: int, rng: random.Random, vandaag: dt.date
) -> tuple[list[Client], list[tuple[dt.date, int]]]:
    """The clients (valid BSNs from the network's own range) and, per client, the
    aanmelding date and the days until the first contact."""
    aantal, gemiddelde_wacht = PROFIEL[netwerk.naam]
    nummers = bsns(200_000_000 + index * 1_000_000)
    gemeenten = [r.gemeente for r in netwerk.werkgebied.select_related("gemeente")]
    clients, plans = [], []
    for _number in range(aantal):
        clients.append(_client(rng, netwerk, gemeenten, nummers))
        recent = rng.random() < 0.3
        datum = vandaag - dt.timedelta(days=rng.randint(0, 90) if recent else rng.randint(91, 720))
        wacht = max(0, int(rng.gauss(gemiddelde_wacht, gemiddelde_wacht * 0.45)))
        plans.append((datum, wacht))
    return clients, plans


def _client(rng: random.Random, netwerk: Netwerk, gemeenten, nummers: Iterator[str]) -> Client:
    vrouw = rng.random() < 0.62
    tussenvoegsel, achternaam = rng.choice(ACHTERNAMEN)
    gemeente = rng.choice(gemeenten)
    bsn = next(nummers)
    return Client(
        bsn=bsn,
        bsn_hash=bsn_hash(bsn),
        voornaam=rng.choice(VOORNAMEN_V if vrouw else VOORNAMEN_M),
        tussenvoegsel=tussenvoegsel,
        achternaam=achternaam,
        geboortedatum=dt.date(rng.randint(1928, 1958), rng.randint(1, 12), rng.randint(1, 28)),
        geslacht=Geslacht.VROUW if vrouw else Geslacht.MAN,
        straat_huisnummer=f"{rng.choice(STRATEN)} {rng.randint(1, 180)}",
        postcode=f"{rng.randint(1000, 9999)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}",
        woonplaats=gemeente.naam,
        gemeente=gemeente,
        netwerk=netwerk,
        huisarts=f"Huisartsenpraktijk {rng.choice(STRATEN)}",
        woonsituatie=rng.choice(list(Woonsituatie)),
        diagnose_status=rng.choice([DiagnoseStatus.GESTELD] * 3 + [DiagnoseStatus.GEEN]),
    )


def _aanmeldingen(
    netwerk: Netwerk, clients: list[Client], plans, rng: random.Random, vandaag: dt.date
) -> tuple[list[Aanmelding], list[tuple[Aanmelding, dt.date, dt.date]]]:
    """One aanmelding per client (in care once the planned first contact has passed, a few
    afgemeld), and postponements (aanmelding, van, tot) for some of the older ones."""
    aanmeldingen, uitstellen = [], []
    for client, (datum, wacht) in zip(clients, plans, strict=True):
        afgemeld = rng.random() < 0.06
        eerste_contact = datum + dt.timedelta(days=wacht)
        in_zorg = eerste_contact <= vandaag and not afgemeld
        aanmelding = Aanmelding(
            client=client,
            netwerk=netwerk,
            datum=datum,
            verwijzer_type=rng.choice(list(VerwijzerType)),
            urgentie=Urgentie.HOOG if rng.random() < 0.1 else Urgentie.NORMAAL,
            eerste_contact_op=eerste_contact if in_zorg else None,
        )
        if afgemeld:
            aanmelding.afgemeld_op = min(vandaag, datum + dt.timedelta(days=rng.randint(3, 40)))
            aanmelding.afmeldreden = rng.choice(list(Afmeldreden))
        if rng.random() < 0.12 and (vandaag - datum).days > 30:
            van = datum + dt.timedelta(days=rng.randint(5, 15))
            uitstellen.append((aanmelding, van, van + dt.timedelta(days=rng.randint(7, 28))))
        aanmeldingen.append(aanmelding)
    return aanmeldingen, uitstellen


def _toewijzen(
    aanmeldingen: list[Aanmelding], caseloads: _Caseloads, rng: random.Random, vandaag: dt.date
) -> list[tuple[Aanmelding, Casemanager, bool]]:
    """A casemanager for every aanmelding in care and some of the waiting ones: (aanmelding,
    casemanager, whether its traject has ended since). An ended traject takes no place."""
    toewijzingen = []
    for aanmelding in aanmeldingen:
        waiting_assigned = aanmelding.is_wachtend and rng.random() < 0.35
        if not (aanmelding.eerste_contact_op or waiting_assigned):
            continue
        start = aanmelding.eerste_contact_op
        ends = start is not None and (vandaag - start).days > 240 and rng.random() < 0.5
        cm = caseloads.pick(rng, counts=not ends)
        aanmelding.organisatie = cm.organisatie
        aanmelding.toegewezen_op = (
            max(
                aanmelding.datum,
                aanmelding.eerste_contact_op - dt.timedelta(days=rng.randint(0, 5)),
            )
            if aanmelding.eerste_contact_op
            else min(vandaag, aanmelding.datum + dt.timedelta(days=rng.randint(0, 10)))
        )
        toewijzingen.append((aanmelding, cm, ends))
    return toewijzingen


def _seed_trajecten(
    netwerk: Netwerk, toewijzingen, rng: random.Random, vandaag: dt.date
) -> list[Traject]:
    """The trajecten of the assignments (the ended ones with a reason and, after opname or
    death, nazorg), and the clients' fase that follows from them."""
    trajecten = []
    for aanmelding, cm, ends in toewijzingen:
        traject = Traject(
            client=aanmelding.client,
            aanmelding=aanmelding,
            netwerk=netwerk,
            organisatie=cm.organisatie,
            casemanager=cm,
            toegewezen_op=aanmelding.toegewezen_op,
            startdatum=aanmelding.eerste_contact_op,
            intensiteit=rng.choice(list(Intensiteit)),
        )
        if ends:
            _beeindig(traject, rng, vandaag)
        trajecten.append(traject)
    Traject.objects.bulk_create(trajecten)
    Client.objects.bulk_update([t.client for t in trajecten if t.einddatum], ["fase"])
    Client.objects.filter(
        pk__in=[t.client_id for t in trajecten if t.startdatum and not t.einddatum]
    ).update(fase=Fase.DIAGNOSE)
    return trajecten


def _beeindig(traject: Traject, rng: random.Random, vandaag: dt.date) -> None:
    traject.einddatum = traject.startdatum + dt.timedelta(
        days=rng.randint(120, (vandaag - traject.startdatum).days)
    )
    traject.eindreden = rng.choice(
        [Eindreden.OPNAME, Eindreden.OPNAME, Eindreden.OVERLIJDEN, Eindreden.HUISARTS]
    )
    if traject.eindreden in (Eindreden.OPNAME, Eindreden.OVERLIJDEN):
        traject.nazorg_tot = traject.einddatum + dt.timedelta(days=92)
        traject.client.fase = (
            Fase.OPNAME if traject.eindreden == Eindreden.OPNAME else Fase.OVERLEDEN
        )


def _seed_care(rng: random.Random, trajecten: list[Traject], vandaag: dt.date) -> None:
    """Contacts, outcome measurements and an indication for every started traject."""
    contacten, metingen, indicaties = [], [], []
    verpleegkundigen: dict[int, Casemanager | None] = {}
    for traject in trajecten:
        if traject.startdatum is None:
            continue
        end = traject.einddatum or vandaag
        contacten += _contacten(rng, traject, end)
        metingen += _metingen(rng, traject, end, vandaag)
        indicaties.append(_indicatie(rng, traject, verpleegkundigen))
    Contactmoment.objects.bulk_create(contacten, batch_size=2000)
    Meting.objects.bulk_create(metingen, batch_size=2000)
    Indicatie.objects.bulk_create(indicaties, batch_size=2000)


def _contacten(rng: random.Random, traject: Traject, end: dt.date) -> list[Contactmoment]:
    """A home visit at the start of care, then a contact every 18 to 50 days until the end."""
    contacten = []
    cm = traject.casemanager
    datum = traject.startdatum
    first = True
    while datum <= end:
        contacten.append(
            Contactmoment(
                traject=traject,
                casemanager=cm,
                organisatie=traject.organisatie,
                datum=datum,
                type=ContactType.HUISBEZOEK
                if first or rng.random() < 0.5
                else rng.choice([k for k, _label in CONTACTSOORTEN_INVOER]),
                minuten=90 if first else rng.choice([15, 20, 30, 45, 60, 75]),
                met_wie=[MetWie.CLIENT, MetWie.MANTELZORGER]
                if first
                else [rng.choice(list(MetWie))],
            )
        )
        first = False
        datum += dt.timedelta(days=rng.randint(18, 50))
    return contacten


def _metingen(rng: random.Random, traject: Traject, end: dt.date, vandaag: dt.date) -> list[Meting]:
    """Every outcome measure a week or five after the start of care, then every half year."""
    metingen = []
    door = traject.casemanager.user
    meet = traject.startdatum + dt.timedelta(days=rng.randint(7, 35))
    while meet <= end and meet <= vandaag - dt.timedelta(days=rng.randint(0, 40)):
        for type_ in MetingType:
            if type_ == MetingType.VOLHOUDTIJD:
                waarden = {"volhoudtijd": rng.choice(list(Volhoudtijd))}
            else:
                low, high = SCORES[type_.value]
                waarden = {"score": Decimal(rng.randint(low, high))}
            metingen.append(Meting(traject=traject, datum=meet, type=type_, door=door, **waarden))
        meet += dt.timedelta(days=182)
    return metingen


def _indicatie(
    rng: random.Random, traject: Traject, verpleegkundigen: dict[int, Casemanager | None]
) -> Indicatie:
    """A year's indication; a sociaal-werk casemanager's is co-signed (mostly already) by a
    verpleegkundige colleague of the network (``verpleegkundigen`` caches one per network)."""
    cm = traject.casemanager
    indicatie = Indicatie(
        traject=traject,
        uren=Decimal(rng.choice([12, 18, 24, 30])),
        periode_van=traject.startdatum,
        periode_tot=traject.startdatum + dt.timedelta(days=364),
        opgesteld_door=cm,
    )
    if not cm.is_verpleegkundige:
        colleague = verpleegkundigen.setdefault(
            cm.netwerk_id,
            Casemanager.objects.filter(
                netwerk_id=cm.netwerk_id, achtergrond=Achtergrond.VERPLEEGKUNDIGE
            )
            .exclude(pk=cm.pk)
            .first(),
        )
        indicatie.medeondertekening_door = colleague
        if rng.random() < 0.8:
            indicatie.medeondertekend_door = colleague
            indicatie.medeondertekend_op = timezone.now()
    return indicatie


def _seed_mantelzorgers(rng, clients):
    Mantelzorger.objects.bulk_create(
        [
            Mantelzorger(
                client=client,
                naam=f"{rng.choice(VOORNAMEN_V + VOORNAMEN_M)} {client.achternaam}",
                relatie=rng.choice(
                    [Relatie.PARTNER, Relatie.KIND, Relatie.KIND, Relatie.SCHOONKIND]
                ),
                telefoon=f"06{rng.randint(10000000, 99999999)}",
                is_primair=True,
            )
            for client in clients
            if rng.random() < 0.85
        ]
    )
