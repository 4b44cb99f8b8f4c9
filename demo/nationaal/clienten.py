"""The big tables of the national data, network by network, with COPY: clients (BSN
encrypted as the model field does it), carers, aanmeldingen with postponements, trajecten,
contacts, measurements and indications.

The histories come from demo.nationaal.geschiedenis; here they get casemanagers (the
open trajecten fill the network's places up to about 90% of the norm, never past it; the
demo casemanager gets a full caseload), organisations and vestigingen, ids, and rows. The
number of contacts and measurements per network follows the scale (5 million contacts and
600,000 measurements nationally): the interval between contacts is set per network so that
its clients' care-days give its share.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator

from casemanagement.identifiers import bsn_hash, encrypt
from casemanagement.models import (
    Achtergrond,
    ContactType,
    Geslacht,
    Intensiteit,
    MetingType,
    Relatie,
    VerwijzerType,
    Volhoudtijd,
    Woonsituatie,
)

from ..personen import ACHTERNAMEN, STRATEN, VOORNAMEN_M, VOORNAMEN_V, bsns
from . import geschiedenis
from .geschiedenis import Client, Profiel, Traject, gewogen
from .kopie import NULL, Ids, copy, datum, nullable, tijdstip
from .partijen import Netwerkplan

TABELLEN = [
    "casemanagement_client",
    "casemanagement_mantelzorger",
    "casemanagement_aanmelding",
    "casemanagement_uitstel",
    "casemanagement_traject",
    "casemanagement_contactmoment",
    "casemanagement_meting",
    "casemanagement_indicatie",
]

BSN_START = 300_000_000  # the regular demo uses 200.000.000, the 2016 scenario 600.000.000
LETTERS = "ABCDEGHJKLMNPRTVWXZ"  # postcode letters (never SA, SD or SS)
VERWIJZERS = gewogen(
    [
        (VerwijzerType.HUISARTS, 45),
        (VerwijzerType.GEHEUGENPOLI, 20),
        (VerwijzerType.WIJKVERPLEGING, 12),
        (VerwijzerType.WIJKTEAM, 10),
        (VerwijzerType.ZELF, 8),
        (VerwijzerType.ANDERS, 5),
    ]
)
UITSTEL_REDENEN = [
    "Op verzoek van de mantelzorger: eerst vakantie",
    "Partner is opgenomen in het ziekenhuis",
    "Cliënt wil eerst zelf afwachten",
    "Familie regelt het eerst zelf",
    "Verhuizing binnen de gemeente",
]
# (type, minutes to choose from, with whom)
CONTACTSOORTEN = gewogen(
    [
        (ContactType.HUISBEZOEK, 40),
        (ContactType.TELEFONISCH, 30),
        (ContactType.BEELDBELLEN, 5),
        (ContactType.MDO, 8),
        (ContactType.NETWERKPARTNER, 8),
        (ContactType.BERICHT, 7),
        (ContactType.ANDERS, 2),
    ]
)
MINUTEN = {
    ContactType.HUISBEZOEK: (45, 60, 60, 75, 90),
    ContactType.TELEFONISCH: (10, 15, 15, 20, 30),
    ContactType.BEELDBELLEN: (20, 30, 30, 45),
    ContactType.MDO: (30, 45, 60),
    ContactType.NETWERKPARTNER: (15, 20, 30),
    ContactType.BERICHT: (5, 10, 10, 15),
    ContactType.ANDERS: (15, 30),
}
MET_WIE = {
    ContactType.HUISBEZOEK: ("{client,mantelzorger}", "{client,mantelzorger}", "{client}"),
    ContactType.TELEFONISCH: ("{mantelzorger}", "{mantelzorger}", "{client}"),
    ContactType.BEELDBELLEN: ("{client,mantelzorger}", "{mantelzorger}"),
    ContactType.MDO: ("{professional}",),
    ContactType.NETWERKPARTNER: ("{professional}",),
    ContactType.BERICHT: ("{mantelzorger}",),
    ContactType.ANDERS: ("{mantelzorger}", "{professional}"),
}
SCORES = {
    MetingType.KWALITEIT_VAN_LEVEN: (22, 44),
    MetingType.BELASTING: (3, 9),
    MetingType.CLIENTOORDEEL: (6, 10),
}
VOLHOUDTIJDEN = [v.value for v in Volhoudtijd]
INTENSITEITEN = gewogen(
    [(Intensiteit.LICHT, 30), (Intensiteit.MIDDEN, 50), (Intensiteit.INTENSIEF, 20)]
)
WOONSITUATIES = gewogen(
    [
        (Woonsituatie.ALLEEN, 35),
        (Woonsituatie.PARTNER, 50),
        (Woonsituatie.FAMILIE, 10),
        (Woonsituatie.ANDERS, 5),
    ]
)
RELATIES = gewogen(
    [(Relatie.PARTNER, 45), (Relatie.KIND, 40), (Relatie.SCHOONKIND, 8), (Relatie.FAMILIE, 7)]
)


class Lader:
    """Writes the histories of one network after the other (between kopie.indexen_weg and
    kopie.indexen_terug)."""

    def __init__(
        self,
        *,
        vandaag: int,
        begin: int,
        contacten_per_client: float,
        metingen_per_client: float,
        aanmeldingen_per_client: float,
    ):
        self.vandaag = vandaag
        self.begin = begin
        self.contacten_per_client = contacten_per_client
        self.metingen_per_client = metingen_per_client
        # the share of clients planned with a second aanmelding that gives the scale's
        # aanmeldingen per client (calibrated: truncation at today takes about a third)
        self.tweede_aanmelding = max(0.0, (aanmeldingen_per_client - 1) * 0.9)
        self.ids = {tabel: Ids(tabel) for tabel in TABELLEN}
        self.bsns = bsns(BSN_START)
        self.aantallen: Counter[str] = Counter()
        self.open_per_netwerk: dict[int, int] = {}

    def sluit(self) -> None:
        for ids in self.ids.values():
            ids.sluit()

    # --- one network ---------------------------------------------------------------------

    def netwerk(self, plan: Netwerkplan, rng: random.Random, gemiddelde_wacht: int) -> list[Client]:
        """The histories of the network's clients (without casemanagers yet)."""
        profiel = Profiel(
            begin=self.begin,
            vandaag=self.vandaag,
            gemiddelde_wacht=gemiddelde_wacht,
            tweede_aanmelding=self.tweede_aanmelding,
        )
        return [geschiedenis.client(rng, profiel) for _ in range(plan.clienten)]

    def schrijf(self, plan: Netwerkplan, clienten: list[Client], rng: random.Random) -> None:
        """Casemanagers and organisations on the histories, then every row of the network."""
        self._toewijzen(plan, clienten, rng)
        self._ids(clienten)
        self._clienten(plan, clienten, rng)
        self._aanmeldingen(plan, clienten, rng)
        self._trajecten(plan, clienten, rng)
        self._contacten(plan, clienten, rng)
        self._metingen(plan, clienten, rng)
        self._indicaties(plan, clienten, rng)

    def _toewijzen(self, plan: Netwerkplan, clienten: list[Client], rng: random.Random) -> None:
        norm = plan.netwerk.caseload_norm
        trajecten = [a.traject for c in clienten for a in c.aanmeldingen if a.traject]
        open_ = [t for t in trajecten if t.is_open]
        self.open_per_netwerk[plan.netwerk.pk] = len(open_)
        rng.shuffle(open_)
        casemanagers = list(plan.casemanagers)
        demo = plan.demo_casemanager
        if demo is not None:
            # a full caseload for the demo casemanager: in care, and two still to start
            plaatsen = demo.capaciteit(norm)
            gestart = [t for t in open_ if t.startdatum is not None][: plaatsen - 2]
            nog_niet = [t for t in open_ if t.startdatum is None][:2]
            for traject in gestart + nog_niet:
                traject.casemanager = demo
            eigen = {id(t) for t in gestart + nog_niet}
            open_ = [t for t in open_ if id(t) not in eigen]
            casemanagers.remove(demo)
        plaatsen = [cm.capaciteit(norm) for cm in casemanagers]
        vulling = min(1.0, len(open_) / max(1, sum(plaatsen)))
        doelen = [int(p * vulling) for p in plaatsen]
        vrij = [i for i, (d, p) in enumerate(zip(doelen, plaatsen, strict=True)) if d < p]
        rng.shuffle(vrij)
        for i in vrij[: max(0, len(open_) - sum(doelen))]:
            doelen[i] += 1
        volgende = iter(open_)
        for cm, doel in zip(casemanagers, doelen, strict=True):
            for _ in range(doel):
                traject = next(volgende, None)
                if traject is None:
                    break
                traject.casemanager = cm
        if next(volgende, None) is not None:
            raise AssertionError(f"{plan.netwerk}: meer open trajecten dan plaatsen")
        gesloten = [t for t in trajecten if not t.is_open]
        gewichten = [float(cm.fte) for cm in plan.casemanagers]
        for traject, cm in zip(
            gesloten, rng.choices(plan.casemanagers, gewichten, k=len(gesloten)), strict=True
        ):
            traject.casemanager = cm
        aanbieders = [o.pk for o in plan.aanbieders]
        for client in clienten:
            for a in client.aanmeldingen:
                if a.traject is not None:
                    a.organisatie_id = a.traject.casemanager.organisatie_id
                elif rng.random() >= 0.45:  # the others registered centrally at the network
                    a.organisatie_id = rng.choices(aanbieders, plan.aanbieder_gewichten)[0]
                vestigingen = plan.vestigingen.get(a.organisatie_id) if a.organisatie_id else None
                if vestigingen and rng.random() < 0.3:
                    a.vestiging_id = rng.choice(vestigingen)

    def _ids(self, clienten: list[Client]) -> None:
        client_ids, aanmelding_ids, traject_ids = (
            self.ids["casemanagement_client"],
            self.ids["casemanagement_aanmelding"],
            self.ids["casemanagement_traject"],
        )
        for client in clienten:
            client.id = client_ids.volgende()
            for a in client.aanmeldingen:
                a.id = aanmelding_ids.volgende()
                if a.traject is not None:
                    a.traject.id = traject_ids.volgende()

    # --- rows -----------------------------------------------------------------------------

    def _clienten(self, plan: Netwerkplan, clienten: list[Client], rng: random.Random) -> None:
        """The clients (each in a gemeente of the werkgebied, by its weight) and their carers:
        most have a primary one, some also a child."""
        kolommen = [
            "id", "bsn", "bsn_hash", "voornaam", "tussenvoegsel", "achternaam", "geboortedatum",
            "geslacht", "straat_huisnummer", "postcode", "woonplaats", "gemeente_id", "netwerk_id",
            "huisarts", "woonsituatie", "diagnose_status", "fase", "wlz_indicatie", "aangemaakt_op",
        ]  # fmt: skip
        mantelzorgers = []
        with copy("casemanagement_client", kolommen) as uit:
            for client, gemeente in zip(
                clienten,
                rng.choices(plan.gemeenten, plan.gemeente_gewichten, k=len(clienten)),
                strict=True,
            ):
                regel, achternaam = self._client_regel(client, gemeente, plan.netwerk.pk, rng)
                uit.schrijf(regel)
                mantelzorgers += self._mantelzorger_regels(client, achternaam, rng)
        self.aantallen["clienten"] += len(clienten)
        with copy(
            "casemanagement_mantelzorger",
            ["id", "client_id", "naam", "relatie", "telefoon", "email", "is_primair"],
        ) as uit:
            for regel in mantelzorgers:
                uit.schrijf(regel)
        self.aantallen["mantelzorgers"] += len(mantelzorgers)

    def _client_regel(
        self, client: Client, gemeente, netwerk_id: int, rng: random.Random
    ) -> tuple[str, str]:
        """The client's COPY row (aged 65 to 98 at the first aanmelding, a few younger), and
        the family name, which the carers share."""
        vrouw = rng.random() < 0.62
        voornaam = rng.choice(VOORNAMEN_V if vrouw else VOORNAMEN_M)
        tussenvoegsel, achternaam = rng.choice(ACHTERNAMEN)
        eerste = client.aanmeldingen[0].datum
        leeftijd = (
            55 + rng.randint(0, 9)
            if rng.random() < 0.04
            else 65 + min(33, int(rng.gammavariate(3, 5.5)))
        )
        geboren = eerste - int(leeftijd * 365.25) - rng.randint(0, 364)
        straat = rng.choice(STRATEN)
        bsn = next(self.bsns)
        regel = (
            f"{client.id}\t{encrypt(bsn)}\t{bsn_hash(bsn)}\t{voornaam}\t{tussenvoegsel}\t"
            f"{achternaam}\t{datum(geboren)}\t{Geslacht.VROUW if vrouw else Geslacht.MAN}\t"
            f"{straat} {rng.randint(1, 180)}\t{rng.randint(1000, 9999)}"
            f"{rng.choice(LETTERS)}{rng.choice(LETTERS)}\t{gemeente.naam}\t{gemeente.pk}\t"
            f"{netwerk_id}\tHuisartsenpraktijk {rng.choice(STRATEN)}\t"
            f"{rng.choice(WOONSITUATIES)}\t{client.diagnose_status}\t{client.fase}\t"
            f"{'t' if client.wlz_indicatie else 'f'}\t{tijdstip(eerste, 10)}\n"
        )
        return regel, achternaam

    def _mantelzorger_regels(
        self, client: Client, achternaam: str, rng: random.Random
    ) -> list[str]:
        ids = self.ids["casemanagement_mantelzorger"]
        regels = []
        if rng.random() < 0.85:
            relatie = rng.choice(RELATIES)
            naam = f"{rng.choice(VOORNAMEN_V + VOORNAMEN_M)} {achternaam}"
            regels.append(
                f"{ids.volgende()}\t{client.id}\t{naam}\t{relatie}\t"
                f"06{rng.randint(10000000, 99999999)}\t\tt\n"
            )
            if rng.random() < 0.25:
                regels.append(
                    f"{ids.volgende()}\t{client.id}\t"
                    f"{rng.choice(VOORNAMEN_V + VOORNAMEN_M)} {achternaam}\t"
                    f"{Relatie.KIND}\t06{rng.randint(10000000, 99999999)}\t\tf\n"
                )
        return regels

    def _aanmeldingen(self, plan: Netwerkplan, clienten: list[Client], rng: random.Random) -> None:
        kolommen = [
            "id", "client_id", "netwerk_id", "netwerk_reden", "organisatie_id", "vestiging_id",
            "datum", "verwijzer_type", "verwijzer_naam", "urgentie", "notitie", "toegewezen_op",
            "eerste_contact_op", "afgemeld_op", "afmeldreden", "aangemaakt_op",
        ]  # fmt: skip
        uitstel_ids = self.ids["casemanagement_uitstel"]
        uitstellen = []
        netwerk_id = plan.netwerk.pk
        with copy("casemanagement_aanmelding", kolommen) as uit:
            for client in clienten:
                for a in client.aanmeldingen:
                    verwijzer = rng.choice(VERWIJZERS)
                    naam = (
                        f"Huisartsenpraktijk {rng.choice(STRATEN)}"
                        if verwijzer == VerwijzerType.HUISARTS
                        else ""
                    )
                    toegewezen = a.traject.toegewezen_op if a.traject is not None else None
                    uit.schrijf(
                        f"{a.id}\t{client.id}\t{netwerk_id}\t\t{nullable(a.organisatie_id)}\t"
                        f"{nullable(a.vestiging_id)}\t{datum(a.datum)}\t{verwijzer}\t{naam}\t"
                        f"{a.urgentie}\t\t{datum(toegewezen)}\t{datum(a.eerste_contact_op)}\t"
                        f"{datum(a.afgemeld_op)}\t{a.afmeldreden}\t{tijdstip(a.datum, 11)}\n"
                    )
                    if a.uitstel is not None:
                        van, tot = a.uitstel
                        uitstellen.append(
                            f"{uitstel_ids.volgende()}\t{a.id}\t{datum(van)}\t{datum(tot)}\t"
                            f"{rng.choice(UITSTEL_REDENEN)}\n"
                        )
                self.aantallen["aanmeldingen"] += len(client.aanmeldingen)
        with copy("casemanagement_uitstel", ["id", "aanmelding_id", "van", "tot", "reden"]) as uit:
            for regel in uitstellen:
                uit.schrijf(regel)
        self.aantallen["uitstel"] += len(uitstellen)

    def _trajecten(self, plan: Netwerkplan, clienten: list[Client], rng: random.Random) -> None:
        kolommen = [
            "id", "client_id", "aanmelding_id", "netwerk_id", "organisatie_id", "casemanager_id",
            "toegewezen_op", "startdatum", "intensiteit", "einddatum", "eindreden", "nazorg_tot",
        ]  # fmt: skip
        netwerk_id = plan.netwerk.pk
        with copy("casemanagement_traject", kolommen) as uit:
            for client in clienten:
                for a in client.aanmeldingen:
                    t = a.traject
                    if t is None:
                        continue
                    cm = t.casemanager
                    uit.schrijf(
                        f"{t.id}\t{client.id}\t{a.id}\t{netwerk_id}\t{cm.organisatie_id}\t{cm.pk}\t"
                        f"{datum(t.toegewezen_op)}\t{datum(t.startdatum)}\t"
                        f"{rng.choice(INTENSITEITEN)}\t{datum(t.einddatum)}\t{t.eindreden}\t"
                        f"{datum(t.nazorg_tot)}\n"
                    )
                    self.aantallen["trajecten"] += 1

    def _in_zorg(self, clienten: list[Client]) -> Iterator[tuple[Client, Traject, int]]:
        """Started trajecten with the last day of care that is logged (today at the latest)."""
        for client in clienten:
            for a in client.aanmeldingen:
                t = a.traject
                if t is not None and t.startdatum is not None:
                    yield client, t, min(t.einddatum or self.vandaag, self.vandaag)

    def _contacten(self, plan: Netwerkplan, clienten: list[Client], rng: random.Random) -> None:
        """The first contact (the start of care: a home visit with the client) and then
        contacts at intervals around the network's mean until the end of care, plus one or
        two with the carer during nazorg. Now and then a colleague covers."""
        in_zorg = list(self._in_zorg(clienten))
        interval = self._contact_interval(plan, in_zorg)
        collegas: dict[int, list[int]] = {}
        for cm in plan.casemanagers:
            collegas.setdefault(cm.organisatie_id, []).append(cm.pk)
        kolommen = [
            "id", "traject_id", "casemanager_id", "organisatie_id", "datum", "type", "minuten",
            "met_wie", "notitie", "aangemaakt_op",
        ]  # fmt: skip
        with copy("casemanagement_contactmoment", kolommen) as uit:
            for _client, t, einde in in_zorg:
                anderen = collegas[t.casemanager.organisatie_id]
                self._contacten_van(uit.schrijf, t, einde, interval, anderen, rng)
        self.aantallen["contactmomenten"] += uit.aantal

    def _contact_interval(self, plan: Netwerkplan, in_zorg) -> float:
        """Days between contacts that give the network its share of the scale's contacts."""
        doel = plan.clienten * self.contacten_per_client
        zorgdagen = sum(einde - t.startdatum for _c, t, einde in in_zorg)
        nazorg = sum(
            1.5 for _c, t, _e in in_zorg if t.nazorg_tot and t.einddatum + 7 <= self.vandaag
        )
        return max(3.0, zorgdagen / max(1.0, doel - len(in_zorg) - nazorg))

    def _contacten_van(
        self,
        schrijf: Callable[[str], None],
        t: Traject,
        einde: int,
        interval: float,
        anderen: list[int],
        rng: random.Random,
    ) -> None:
        """One traject's contacts. The hot loop of the national seed (5 million rows): local
        names and ``rng.random`` instead of ``rng.choice``, on purpose."""
        ids = self.ids["casemanagement_contactmoment"]
        r = rng.random
        soorten, minuten, met_wie = CONTACTSOORTEN, MINUTEN, MET_WIE
        org = t.casemanager.organisatie_id
        eigen = t.casemanager.pk
        d = t.startdatum
        dag = datum(d)
        schrijf(
            f"{ids.volgende()}\t{t.id}\t{eigen}\t{org}\t{dag}\thuisbezoek\t90\t"
            f"{{client,mantelzorger}}\t\t{dag} 17:00:00+01\n"
        )
        d += max(1, int(interval * (0.35 + 1.3 * r())))
        while d <= einde:
            soort = soorten[int(r() * len(soorten))]
            opties = minuten[soort]
            wie = met_wie[soort]
            door = anderen[int(r() * len(anderen))] if r() < 0.03 else eigen
            dag = datum(d)
            schrijf(
                f"{ids.volgende()}\t{t.id}\t{door}\t{org}\t{dag}\t{soort}\t"
                f"{opties[int(r() * len(opties))]}\t{wie[int(r() * len(wie))]}\t\t"
                f"{dag} 17:00:00+01\n"
            )
            d += max(1, int(interval * (0.35 + 1.3 * r())))
        if t.nazorg_tot is not None:
            d = t.einddatum + rng.randint(7, 40)
            laatste = min(t.nazorg_tot, self.vandaag)
            for _ in range(rng.randint(1, 2)):
                if d > laatste:
                    break
                dag = datum(d)
                schrijf(
                    f"{ids.volgende()}\t{t.id}\t{eigen}\t{org}\t{dag}\ttelefonisch\t30\t"
                    f"{{mantelzorger}}\t\t{dag} 17:00:00+01\n"
                )
                d += rng.randint(20, 45)

    def _metingen(self, plan: Netwerkplan, clienten: list[Client], rng: random.Random) -> None:
        """The four outcome measures at intake (within about three weeks of the start) and every
        six months; not every provider registers them, so a share of the trajecten has them
        (all of the demo casemanager's, so Mijn cliënten shows real due dates)."""
        in_zorg = list(self._in_zorg(clienten))
        momenten = sum(
            1 + (einde - t.startdatum - 21) // 182
            for _c, t, einde in in_zorg
            if einde - t.startdatum >= 21
        )
        kans = min(1.0, plan.clienten * self.metingen_per_client / 4 / max(1, momenten))
        ids = self.ids["casemanagement_meting"]
        demo = plan.demo_casemanager
        with copy(
            "casemanagement_meting",
            ["id", "traject_id", "datum", "type", "score", "volhoudtijd", "door_id"],
        ) as uit:
            for _client, t, einde in in_zorg:
                if t.casemanager is not demo and rng.random() >= kans:
                    continue
                door = t.casemanager.user_id
                moment = t.startdatum + rng.randint(7, 35)
                while moment <= einde:
                    dag = datum(moment)
                    for soort, (laag, hoog) in SCORES.items():
                        score = rng.randint(laag, hoog)
                        uit.schrijf(
                            f"{ids.volgende()}\t{t.id}\t{dag}\t{soort}\t{score}.0\t\t{door}\n"
                        )
                    uit.schrijf(
                        f"{ids.volgende()}\t{t.id}\t{dag}\t{MetingType.VOLHOUDTIJD}\t{NULL}\t"
                        f"{rng.choice(VOLHOUDTIJDEN)}\t{door}\n"
                    )
                    moment += 182 + rng.randint(-10, 10)
        self.aantallen["metingen"] += uit.aantal

    def _indicaties(self, plan: Netwerkplan, clienten: list[Client], rng: random.Random) -> None:
        """An indication at the start of care; a sociaal-werk casemanager's needs the
        co-signature of a verpleegkundige colleague, still open for some recent ones."""
        verpleegkundigen: dict[int, list[int]] = {}
        for cm in plan.casemanagers:
            if cm.achtergrond == Achtergrond.VERPLEEGKUNDIGE:
                verpleegkundigen.setdefault(cm.organisatie_id, []).append(cm.pk)
        alle = [pk for pks in verpleegkundigen.values() for pk in pks]
        ids = self.ids["casemanagement_indicatie"]
        kolommen = [
            "id", "traject_id", "uren", "periode_van", "periode_tot", "opgesteld_door_id",
            "opgesteld_op", "medeondertekening_door_id", "medeondertekend_door_id",
            "medeondertekend_op",
        ]  # fmt: skip
        with copy("casemanagement_indicatie", kolommen) as uit:
            for _client, t, _einde in self._in_zorg(clienten):
                cm = t.casemanager
                start = t.startdatum
                gevraagd = getekend = getekend_op = NULL
                if cm.achtergrond != Achtergrond.VERPLEEGKUNDIGE:
                    gevraagd = str(rng.choice(verpleegkundigen.get(cm.organisatie_id) or alle))
                    if start < self.vandaag - 30 or rng.random() < 0.5:
                        getekend, getekend_op = gevraagd, tijdstip(min(start + 3, self.vandaag), 14)
                uit.schrijf(
                    f"{ids.volgende()}\t{t.id}\t{rng.choice([12, 18, 24, 30, 36])}.0\t"
                    f"{datum(start)}\t{datum(start + 364)}\t{cm.pk}\t{tijdstip(start, 16)}\t"
                    f"{gevraagd}\t{getekend}\t{getekend_op}\n"
                )
        self.aantallen["indicaties"] += uit.aantal
