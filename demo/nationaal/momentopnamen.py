"""What the national data has been through before today: four years of quarterly waitlist
measurements and published NZa figures per network, the signaalteam's register, and adopted
reports that insurers download. Figures are computed by the application's own selectors
(wachtlijst.selectors, wachtlijst.nza) on the loaded data, so they match what the pages
compute for the same peildatum."""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import User
from netwerk.models import Netwerk
from netwerk.permissions import filter_visible_netwerken
from rapportage import services
from rapportage.models import Rapport
from signaalteam.models import (
    ActieType,
    Bron,
    Categorie,
    MelderType,
    Signaal,
    SignaalActie,
    SignaalStatus,
)
from signaalteam.services import zoekvector_bijwerken
from wachtlijst.models import KwartaalStatus, NzaKwartaal, NzaKwartaalRegel, WachtlijstMeting
from wachtlijst.nza import REGEL_VELDEN, TOTAAL_VELDEN, nza_cijfers
from wachtlijst.selectors import samenvatting_per_netwerk
from wachtlijst.services import meting_fields

from . import partijen
from .partijen import Netwerkplan

# --- Waitlist and NZa snapshots ----------------------------------------------------------------


def _moment(datum: dt.date, uur: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(datum, dt.time(uur)))


def wachtlijstmetingen(plannen: list[Netwerkplan], peildata: list[dt.date]) -> int:
    """The waitlist of every network on every peildatum, as the daily job stores it."""
    netwerken = Netwerk.objects.filter(pk__in=[p.netwerk.pk for p in plannen])
    metingen = []
    for peildatum in peildata:
        per_netwerk = samenvatting_per_netwerk(netwerken, peildatum)
        for plan in plannen:
            samenvatting = per_netwerk.get(plan.netwerk.pk)
            velden = meting_fields(samenvatting)
            metingen.append(WachtlijstMeting(netwerk=plan.netwerk, peildatum=peildatum, **velden))
    WachtlijstMeting.objects.bulk_create(metingen, ignore_conflicts=True)
    return len(metingen)


def nza_kwartalen(plannen: list[Netwerkplan], peildata: list[dt.date]) -> int:
    """A published NZa quarter with its rows for every network and peildatum, computed by
    wachtlijst.nza.nza_cijfers. The rows go in while the quarter is a concept (the database
    refuses rows in a published quarter); then the quarters are published, by the network's
    coordinator, around the 20th as the NZa asks."""
    aantal = 0
    for peildatum in peildata:
        kwartalen = []
        regels = []
        for plan in plannen:
            cijfers = nza_cijfers(plan.netwerk, peildatum)
            kwartaal = NzaKwartaal(
                netwerk=plan.netwerk,
                peildatum=peildatum,
                versie=1,
                status=KwartaalStatus.CONCEPT,
                aangemaakt_op=_moment(peildatum + dt.timedelta(days=9), 8),
                **{naam: getattr(cijfers, naam) for naam in TOTAAL_VELDEN},
            )
            kwartalen.append(kwartaal)
            regels.append(cijfers.regels)
        NzaKwartaal.objects.bulk_create(kwartalen)
        NzaKwartaalRegel.objects.bulk_create(
            NzaKwartaalRegel(
                kwartaal=kwartaal,
                volgorde=volgorde,
                **{naam: getattr(regel, naam) for naam in REGEL_VELDEN},
            )
            for kwartaal, lijst in zip(kwartalen, regels, strict=True)
            for volgorde, regel in enumerate(lijst, start=1)
        )
        for kwartaal, plan in zip(kwartalen, plannen, strict=True):
            kwartaal.status = KwartaalStatus.GEPUBLICEERD
            kwartaal.gepubliceerd_op = _moment(peildatum + dt.timedelta(days=19), 10)
            kwartaal.gepubliceerd_door = plan.coordinator
        NzaKwartaal.objects.bulk_update(
            kwartalen, ["status", "gepubliceerd_op", "gepubliceerd_door"]
        )
        aantal += len(kwartalen)
    return aantal


# --- Signals -----------------------------------------------------------------------------------

# (category, title, description); {regio} is the network's region
SIGNAALTEKSTEN = [
    (
        Categorie.WACHTLIJST,
        "Wachtlijst casemanagement {regio} loopt op",
        "In {regio} wachten steeds meer cliënten langer dan zes weken op een casemanager. "
        "Aanbieders geven aan dat nieuwe aanmeldingen niet meer binnen de Treeknorm lukken.",
    ),
    (
        Categorie.WACHTLIJST,
        "Geen overbruggingszorg voor wachtenden in {regio}",
        "Mantelzorgers melden dat er tijdens het wachten niemand aanspreekbaar is. Er is geen "
        "afspraak over overbruggingszorg tussen de aanbieders.",
    ),
    (
        Categorie.NETWERK,
        "Netwerkcoördinatie {regio} wordt herzien",
        "De stuurgroep van het netwerk in {regio} heroverweegt de coördinatie; de "
        "ketenregisseur vertrekt en een opvolger is nog niet benoemd.",
    ),
    (
        Categorie.FINANCIERING,
        "Inkoopafspraken casemanagement {regio} laat rond",
        "De contracten voor casemanagement dementie in {regio} waren pas in het voorjaar rond. "
        "Aanbieders namen in de tussentijd geen nieuwe casemanagers aan.",
    ),
    (
        Categorie.CONTINUITEIT,
        "Cliënten in {regio} dreigen hun casemanager te verliezen",
        "Een aanbieder in {regio} reorganiseert zijn wijkteams. Cliënten vrezen dat hun vaste "
        "casemanager verdwijnt; de overdracht is nog niet geregeld.",
    ),
    (
        Categorie.INDICATIESTELLING,
        "Indicatiestelling casemanagement vertraagd in {regio}",
        "Casemanagers met een achtergrond in sociaal werk wachten weken op de medeondertekening "
        "door een verpleegkundige. De indicaties blijven liggen.",
    ),
    (
        Categorie.PERSONEEL,
        "Vacatures casemanagers {regio} blijven open",
        "Aanbieders in {regio} vinden geen opgeleide casemanagers dementie. Ondanks extra "
        "budget groeit de capaciteit niet.",
    ),
    (
        Categorie.OVERIG,
        "Bereikbaarheid casemanagement {regio} in de avond",
        "Mantelzorgers in {regio} vragen om bereikbaarheid buiten kantoortijden bij crisis.",
    ),
]
GESPREKKEN = [
    "Gesprek gevoerd met de netwerkcoördinator over de stand van zaken.",
    "Overleg met de preferente zorgverzekeraar en de aanbieders in de regio.",
    "Telefonisch contact met de melder; de situatie is onveranderd.",
    "Afstemming met Alzheimer Nederland en de gemeente over de aanpak.",
]
OPLOSSINGEN = [
    "Aanbieders hebben extra casemanagers aangenomen; de wachttijd ligt weer binnen de norm.",
    "De verzekeraar heeft het contract uitgebreid; de wachtlijst is weggewerkt.",
    "Het netwerk heeft een centrale wachtlijstcoördinator aangesteld.",
    "Dubbele melding; opgevolgd onder een eerder signaal.",
]
MELDERS_HANDMATIG = [
    MelderType.ALZHEIMER_NEDERLAND,
    MelderType.ZORGAANBIEDER,
    MelderType.HUISARTS,
    MelderType.GEMEENTE,
    MelderType.NETWERKCOORDINATOR,
    MelderType.ZORGVERZEKERAAR,
]


def signalen(
    plannen: list[Netwerkplan],
    doel: int,
    team: User,
    vandaag: dt.date,
    rng: random.Random,
) -> int:
    """Signals up to ``doel`` in the register (the demo's own ones count along), over the last
    four years, in every state and category, with their timelines and search vectors."""
    aantal = max(0, doel - Signaal.objects.count())
    if not aantal:
        return 0
    nummers = _hoogste_nummers(vandaag)
    gewichten = [p.inwoners_65_plus for p in plannen]
    nieuw: list[tuple[Signaal, list[Netwerk], list[SignaalActie]]] = []
    for _ in range(aantal):
        plan = rng.choices(plannen, gewichten)[0]
        signaal = _signaal(plan, nummers, vandaag, rng)
        acties = [
            _actie(ActieType.STATUS, signaal.ontvangen_op, team, "Signaal geregistreerd.", 10)
        ]
        if (vandaag - signaal.ontvangen_op).days > 14 or rng.random() < 0.5:
            acties += _in_behandeling(signaal, team, vandaag, rng)
        netwerken = [plan.netwerk]
        if rng.random() < 0.15:
            netwerken.append(rng.choice(plannen).netwerk)
        nieuw.append((signaal, netwerken, acties))
    _signalen_opslaan(nieuw)
    return len(nieuw)


def _hoogste_nummers(vandaag: dt.date) -> dict[int, int]:
    """The highest reference number (SIG-<year>-<number>) in use per year of the last four."""
    nummers: dict[int, int] = {}
    for jaar in range(vandaag.year - 4, vandaag.year + 1):
        prefix = f"SIG-{jaar}-"
        hoogste = Signaal.objects.filter(referentie__startswith=prefix).aggregate(
            n=Max(Cast(Substr("referentie", len(prefix) + 1), IntegerField()))
        )["n"]
        nummers[jaar] = hoogste or 0
    return nummers


def _signaal(
    plan: Netwerkplan, nummers: dict[int, int], vandaag: dt.date, rng: random.Random
) -> Signaal:
    """A new signal about the network's region, received on a day of the last four years
    (more often recently), with the next free reference of that year."""
    regio = partijen.regio_van(plan.netwerk)
    categorie, titel, omschrijving = rng.choice(SIGNAALTEKSTEN)
    ontvangen = vandaag - dt.timedelta(days=int(rng.random() ** 1.5 * 4 * 365))
    nummers[ontvangen.year] += 1
    meldpunt = rng.random() < 0.4
    return Signaal(
        referentie=f"SIG-{ontvangen.year}-{nummers[ontvangen.year]:04d}",
        titel=titel.format(regio=regio),
        omschrijving=omschrijving.format(regio=regio),
        categorie=categorie,
        bron=Bron.MELDPUNT if meldpunt else Bron.HANDMATIG,
        melder_type=MelderType.CLIENT_MANTELZORGER if meldpunt else rng.choice(MELDERS_HANDMATIG),
        melder_naam=partijen.persoonsnaam(rng),
        melder_email=f"melder{rng.randint(100, 999)}@example.nl",
        ontvangen_op=ontvangen,
        aangemaakt_op=_moment(ontvangen, 10),
    )


def _actie(soort: str, datum: dt.date, team: User, tekst: str, uur: int) -> SignaalActie:
    return SignaalActie(
        type=soort, datum=datum, auteur=team, tekst=tekst, aangemaakt_op=_moment(datum, uur)
    )


def _in_behandeling(
    signaal: Signaal, team: User, vandaag: dt.date, rng: random.Random
) -> list[SignaalActie]:
    """Taken up by the team within ten days, zero to three talks, and most signals older
    than two months closed; returns the timeline entries."""
    ontvangen = signaal.ontvangen_op
    leeftijd = (vandaag - ontvangen).days
    signaal.status = SignaalStatus.IN_BEHANDELING
    signaal.eigenaar = team
    signaal.in_behandeling_op = ontvangen + dt.timedelta(days=min(leeftijd, rng.randint(0, 10)))
    acties = [
        _actie(ActieType.STATUS, signaal.in_behandeling_op, team, "In behandeling genomen.", 11)
    ]
    for _actie_nummer in range(rng.randint(0, 3)):
        datum = signaal.in_behandeling_op + dt.timedelta(
            days=rng.randint(0, max(0, (vandaag - signaal.in_behandeling_op).days))
        )
        acties.append(_actie(ActieType.GESPREK, datum, team, rng.choice(GESPREKKEN), 15))
    if leeftijd > 60 and rng.random() < 0.8:
        acties.append(_sluiten(signaal, team, vandaag, rng))
    return acties


def _sluiten(signaal: Signaal, team: User, vandaag: dt.date, rng: random.Random) -> SignaalActie:
    """Closed (mostly solved) within about a year; a year after closing without the
    melder's details, as the retention job leaves them (signaalteam.services.melders)."""
    gesloten = min(vandaag, signaal.ontvangen_op + dt.timedelta(days=rng.randint(30, 400)))
    signaal.gesloten_op = max(gesloten, signaal.in_behandeling_op)
    signaal.status = (
        SignaalStatus.OPGELOST if rng.random() < 0.8 else SignaalStatus.GESLOTEN_ZONDER_OPLOSSING
    )
    signaal.oplossing = rng.choice(OPLOSSINGEN)
    if (vandaag - signaal.gesloten_op).days >= 365:
        signaal.melder_naam = signaal.melder_email = ""
        signaal.melder_gegevens_verwijderd_op = _moment(vandaag, 3)
    return _actie(ActieType.STATUS, signaal.gesloten_op, team, f"Gesloten: {signaal.oplossing}", 16)


def _signalen_opslaan(nieuw: list[tuple[Signaal, list[Netwerk], list[SignaalActie]]]) -> None:
    """The signals, their networks (each once) and timelines, and their search vectors."""
    Signaal.objects.bulk_create([s for s, _n, _a in nieuw])
    Signaal.netwerken.through.objects.bulk_create(
        [
            Signaal.netwerken.through(signaal_id=s.pk, netwerk_id=n.pk)
            for s, netwerken, _a in nieuw
            for n in {n.pk: n for n in netwerken}.values()
        ]
    )
    for signaal, _n, acties in nieuw:
        for actie in acties:
            actie.signaal = signaal
    SignaalActie.objects.bulk_create([a for _s, _n, acties in nieuw for a in acties])
    zoekvector_bijwerken([s.pk for s, _n, _a in nieuw])


# --- Adopted reports -------------------------------------------------------------------------


def vastgestelde_rapporten(
    plannen: list[Netwerkplan], aantal: int, verzekeraar: User, periode
) -> int:
    """Adopted progress reports of the period for the first ``aantal`` networks the demo
    insurer may see, made as a coordinator does: generated, texts written, vastgesteld."""
    zichtbaar = set(
        filter_visible_netwerken(
            Netwerk.objects.all(), User.objects.get(pk=verzekeraar.pk)
        ).values_list("pk", flat=True)
    )
    gemaakt = 0
    for plan in plannen:
        if gemaakt >= aantal:
            break
        if plan.netwerk.pk not in zichtbaar:
            continue
        rapport = services.rapport_concept(
            netwerk=plan.netwerk, periode=periode, actor=Actor.of(plan.coordinator)
        )
        if rapport.is_vastgesteld:
            gemaakt += 1
            continue
        Rapport.objects.filter(pk=rapport.pk).update(
            tekst_resultaten="De wachttijd is in dit kwartaal verder gedaald; meer cliënten "
            "kregen binnen zes weken een vaste casemanager.",
            tekst_knelpunten="Het tekort aan casemanagers met een verpleegkundige achtergrond "
            "blijft de groei van de capaciteit remmen.",
        )
        rapport.refresh_from_db()
        services.rapport_vaststellen(rapport=rapport, actor=Actor.of(plan.coordinator))
        gemaakt += 1
    return gemaakt


def analyseer(tabellen: list[str]) -> None:
    with connection.cursor() as cursor:
        for tabel in tabellen:
            cursor.execute(f"ANALYZE {tabel}")
