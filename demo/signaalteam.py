"""Demo signals in every state, written through the services (so references, timelines and
search vectors are real), among them the two examples from practice:

- a provider that stopped, after which all its clients moved to another provider keeping
  their own casemanager (opgelost; closed over a year ago, so the retention job has
  removed the melder's details);
- a greying region where a waitlist persists for lack of qualified staff despite extra
  budget (in behandeling; talks between Alzheimer Nederland, the insurer, the
  ketenregisseur, the waitlist coordinator, home-care providers and the gemeenten), with
  an agreement due for follow-up on the demo signaalteam member's list.

Idempotent: a signal whose title (or, for the meldpunt and automatic ones, whose origin)
already exists is skipped. Runs after demo.netwerk.seed (``netwerken``, ``users``); the
organisations of its detailed networks are used by name.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.actor import Actor
from accounts.models import User
from netwerk.models import Gemeente, Netwerk
from signaalteam import services
from signaalteam.models import ActieType, Bron, Categorie, MelderType, Signaal, SignaalStatus

GOOI = "Dementienetwerk Gooi en Vechtstreek"
FRYSLAN = "Dementienetwerk Noordoost-Fryslân"
HAAGLANDEN = "Dementienetwerk Haaglanden"
TWENTE = "Dementienetwerk Twente"
WAARDENLANDEN = "Dementienetwerk Waardenlanden"
EINDHOVEN = "Ketenzorg Dementie Eindhoven"
MIDDEN_LIMBURG = "Dementienetwerk Midden-Limburg"

AANBIEDER_GESTOPT = "Aanbieder gestopt: cliënten houden hun eigen casemanager"
GRIJZE_REGIO = "Wachtlijst blijft door tekort aan casemanagers, ondanks extra budget"
MELDPUNT_TEKST = (
    "Mijn moeder is negen weken geleden door de huisarts aangemeld voor casemanagement. "
    "Er is nog steeds niemand geweest. Bij de thuiszorg zeggen ze dat er een wachtlijst is."
)


def _fresh(user: User) -> User:
    """The user without memberships cached on the object by earlier seeders."""
    return User.objects.get(pk=user.pk)


def seed(context: dict) -> None:
    netwerken: dict[str, Netwerk] = context.get("netwerken", {})
    users = context.get("users", {})
    if "signaalteam" not in users or not netwerken:
        return
    team = _fresh(users["signaalteam"])
    vandaag = timezone.localdate()

    def dag(terug: int) -> dt.date:
        return vandaag - dt.timedelta(days=terug)

    if GOOI in netwerken:
        _aanbieder_gestopt(team, netwerken[GOOI], dag)
    if FRYSLAN in netwerken:
        _grijze_regio(team, netwerken[FRYSLAN], dag)
    if HAAGLANDEN in netwerken:
        _haaglanden(team, netwerken[HAAGLANDEN], users, dag)
    if TWENTE in netwerken:
        _indicatie(team, netwerken[TWENTE], dag)
    if WAARDENLANDEN in netwerken:
        _financiering_heropend(team, netwerken[WAARDENLANDEN], dag)
    if EINDHOVEN in netwerken:
        _continuiteit(team, netwerken[EINDHOVEN], dag)
    if MIDDEN_LIMBURG in netwerken:
        _wachtlijst_opgelost(team, netwerken[MIDDEN_LIMBURG], dag)
    services.melder_gegevens_opschonen(vandaag=vandaag)


def _exists(titel: str) -> bool:
    return Signaal.objects.filter(titel=titel).exists()


def _aanbieder_gestopt(team: User, netwerk: Netwerk, dag) -> None:
    if _exists(AANBIEDER_GESTOPT):
        return
    signaal = services.signaal_create(
        actor=Actor.of(team),
        titel=AANBIEDER_GESTOPT,
        omschrijving=(
            "Thuiszorg Gooi en Vechtstreek stopt met casemanagement dementie. Ruim 180 cliënten "
            "dreigen hun casemanager te verliezen; een deel van hen staat nog op de wachtlijst."
        ),
        categorie=Categorie.NETWERK,
        netwerken=[netwerk],
        melder_type=MelderType.ZORGAANBIEDER,
        melder_naam="Petra Hoogland",
        melder_organisatie="Thuiszorg Gooi en Vechtstreek",
        melder_email="p.hoogland@example.nl",
        betrokken_partijen=(
            "Thuiszorg Gooi en Vechtstreek\nZorggroep Gooi en Vechtstreek Thuis\n"
            "Zilveren Kruis\nNetwerkcoördinator Dementienetwerk Gooi en Vechtstreek"
        ),
        ontvangen_op=dag(460),
    )
    _aanbieder_gestopt_opgelost(signaal, team, dag)


def _aanbieder_gestopt_opgelost(signaal: Signaal, team: User, dag) -> None:
    """Taken up, talks with both providers and the insurer, solved: the casemanagers moved
    with their clients."""
    services.signaal_take_up(signaal=signaal, actor=Actor.of(team), op=dag(458))
    services.actie_add(
        signaal=signaal,
        actor=Actor.of(team),
        type=ActieType.GESPREK,
        datum=dag(450),
        tekst="Overleg met beide aanbieders, de netwerkcoördinator en Zilveren Kruis over "
        "overname van de cliënten en de casemanagers.",
    )
    services.actie_add(
        signaal=signaal,
        actor=Actor.of(team),
        type=ActieType.AFSPRAAK,
        datum=dag(450),
        opvolgdatum=dag(420),
        tekst="Zorggroep Gooi en Vechtstreek Thuis neemt de casemanagers in dienst; Zilveren "
        "Kruis breidt het contract uit. Signaalteam volgt de overgang.",
    )
    services.actie_add(
        signaal=signaal,
        actor=Actor.of(team),
        type=ActieType.UPDATE_REGIO,
        datum=dag(390),
        tekst="De netwerkcoördinator meldt dat alle cliënten zijn overgegaan, ieder met de "
        "eigen casemanager.",
    )
    services.signaal_close(
        signaal=signaal,
        actor=Actor.of(team),
        status=SignaalStatus.OPGELOST,
        op=dag(380),
        oplossing=(
            "Alle cliënten zijn overgegaan naar Zorggroep Gooi en Vechtstreek Thuis en hebben "
            "hun eigen casemanager gehouden: de casemanagers gingen mee. Zilveren Kruis heeft "
            "het contract met de nieuwe aanbieder uitgebreid."
        ),
    )


def _grijze_regio(team: User, netwerk: Netwerk, dag) -> None:
    if _exists(GRIJZE_REGIO):
        return
    signaal = services.signaal_create(
        actor=Actor.of(team),
        titel=GRIJZE_REGIO,
        omschrijving=(
            "In de regio wachten mensen met dementie maanden op casemanagement. De "
            "zorgverzekeraar heeft extra budget beschikbaar gesteld, maar de aanbieders vinden "
            "geen gekwalificeerde casemanagers. Het aantal ouderen in de regio groeit snel."
        ),
        categorie=Categorie.PERSONEEL,
        netwerken=[netwerk],
        melder_type=MelderType.ALZHEIMER_NEDERLAND,
        melder_naam="Anneke Dijkstra",
        melder_organisatie="Alzheimer Nederland, afdeling Noordoost-Fryslân",
        melder_telefoon="058 1234567",
        betrokken_partijen=(
            "Alzheimer Nederland\nZilveren Kruis\nKetenregisseur\nWachtlijstcoördinator\n"
            "Thuiszorgaanbieders in de regio\nGemeenten in de regio"
        ),
        ontvangen_op=dag(150),
    )
    _grijze_regio_in_behandeling(signaal, team, dag)


def _grijze_regio_in_behandeling(signaal: Signaal, team: User, dag) -> None:
    """Taken up, talks with every regional party, an agreement due for follow-up, and an
    update that the wait is not going down yet."""
    services.signaal_take_up(signaal=signaal, actor=Actor.of(team), op=dag(145))
    services.actie_add(
        signaal=signaal,
        actor=Actor.of(team),
        type=ActieType.GESPREK,
        datum=dag(120),
        tekst="Overleg met Alzheimer Nederland, Zilveren Kruis, de ketenregisseur, de "
        "wachtlijstcoördinator, de thuiszorgaanbieders en de gemeenten.",
    )
    services.actie_add(
        signaal=signaal,
        actor=Actor.of(team),
        type=ActieType.AFSPRAAK,
        datum=dag(60),
        opvolgdatum=dag(3),
        tekst="Aanbieders onderzoeken een gezamenlijke opleidingsplaats voor casemanagers; de "
        "gemeenten kijken naar inzet van het sociaal wijkteam bij overbrugging.",
    )
    services.actie_add(
        signaal=signaal,
        actor=Actor.of(team),
        type=ActieType.UPDATE_REGIO,
        datum=dag(20),
        tekst="De wachtlijstcoördinator meldt dat de wachttijd nog niet daalt; twee vacatures "
        "staan al een half jaar open.",
    )


def _haaglanden(team: User, netwerk: Netwerk, users: dict, dag) -> None:
    if not Signaal.objects.filter(automatisch_netwerk=netwerk).exists():
        signaal = services.wachtlijst_meting_verwerken(
            netwerk_id=netwerk.pk,
            peildatum=dag(2),
            boven_drempel=True,
            redenen=["Een cliënt wacht al 45 dagen langer dan de Treeknorm (drempel 28 dagen)."],
        )
        coordinator = users.get("netwerkcoordinator")
        if signaal is not None and coordinator is not None:
            services.actie_add(
                signaal=signaal,
                actor=Actor.of(_fresh(coordinator)),
                type=ActieType.UPDATE_REGIO,
                datum=dag(1),
                tekst="Twee aanbieders nemen extra aanmeldingen over; de wachtlijstcoördinator "
                "belt de langst wachtenden.",
            )
    if not Signaal.objects.filter(bron=Bron.MELDPUNT, omschrijving=MELDPUNT_TEKST).exists():
        gemeente = Gemeente.objects.filter(werkgebieden__netwerk=netwerk).order_by("naam").first()
        services.meldpunt_submit(
            melder_type=MelderType.CLIENT_MANTELZORGER,
            naam="Jeroen de Vries",
            email="jeroen.devries@example.nl",
            categorie=Categorie.WACHTLIJST,
            omschrijving=MELDPUNT_TEKST,
            netwerk=netwerk,
            gemeente=gemeente,
        )


def _indicatie(team: User, netwerk: Netwerk, dag) -> None:
    titel = "Indicatie van casemanager met sociaal-werkachtergrond niet geaccepteerd"
    if _exists(titel):
        return
    signaal = services.signaal_create(
        actor=Actor.of(team),
        titel=titel,
        omschrijving=(
            "Een aanbieder meldt dat indicaties van casemanagers met een achtergrond in het "
            "sociaal werk worden teruggestuurd, ook als een verpleegkundige meetekent."
        ),
        categorie=Categorie.INDICATIESTELLING,
        netwerken=[netwerk],
        melder_type=MelderType.ZORGAANBIEDER,
        melder_naam="Mark Oude Veldhuis",
        melder_organisatie="Zorgorganisatie in Twente",
        melder_email="m.oudeveldhuis@example.nl",
        ontvangen_op=dag(90),
    )
    services.signaal_take_up(signaal=signaal, actor=Actor.of(team), op=dag(88))
    services.actie_add(
        signaal=signaal,
        actor=Actor.of(team),
        type=ActieType.ESCALATIE,
        datum=dag(60),
        tekst="Voorgelegd aan het landelijk overleg over indicatiestelling in de wijkverpleging.",
    )
    services.signaal_close(
        signaal=signaal,
        actor=Actor.of(team),
        status=SignaalStatus.GESLOTEN_ZONDER_OPLOSSING,
        op=dag(40),
        oplossing=(
            "Geen oplossing in de regio mogelijk: de regels voor indicatiestelling zijn landelijk. "
            "Het signaal is meegenomen in het landelijk overleg."
        ),
    )


def _financiering_heropend(team: User, netwerk: Netwerk, dag) -> None:
    titel = "Financiering netwerkcoördinatie na dit jaar onzeker"
    if _exists(titel):
        return
    signaal = services.signaal_create(
        actor=Actor.of(team),
        titel=titel,
        omschrijving=(
            "De netwerkcoördinator meldt dat de financiering van de netwerkcoördinatie na dit jaar "
            "niet is toegezegd. Zonder coördinatie dreigt het netwerk uit elkaar te vallen."
        ),
        categorie=Categorie.FINANCIERING,
        netwerken=[netwerk],
        melder_type=MelderType.NETWERKCOORDINATOR,
        melder_naam="Karin Bos",
        melder_email="k.bos@example.nl",
        betrokken_partijen="DSW\nGemeenten in de regio",
        ontvangen_op=dag(200),
    )
    services.signaal_take_up(signaal=signaal, actor=Actor.of(team), op=dag(198))
    services.signaal_close(
        signaal=signaal,
        actor=Actor.of(team),
        status=SignaalStatus.OPGELOST,
        op=dag(120),
        oplossing="DSW heeft de financiering voor het komende jaar toegezegd.",
    )
    services.signaal_reopen(
        signaal=signaal,
        actor=Actor.of(team),
        reden="De toezegging geldt maar voor één jaar; de gemeenten trekken hun deel terug.",
        op=dag(30),
    )


def _continuiteit(team: User, netwerk: Netwerk, dag) -> None:
    titel = "Cliënten krijgen steeds een andere casemanager"
    if _exists(titel):
        return
    services.signaal_create(
        actor=Actor.of(team),
        titel=titel,
        omschrijving=(
            "Een huisarts meldt dat cliënten in korte tijd drie verschillende casemanagers "
            "hebben gehad door roosterwisselingen bij de aanbieder."
        ),
        categorie=Categorie.CONTINUITEIT,
        netwerken=[netwerk],
        melder_type=MelderType.HUISARTS,
        melder_naam="Dr. S. Willems",
        melder_organisatie="Huisartsenpraktijk in Eindhoven",
        melder_telefoon="040 1234567",
        ontvangen_op=dag(5),
    )


def _wachtlijst_opgelost(team: User, netwerk: Netwerk, dag) -> None:
    titel = "Wachtlijst weggewerkt met overbruggingszorg"
    if _exists(titel):
        return
    signaal = services.signaal_create(
        actor=Actor.of(team),
        titel=titel,
        omschrijving=(
            "De wachttijd voor casemanagement liep op tot boven de Treeknorm. De regio wilde "
            "overbruggingszorg inzetten maar had daar geen afspraken over."
        ),
        categorie=Categorie.WACHTLIJST,
        netwerken=[netwerk],
        melder_type=MelderType.GEMEENTE,
        melder_organisatie="Gemeente in Midden-Limburg",
        melder_email="wmo@example.nl",
        betrokken_partijen="VGZ\nAanbieders casemanagement\nGemeenten",
        ontvangen_op=dag(100),
    )
    services.signaal_take_up(signaal=signaal, actor=Actor.of(team), op=dag(95))
    services.actie_add(
        signaal=signaal,
        actor=Actor.of(team),
        type=ActieType.AFSPRAAK,
        datum=dag(80),
        tekst="VGZ vergoedt overbruggingszorg door de wijkverpleging tot de casemanager start.",
    )
    services.signaal_close(
        signaal=signaal,
        actor=Actor.of(team),
        status=SignaalStatus.OPGELOST,
        op=dag(20),
        oplossing="Overbruggingszorg is ingericht; niemand wacht nog langer dan de Treeknorm.",
    )
