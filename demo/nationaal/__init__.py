"""National-scale demo data: `python manage.py seed_demo --scale national` (and the same shape
at a tiny size, `--scale klein`, for the CI smoke test of the benchmark).

What it builds (demo.nationaal.schaal): the 70 networks covering every gemeente with
1,200 partner organisations, 3,000 casemanagers, 300,000 clients (the living and the
historic), 330,000 aanmeldingen with realistic waiting histories, 260,000 trajecten, 5
million contacts, 600,000 measurements, 500 signals, contracts of the 5 insurers over four
years, four years of quarterly waitlist measurements and published NZa figures, and adopted
reports for the demo insurer to download. The demo logins (demo.accounts) work as in the
regular demo: the coordinator runs the largest network (Haaglanden) and the casemanager has
a full caseload there.

How: the parties with bulk_create; the big tables network by network with COPY into tables
stripped of their secondary indexes and foreign keys, which are re-created (and so checked)
afterwards (demo.nationaal.kopie); the snapshots with the application's own selectors.
Everything in one transaction, then VACUUM ANALYZE. Reproducible: every random choice comes
from a generator seeded with the scale and the network. It lives in demo, on top of every
app, because it writes the data of every app.

Use an empty database (the regular demo's clients would be mixed in); a second run on a
database that has the data already does nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from casemanagement.identifiers import bsn_hash
from casemanagement.models import Client
from rapportage.perioden import Periode, parse_periode, vorige_periodes
from signaalteam.models import Signaal
from wachtlijst.nza import peildata_tot

from .. import accounts, netwerk, signaalteam
from ..personen import bsns
from . import clienten, kopie, momentopnamen, partijen
from .schaal import SCHALEN, Schaal

__all__ = ["SCHALEN", "Schaal", "aanwezig", "opruimen", "seed"]

KWARTALEN = 16  # four years of quarterly snapshots
ANDERE_TABELLEN = [
    "accounts_user",
    "netwerk_membership",
    "netwerk_organisatie",
    "netwerk_aansluiting",
    "netwerk_vestiging",
    "casemanagement_casemanager",
    "inkoop_contract",
    "wachtlijst_wachtlijstmeting",
    "wachtlijst_nzakwartaal",
    "wachtlijst_nzakwartaalregel",
    "signaalteam_signaal",
    "signaalteam_signaalactie",
]
# Typical wait (days) of the demo networks (demo.casemanagement's profiles); the others
# draw one: a quarter short, half around the norm, a quarter long.
WACHT = {
    "Dementienetwerk Haaglanden": 38,
    "Ketenzorg Dementie Eindhoven": 45,
    "Dementienetwerk Midden-Limburg": 52,
    "Dementienetwerk Gooi en Vechtstreek": 30,
    "Dementienetwerk Waardenlanden": 58,
}


def rapportkwartaal(vandaag: dt.date) -> Periode:
    """The quarter before the one that ended last: its reports are adopted in the data (the
    last one is left for the quarterly generation the benchmark times)."""
    laatste = vorige_periodes(vandaag)[0]
    dag = laatste.begin - dt.timedelta(days=1)
    return parse_periode(f"{dag.year}Q{(dag.month - 1) // 3 + 1}")


def aanwezig(schaal: Schaal) -> bool:
    """True when this scale's data is in the database: its first client and its number of
    clients."""
    eerste = next(bsns(clienten.BSN_START))
    return (
        Client.objects.filter(bsn_hash=bsn_hash(eerste)).exists()
        and Client.objects.count() == schaal.clienten
    )


def _gemiddelde_wacht(naam: str, rng: random.Random) -> int:
    if naam in WACHT:
        return WACHT[naam]
    u = rng.random()
    if u < 0.25:
        return rng.randint(12, 24)
    if u < 0.75:
        return rng.randint(25, 45)
    return rng.randint(46, 75)


def seed(
    context: dict, schaal: Schaal, melden: Callable[[str], None] = lambda _tekst: None
) -> dict:
    """Build the scale's data in the current transaction; returns the counts and the seconds
    each step took."""
    bouw = _Bouw(context, schaal, melden)
    with bouw.stap("partijen"):
        bouw.partijen()
    lader = bouw.clienten_en_zorg()
    bouw.geschiedenis(lader)
    return {"schaal": schaal.naam, "aantallen": bouw.aantallen, "tijden": bouw.tijden}


class _Bouw:
    """One build of a scale: its steps in order, each timed and reported as it finishes, and
    the counts of what they made. Every draw of the shared generator (``rng``) happens in
    the same order on every run; each network's clients have a generator of their own."""

    def __init__(self, context: dict, schaal: Schaal, melden: Callable[[str], None]):
        self.context = context
        self.schaal = schaal
        self.melden = melden
        self.vandaag = timezone.localdate()
        self.rng = random.Random(f"nationaal-{schaal.naam}")  # noqa: S311 - demo data, reproducible
        self.aantallen: dict[str, int] = {}
        self.tijden: dict[str, float] = {}
        self.plannen: list[partijen.Netwerkplan] = []

    @contextmanager
    def stap(self, naam: str):
        begin = time.monotonic()
        yield
        self.tijden[naam] = round(time.monotonic() - begin, 1)
        self.melden(f"  {naam}: {self.tijden[naam]} s")

    def partijen(self) -> None:
        """The demo logins and networks (as the regular demo makes them), then the scale's
        networks with their partners, a coordinator each, and a user per insurer."""
        accounts.seed(self.context)
        netwerk.seed(self.context)
        users = self.context["users"]
        schaal = self.schaal
        self.plannen = partijen.netwerkplannen(schaal.netwerken, schaal.clienten, self.vandaag.year)
        self.aantallen["netwerken"] = len(self.plannen)
        self.aantallen["nieuwe organisaties"] = partijen.organisaties(
            self.plannen, schaal.organisaties, self.rng
        )
        partijen.coordinatoren(self.plannen, users["netwerkcoordinator"], self.rng)
        partijen.verzekeraar_gebruikers(self.context["verzekeraars"], users["verzekeraar"])

    def clienten_en_zorg(self) -> clienten.Lader:
        """Casemanagers and the big tables, network by network, with COPY into tables without
        their secondary indexes and foreign keys, which are put back (and so checked) after."""
        with connection.cursor() as cursor:
            # index builds over millions of rows sort in memory instead of on disk
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        with self.stap("indexen weg"):
            weg = kopie.indexen_weg(clienten.TABELLEN)
        lader = clienten.Lader(
            vandaag=self.vandaag.toordinal(),
            begin=dt.date(self.vandaag.year - 6, 1, 1).toordinal(),
            contacten_per_client=self.schaal.contacten_per_client,
            metingen_per_client=self.schaal.metingen_per_client,
            aanmeldingen_per_client=self.schaal.aanmeldingen_per_client,
        )
        casemanagers = partijen.verdeel(
            self.schaal.casemanagers, [p.clienten for p in self.plannen]
        )
        with self.stap("clienten en zorg (COPY)"):
            for plan, aantal in zip(self.plannen, casemanagers, strict=True):
                self._netwerk_laden(lader, plan, aantal)
            lader.sluit()
        self.aantallen.update(lader.aantallen)
        self.aantallen["casemanagers"] = sum(len(p.casemanagers) for p in self.plannen)
        with self.stap("indexen en sleutels terug (gecontroleerd)"):
            kopie.indexen_terug(weg)
        with self.stap("analyse"):
            momentopnamen.analyseer(clienten.TABELLEN)
        return lader

    def _netwerk_laden(self, lader: clienten.Lader, plan: partijen.Netwerkplan, aantal: int):
        """One network: its clients' histories, ``aantal`` casemanagers with room for the
        open trajecten (the demo casemanager in the first network), then its rows."""
        rng = random.Random(f"nationaal-{self.schaal.naam}-{plan.netwerk.slug}")  # noqa: S311
        histories = lader.netwerk(plan, rng, _gemiddelde_wacht(plan.netwerk.naam, rng))
        open_ = sum(1 for c in histories for a in c.aanmeldingen if a.traject and a.traject.is_open)
        demo = self.context["users"]["casemanager"] if plan.index == 0 else None
        partijen.casemanagers(plan, aantal, rng, demo)
        partijen.ruimte_maken(plan, open_, rng)
        lader.schrijf(plan, histories, rng)

    def geschiedenis(self, lader: clienten.Lader) -> None:
        """What the networks have been through: four years of contracts, quarterly waitlist
        measurements and published NZa figures, signals, and adopted reports."""
        vandaag, users, plannen = self.vandaag, self.context["users"], self.plannen
        with self.stap("contracten"):
            jaren = list(range(vandaag.year - 3, vandaag.year + 1))
            verzekeraars = sorted(self.context["verzekeraars"].values(), key=lambda v: v.naam)
            self.aantallen["contracten"] = partijen.contracten(
                plannen, verzekeraars, jaren, lader.open_per_netwerk, self.rng
            )
        peildata = sorted(peildata_tot(vandaag, KWARTALEN))
        with self.stap("wachtlijstmetingen per kwartaal"):
            self.aantallen["wachtlijstmetingen"] = momentopnamen.wachtlijstmetingen(
                plannen, peildata
            )
        with self.stap("NZa-kwartalen (gepubliceerd)"):
            self.aantallen["nza-kwartalen"] = momentopnamen.nza_kwartalen(plannen, peildata)
        with self.stap("signalen"):
            signaalteam.seed(self.context)
            momentopnamen.signalen(
                plannen, self.schaal.signalen, users["signaalteam"], vandaag, self.rng
            )
            self.aantallen["signalen"] = Signaal.objects.count()
        with self.stap("vastgestelde rapporten"):
            self.aantallen["vastgestelde rapporten"] = momentopnamen.vastgestelde_rapporten(
                plannen,
                self.schaal.vastgestelde_rapporten,
                users["verzekeraar"],
                rapportkwartaal(vandaag),
            )
        with self.stap("analyse overige tabellen"):
            momentopnamen.analyseer(ANDERE_TABELLEN)


def opruimen(tabellen: list[str] | None = None) -> float:
    """VACUUM ANALYZE the loaded tables after the commit (outside a transaction): visibility
    map and hint bits set, statistics fresh, as autovacuum would leave them later."""
    begin = time.monotonic()
    with connection.cursor() as cursor:
        for tabel in tabellen or clienten.TABELLEN:
            cursor.execute(f"VACUUM (ANALYZE) {tabel}")
    return round(time.monotonic() - begin, 1)
