"""The minimale dataset (docs/minimale-dataset.md) as rows: one per traject, pseudonymised.

Reads only; the export job (services.mds_export_maken) writes the files. A row holds the
items MDS01-MDS15 of one traject and its client, with the client replaced by a pseudonym:
HMAC-SHA256 of the internal client id under a key that is made for one export and never
stored (``nieuwe_sleutel``), so two exports cannot be linked to each other or to the client,
while the trajecten of one client within one export share a pseudonym. No BSN, name,
address, postcode, full date of birth, huisarts, referrer's name or note leaves here.

Which trajecten: those of the network(s) that were assigned on or before the end of the
period and not ended before its begin, and those in care on the period's peildatum (the day
after it; in practice the ones that start on that day). ``in_zorg_op_peildatum`` marks the
ones the reports count as "cliënten in zorg" on the period's peildatum
(wachtlijst.selectors.in_zorg_op, the same query), so the export's figure agrees with the
report's by construction and by test.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from accounts import exports
from casemanagement.models import Client, Contactmoment, Meting, MetingType, Traject
from wachtlijst import selectors as wl

from .perioden import Periode

FORMAAT_VERSIE = "mds-1.0"
PSEUDONIEM_LENGTE = 32  # hex characters: 128 bits of the HMAC
# Above this many rows no XLSX is made: a sheet holds 1,048,576 rows, the header included.
# The national file (some 100,000 trajecten) fits; accounts.exports.xlsx_bytes_streaming
# writes it in seconds, where openpyxl took minutes (decision 0025).
XLSX_MAX_RIJEN = 1_048_575

# The outcome measures of the Actieplan as the project records them (decision 0025):
# (column prefix, MetingType, the value field).
UITKOMSTEN = (
    ("mds13_kwaliteit_van_leven", MetingType.KWALITEIT_VAN_LEVEN, "score"),
    ("mds14a_belasting_mantelzorger", MetingType.BELASTING, "score"),
    ("mds14b_volhoudtijd_mantelzorger", MetingType.VOLHOUDTIJD, "volhoudtijd"),
    ("mds15_clientoordeel", MetingType.CLIENTOORDEEL, "score"),
)


def _uitkomst_kolommen() -> list[str]:
    kolommen = []
    for prefix, _type, _veld in UITKOMSTEN:
        kolommen += [
            f"{prefix}_eerste_datum",
            f"{prefix}_eerste_waarde",
            f"{prefix}_laatste_datum",
            f"{prefix}_laatste_waarde",
            f"{prefix}_aantal",
        ]
    return kolommen


# The columns, in order; docs/minimale-dataset.md ("De export") describes each.
KOLOMMEN = [
    "pseudoniem",
    "netwerk",
    "periode",
    "mds01_geboortejaar",
    "mds02_geslacht",
    "mds03_woonsituatie",
    "mds04_gemeente_cbs",
    "mds05_diagnosestatus",
    "mds06_verwijzer",
    "mds07_aanmelddatum",
    "mds08_eerste_contact",
    "mds09_afmelddatum",
    "mds09_afmeldreden",
    "wijkverpleging_bij_aanmelding",
    "toegewezen_op",
    "mds10_intensiteit",
    "mds11_einddatum",
    "mds11_eindreden",
    "in_zorg_op_peildatum",
    "mds12_contactminuten_periode",
    *_uitkomst_kolommen(),
]


def nieuwe_sleutel() -> bytes:
    """A fresh 256-bit key for one export. Keep it in memory only: whoever holds it can test
    a guessed client id against a pseudonym."""
    return secrets.token_bytes(32)


def pseudoniem(sleutel: bytes, client_id: int) -> str:
    return hmac.new(sleutel, str(client_id).encode(), hashlib.sha256).hexdigest()[
        :PSEUDONIEM_LENGTE
    ]


def trajecten_in_periode(netwerken, periode: Periode) -> QuerySet[Traject]:
    """The trajecten of the networks that ran at some time in the period (assigned by its
    end, not ended before its begin), and those in care on its peildatum, the day after
    it: a traject that starts on the peildatum is in the report's "in zorg" figure, so it
    is a row of the export too."""
    in_periode = Q(toegewezen_op__lte=periode.eind) & (
        Q(einddatum__isnull=True) | Q(einddatum__gte=periode.begin)
    )
    op_peildatum = Q(startdatum__lte=periode.peildatum) & (
        Q(einddatum__isnull=True) | Q(einddatum__gt=periode.peildatum)
    )
    return Traject.objects.filter(netwerk__in=netwerken).filter(in_periode | op_peildatum)


def in_zorg_per_netwerk(trajecten: QuerySet[Traject], periode: Periode) -> set[int]:
    """The trajecten in care on the peildatum as each network's report counts them
    (wachtlijst.selectors.in_zorg_op per network: one per client within a network), so the
    national export's figure is the sum of the networks' reports."""
    netwerk_ids = trajecten.order_by().values_list("netwerk_id", flat=True).distinct()
    result: set[int] = set()
    for netwerk_id in netwerk_ids:
        per_netwerk = wl.in_zorg_op(trajecten.filter(netwerk_id=netwerk_id), periode.peildatum)
        result.update(per_netwerk.values_list("pk", flat=True))
    return result


def _diagnose_bij_aanmelding():
    """MDS05: the client's diagnosis status on the aanmelddatum, from the field's history
    (the last change on or before that day), else the current value."""
    historie = (
        Client.history.filter(
            id=OuterRef("client_id"),
            history_date__date__lte=OuterRef("aanmelding__datum"),
        )
        .order_by("-history_date")
        .values("diagnose_status")[:1]
    )
    return Coalesce(Subquery(historie), "client__diagnose_status")


def _rijen_query(trajecten: QuerySet[Traject]):
    return (
        trajecten.annotate(diagnose_bij_aanmelding=_diagnose_bij_aanmelding())
        .order_by("netwerk_id", "pk")
        .values(
            "pk",
            "client_id",
            "netwerk__slug",
            "client__geboortedatum",
            "client__geslacht",
            "client__woonsituatie",
            "client__gemeente__cbs_code",
            "diagnose_bij_aanmelding",
            "aanmelding__verwijzer_type",
            "aanmelding__datum",
            "aanmelding__eerste_contact_op",
            "aanmelding__afgemeld_op",
            "aanmelding__afmeldreden",
            "aanmelding__ontvangt_wijkverpleging",
            "toegewezen_op",
            "intensiteit",
            "einddatum",
            "eindreden",
        )
    )


def _minuten(trajecten: QuerySet[Traject], periode: Periode) -> dict[int, int]:
    rows = (
        Contactmoment.objects.filter(
            traject__in=trajecten, datum__gte=periode.begin, datum__lte=periode.eind
        )
        .values("traject_id")
        .annotate(minuten=Sum("minuten"))
        .order_by()
    )
    return {row["traject_id"]: row["minuten"] for row in rows}


def _uitkomsten(trajecten: QuerySet[Traject], periode: Periode) -> dict[int, dict]:
    """Per traject and outcome: the first and last measurement up to the end of the period
    and their number (one query, in date order)."""
    result: dict[int, dict] = defaultdict(dict)
    rows = (
        Meting.objects.filter(traject__in=trajecten, datum__lte=periode.eind)
        .order_by("traject_id", "type", "datum", "pk")
        .values_list("traject_id", "type", "datum", "score", "volhoudtijd")
    )
    for traject_id, type_, datum, score, volhoudtijd in rows:
        waarde = volhoudtijd if type_ == MetingType.VOLHOUDTIJD else score
        per_type = result[traject_id].setdefault(type_, {"eerste": (datum, waarde), "aantal": 0})
        per_type["laatste"] = (datum, waarde)
        per_type["aantal"] += 1
    return result


def rijen(
    netwerken,
    periode: Periode,
    *,
    sleutel: bytes,
    voortgang: Callable[[int, str], None] | None = None,
) -> list[dict]:
    """The export's rows, one per traject, in network and traject order."""
    trajecten = trajecten_in_periode(netwerken, periode)
    in_zorg = in_zorg_per_netwerk(trajecten, periode)
    minuten = _minuten(trajecten, periode)
    uitkomsten = _uitkomsten(trajecten, periode)
    if voortgang:
        voortgang(40, "Rijen opbouwen")
    return [
        _rij(r, periode, sleutel, in_zorg, minuten, uitkomsten)
        for r in _rijen_query(trajecten).iterator(chunk_size=5000)
    ]


def _rij(r: dict, periode, sleutel, in_zorg, minuten, uitkomsten) -> dict:
    rij = {
        "pseudoniem": pseudoniem(sleutel, r["client_id"]),
        "netwerk": r["netwerk__slug"],
        "periode": periode.code,
        "mds01_geboortejaar": r["client__geboortedatum"].year,
        "mds02_geslacht": r["client__geslacht"],
        "mds03_woonsituatie": r["client__woonsituatie"] or None,
        "mds04_gemeente_cbs": r["client__gemeente__cbs_code"],
        "mds05_diagnosestatus": r["diagnose_bij_aanmelding"],
        "mds06_verwijzer": r["aanmelding__verwijzer_type"],
        "mds07_aanmelddatum": r["aanmelding__datum"],
        "mds08_eerste_contact": r["aanmelding__eerste_contact_op"],
        "mds09_afmelddatum": r["aanmelding__afgemeld_op"],
        "mds09_afmeldreden": r["aanmelding__afmeldreden"] or None,
        "wijkverpleging_bij_aanmelding": r["aanmelding__ontvangt_wijkverpleging"],
        "toegewezen_op": r["toegewezen_op"],
        "mds10_intensiteit": r["intensiteit"],
        "mds11_einddatum": r["einddatum"],
        "mds11_eindreden": r["eindreden"] or None,
        "in_zorg_op_peildatum": r["pk"] in in_zorg,
        "mds12_contactminuten_periode": minuten.get(r["pk"], 0),
    }
    metingen = uitkomsten.get(r["pk"], {})
    for prefix, type_, _veld in UITKOMSTEN:
        m = metingen.get(type_.value)
        eerste, laatste = (m["eerste"], m["laatste"]) if m else ((None, None), (None, None))
        rij[f"{prefix}_eerste_datum"] = eerste[0]
        rij[f"{prefix}_eerste_waarde"] = eerste[1]
        rij[f"{prefix}_laatste_datum"] = laatste[0]
        rij[f"{prefix}_laatste_waarde"] = laatste[1]
        rij[f"{prefix}_aantal"] = m["aantal"] if m else 0
    return rij


# --- Files ------------------------------------------------------------------------------------


def _tekst(value):
    """A CSV cell: ISO dates (the dataset's convention, not the Dutch Excel one), 1/0 for
    yes/no, a decimal with a point, empty for not recorded."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def csv_inhoud(rows: list[dict]) -> bytes:
    return exports.csv_bytes(KOLOMMEN, ([_tekst(r[k]) for k in KOLOMMEN] for r in rows))


def _xlsx_waarde(value):
    return int(value) if isinstance(value, bool) else value


def xlsx_inhoud(rows: list[dict], meta: dict) -> bytes:
    return exports.xlsx_bytes_streaming(
        exports.Sheet(
            title="Minimale dataset",
            header=KOLOMMEN,
            rows=([_xlsx_waarde(r[k]) for k in KOLOMMEN] for r in rows),
        ),
        exports.Sheet(title="Verantwoording", rows=list(meta.items()), freeze=None),
    )


def json_inhoud(rows: list[dict], meta: dict) -> bytes:
    return json.dumps(
        {**meta, "kolommen": KOLOMMEN, "trajecten": rows},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
    ).encode()


@dataclass(frozen=True)
class Telling:
    """What the export says in figures, to compare with the reports."""

    trajecten: int
    in_zorg_op_peildatum: int


def telling(rows: list[dict]) -> Telling:
    return Telling(
        trajecten=len(rows), in_zorg_op_peildatum=sum(1 for r in rows if r["in_zorg_op_peildatum"])
    )
