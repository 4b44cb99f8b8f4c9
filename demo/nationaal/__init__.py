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
    tijden: dict[str, float] = {}

    @contextmanager
    def stap(naam: str):
        begin = time.monotonic()
        yield
        tijden[naam] = round(time.monotonic() - begin, 1)
        melden(f"  {naam}: {tijden[naam]} s")

    vandaag = timezone.localdate()
    rng = random.Random(f"nationaal-{schaal.naam}")  # noqa: S311 - demo data, reproducible
    aantallen: dict[str, int] = {}
    with stap("partijen"):
        accounts.seed(context)
        netwerk.seed(context)
        users = context["users"]
        plannen = partijen.netwerkplannen(schaal.netwerken, schaal.clienten, vandaag.year)
        aantallen["netwerken"] = len(plannen)
        aantallen["nieuwe organisaties"] = partijen.organisaties(plannen, schaal.organisaties, rng)
        partijen.coordinatoren(plannen, users["netwerkcoordinator"], rng)
        partijen.verzekeraar_gebruikers(context["verzekeraars"], users["verzekeraar"])

    with connection.cursor() as cursor:
        # index builds over millions of rows sort in memory instead of on disk
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    with stap("indexen weg"):
        weg = kopie.indexen_weg(clienten.TABELLEN)
    lader = clienten.Lader(
        vandaag=vandaag.toordinal(),
        begin=dt.date(vandaag.year - 6, 1, 1).toordinal(),
        contacten_per_client=schaal.contacten_per_client,
        metingen_per_client=schaal.metingen_per_client,
        aanmeldingen_per_client=schaal.aanmeldingen_per_client,
    )
    casemanagers = partijen.verdeel(schaal.casemanagers, [p.clienten for p in plannen])
    with stap("clienten en zorg (COPY)"):
        for plan, aantal in zip(plannen, casemanagers, strict=True):
            netwerk_rng = random.Random(f"nationaal-{schaal.naam}-{plan.netwerk.slug}")  # noqa: S311
            histories = lader.netwerk(
                plan, netwerk_rng, _gemiddelde_wacht(plan.netwerk.naam, netwerk_rng)
            )
            open_ = sum(
                1 for c in histories for a in c.aanmeldingen if a.traject and a.traject.is_open
            )
            demo = users["casemanager"] if plan.index == 0 else None
            partijen.casemanagers(plan, aantal, netwerk_rng, demo)
            partijen.ruimte_maken(plan, open_, netwerk_rng)
            lader.schrijf(plan, histories, netwerk_rng)
        lader.sluit()
    aantallen.update(lader.aantallen)
    aantallen["casemanagers"] = sum(len(p.casemanagers) for p in plannen)
    with stap("indexen en sleutels terug (gecontroleerd)"):
        kopie.indexen_terug(weg)
    with stap("analyse"):
        momentopnamen.analyseer(clienten.TABELLEN)

    with stap("contracten"):
        jaren = list(range(vandaag.year - 3, vandaag.year + 1))
        verzekeraars = sorted(context["verzekeraars"].values(), key=lambda v: v.naam)
        aantallen["contracten"] = partijen.contracten(
            plannen, verzekeraars, jaren, lader.open_per_netwerk, rng
        )
    peildata = sorted(peildata_tot(vandaag, KWARTALEN))
    with stap("wachtlijstmetingen per kwartaal"):
        aantallen["wachtlijstmetingen"] = momentopnamen.wachtlijstmetingen(plannen, peildata)
    with stap("NZa-kwartalen (gepubliceerd)"):
        aantallen["nza-kwartalen"] = momentopnamen.nza_kwartalen(plannen, peildata)
    with stap("signalen"):
        signaalteam.seed(context)
        momentopnamen.signalen(plannen, schaal.signalen, users["signaalteam"], vandaag, rng)
        aantallen["signalen"] = Signaal.objects.count()
    with stap("vastgestelde rapporten"):
        aantallen["vastgestelde rapporten"] = momentopnamen.vastgestelde_rapporten(
            plannen, schaal.vastgestelde_rapporten, users["verzekeraar"], rapportkwartaal(vandaag)
        )
    with stap("analyse overige tabellen"):
        momentopnamen.analyseer(ANDERE_TABELLEN)
    return {"schaal": schaal.naam, "aantallen": aantallen, "tijden": tijden}


def opruimen(tabellen: list[str] | None = None) -> float:
    """VACUUM ANALYZE the loaded tables after the commit (outside a transaction): visibility
    map and hint bits set, statistics fresh, as autovacuum would leave them later."""
    begin = time.monotonic()
    with connection.cursor() as cursor:
        for tabel in tabellen or clienten.TABELLEN:
            cursor.execute(f"VACUUM (ANALYZE) {tabel}")
    return round(time.monotonic() - begin, 1)
