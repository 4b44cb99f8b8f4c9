"""A provider's delivery on the national data: one batch of 1,000 records (clients,
aanmeldingen, trajecten, metingen, a quarter each) applied with
``toepassen.aanlevering_via_sleutel`` into the largest network, then the same batch again
unchanged (every record ``ongewijzigd``). Target: each < 5 s.

The key is issued (``sleutels.sleutel_issue``) and authenticated (``sleutel_voor``) as the
API does. Each run happens inside one outer transaction that is rolled back at the end, so
nothing the bench delivered stays and the national database is the same for the next run:
the access log is append-only (a trigger), so deleting afterwards is no option. The price:
the delivery's own transactions are savepoints of the outer one, and the final commit (one
WAL flush) is not in the figure; callbacks waiting for a commit are counted and reported
(there are none on this path).
"""

from __future__ import annotations

import datetime as dt
import time

from .environment import say
from .stats import median

RECORDS = 1000
TARGET_SECONDS = 5.0
# BSNs from here up are in none of the demo's ranges (200, 300 and 600 million).
BSN_START = 900_000_000
BRON = "BENCH"
SOORTEN = ("clienten", "aanmeldingen", "trajecten", "metingen")


def _vrije_bsns(aantal: int) -> list[str]:
    """``aantal`` valid BSNs that no client in the database has (one query)."""
    from casemanagement.identifiers import bsn_hash
    from casemanagement.models import Client
    from demo.personen import bsns

    nummers = bsns(BSN_START)
    kandidaten = [next(nummers) for _ in range(aantal * 2)]
    bekend = set(
        Client.objects.filter(bsn_hash__in=[bsn_hash(b) for b in kandidaten]).values_list(
            "bsn_hash", flat=True
        )
    )
    vrij = [b for b in kandidaten if bsn_hash(b) not in bekend][:aantal]
    if len(vrij) < aantal:
        raise SystemExit("aanlevering: te weinig vrije BSN's voor de benchmark")
    return vrij


def _meting(index: int, traject: str, datum: dt.date) -> dict:
    soort = ("kwaliteit_van_leven", "belasting", "volhoudtijd", "clientoordeel")[index % 4]
    record = {"bron_id": f"{BRON}-ME-{index}", "traject": traject, "datum": datum, "type": soort}
    if soort == "volhoudtijd":
        record["volhoudtijd"] = "6_12m"
    else:
        record["score"] = {"kwaliteit_van_leven": 30, "belasting": 6, "clientoordeel": 8}[soort]
    return record


def batch(*, vandaag: dt.date, gemeente: str, emails: list[str], records: int = RECORDS) -> dict:
    """The delivery: per client an aanmelding (every fifth with a postponement), a traject
    with its first contact (which stops the clock) and one outcome measurement."""
    per_soort = records // len(SOORTEN)
    aanmelddatum = vandaag - dt.timedelta(days=60)
    iso = dt.date.isoformat
    gegevens: dict = {"versie": 1, **{soort: [] for soort in SOORTEN}}
    for index, bsn in enumerate(_vrije_bsns(per_soort)):
        client, aanmelding, traject = (f"{BRON}-{s}-{index}" for s in ("CL", "AM", "TR"))
        gegevens["clienten"].append(
            {
                "bron_id": client,
                "bsn": bsn,
                "voornaam": "Bench",
                "achternaam": f"Aanlevering {index}",
                "geboortedatum": iso(dt.date(1930 + index % 20, 1 + index % 12, 1 + index % 28)),
                "gemeente": gemeente,
            }
        )
        record = {
            "bron_id": aanmelding,
            "client": client,
            "aanmelddatum": iso(aanmelddatum),
            "verwijzer_type": "huisarts",
        }
        if index % 5 == 0:
            van = aanmelddatum + dt.timedelta(days=5)
            record["uitstel"] = [{"van": iso(van), "tot": iso(van + dt.timedelta(days=7))}]
        gegevens["aanmeldingen"].append(record)
        gegevens["trajecten"].append(
            {
                "bron_id": traject,
                "aanmelding": aanmelding,
                "casemanager_email": emails[index % len(emails)],
                "toegewezen_op": iso(aanmelddatum + dt.timedelta(days=20)),
                "eerste_contact_op": iso(aanmelddatum + dt.timedelta(days=25)),
                "intensiteit": "midden",
            }
        )
        gegevens["metingen"].append(
            _meting(index, traject, iso(aanmelddatum + dt.timedelta(days=30)))
        )
    return gegevens


def _aanbieder(netwerk, vandaag: dt.date):
    """The affiliated casemanagement provider of the network with the most active
    casemanagers there, and their addresses."""
    from django.db.models import Count

    from casemanagement.models import Casemanager
    from netwerk.selectors import is_casemanagement_aanbieder

    actief = Casemanager.objects.filter(netwerk=netwerk, actief=True)
    for rij in (
        actief.values("organisatie_id").annotate(n=Count("pk")).order_by("-n", "organisatie_id")
    ):
        if is_casemanagement_aanbieder(
            netwerk_id=netwerk.pk, organisatie_id=rij["organisatie_id"], peildatum=vandaag
        ):
            emails = list(
                actief.filter(organisatie_id=rij["organisatie_id"])
                .order_by("pk")
                .values_list("user__email", flat=True)
            )
            return rij["organisatie_id"], emails
    raise SystemExit(f"aanlevering: geen aanbieder met casemanagers in {netwerk}")


def _lever(actor_van, netwerk, plat: str, gegevens: dict):
    """One delivery, timed, with the time spent writing each record type apart."""
    from casemanagement.aanlevering import toepassen
    from casemanagement.aanlevering.sleutels import sleutel_voor

    per_soort = dict.fromkeys(SOORTEN, 0.0)
    schrijf_record = toepassen.schrijf_record

    def getimed(context, soort, data):
        begin = time.perf_counter()
        try:
            return schrijf_record(context, soort, data)
        finally:
            per_soort[soort] += time.perf_counter() - begin

    toepassen.schrijf_record = getimed
    try:
        begin = time.perf_counter()
        sleutel = sleutel_voor(plat)  # as the API authenticates the call
        uitkomst = toepassen.aanlevering_via_sleutel(
            actor=actor_van(sleutel.gebruiker), sleutel=sleutel, netwerk=netwerk, gegevens=gegevens
        )
        seconds = time.perf_counter() - begin
    finally:
        toepassen.schrijf_record = schrijf_record
    per_soort["rest"] = seconds - sum(per_soort.values())
    return seconds, uitkomst.ontvangstbewijs, per_soort


def _een_run(ctx, organisatie, gegevens: dict, coordinator) -> dict:
    """First delivery and redelivery in a transaction that is rolled back."""
    from django.db import connection, transaction

    from accounts.actor import Actor
    from casemanagement.aanlevering.sleutels import sleutel_issue

    with transaction.atomic():
        _sleutel, plat = sleutel_issue(
            actor=Actor.of(coordinator), netwerk=ctx.netwerk, organisatie=organisatie, naam="Bench"
        )
        eerste, bewijs_1, split_1 = _lever(Actor.of, ctx.netwerk, plat, gegevens)
        tweede, bewijs_2, split_2 = _lever(Actor.of, ctx.netwerk, plat, gegevens)
        na_commit = len(connection.run_on_commit)
        transaction.set_rollback(True)
    return {
        "eerste": eerste,
        "tweede": tweede,
        "bewijs_1": bewijs_1,
        "bewijs_2": bewijs_2,
        "split": {"eerste": split_1, "opnieuw": split_2},
        "na_commit": na_commit,
    }


def _fout(bewijs: dict) -> str:
    geweigerd = [r for r in bewijs["records"] if r["fouten"]][:3]
    return f"{bewijs['status']} {bewijs['aantallen']} {geweigerd}"


def measure(ctx, runs: int, records: int = RECORDS) -> dict:
    """The first delivery and the redelivery, ``runs`` times each (median), into the largest
    network; fails the run (SystemExit) when a record is refused or the redelivery changes
    anything."""
    from casemanagement.aanlevering.models import BronKoppeling
    from netwerk.models import Organisatie

    organisatie_id, emails = _aanbieder(ctx.netwerk, ctx.vandaag)
    organisatie = Organisatie.objects.get(pk=organisatie_id)
    gemeente = ctx.netwerk.werkgebied.select_related("gemeente").order_by("pk").first().gemeente
    gegevens = batch(
        vandaag=ctx.vandaag, gemeente=gemeente.cbs_code, emails=emails, records=records
    )
    aantal = sum(len(gegevens[s]) for s in SOORTEN)
    coordinator = ctx.users["netwerkcoordinator"]
    eerste, tweede, na_commit, splits = [], [], 0, []
    for _ in range(runs):
        run = _een_run(ctx, organisatie, gegevens, coordinator)
        if run["bewijs_1"]["aantallen"] != {"aangemaakt": aantal}:
            raise SystemExit(f"aanlevering: eerste aanlevering {_fout(run['bewijs_1'])}")
        if run["bewijs_2"]["aantallen"] != {"ongewijzigd": aantal}:
            raise SystemExit(f"aanlevering: opnieuw aanleveren {_fout(run['bewijs_2'])}")
        eerste.append(run["eerste"])
        tweede.append(run["tweede"])
        na_commit = max(na_commit, run["na_commit"])
        splits.append(run["split"])
    over = BronKoppeling.objects.filter(organisatie=organisatie, bron_id__startswith=f"{BRON}-")
    if over.exists():
        raise SystemExit("aanlevering: de benchmark liet aangeleverde gegevens achter")
    result = {
        "netwerk": ctx.netwerk.naam,
        "organisatie": organisatie.naam,
        "casemanagers": len(emails),
        "records": {s: len(gegevens[s]) for s in SOORTEN},
        "runs": runs,
        "eerste_seconds": round(median(eerste), 2),
        "eerste_all": [round(s, 2) for s in eerste],
        "opnieuw_seconds": round(median(tweede), 2),
        "opnieuw_all": [round(s, 2) for s in tweede],
        "on_commit_callbacks": na_commit,
        # seconds per record type (and the rest: reading the records, the receipt, the
        # access log), of the run with the median first delivery
        "split_seconds": {
            welke: {soort: round(s, 2) for soort, s in split.items()}
            for welke, split in splits[eerste.index(sorted(eerste)[len(eerste) // 2])].items()
        },
        "target_seconds": TARGET_SECONDS,
    }
    say(
        f"  {aantal} records: aangemaakt in {result['eerste_seconds']} s, opnieuw (ongewijzigd) "
        f"in {result['opnieuw_seconds']} s (mediaan van {runs})"
    )
    return result
