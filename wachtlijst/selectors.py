"""The Treeknorm clock computed in the database, for a network or the whole country, and
who is in care on a peildatum.

Mirrors wachtlijst.clock (the pure function): ``met_wachttijd`` is the SQL twin of
``clock.wachttijd``, ``status_filter`` of ``clock.status_voor`` and ``zes_weken_of_langer`` of
``clock.Wachttijd.zes_weken_of_langer``; tests/wachtlijst/test_clock.py checks on generated
event histories that each pair agrees. Every figure is computed in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Least

from casemanagement.models import Aanmelding, Traject, Uitstel
from netwerk.models import Netwerk

from .clock import SIGNAAL_DAGEN, TREEKNORM_DAGEN, Status

GESTART_BINNEN_4_WEKEN = 28


class Percentile(Aggregate):
    """percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=fraction, **extra)


class DagenTussen(Func):
    """end - start for two dates: an integer number of days in PostgreSQL (Django's own date
    subtraction would give an interval)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


class Uitsteldagen(Func):
    function = "wachtlijst_uitsteldagen"
    output_field = IntegerField()


def _stop():
    return Least(F("eerste_contact_op"), F("afgemeld_op"))


def _uitsteldagen(einde) -> Case:
    """Days of postponement up to ``einde``; the function is only called for the one in nine
    aanmeldingen that has a postponement (a cheap index probe decides), since calling it costs
    more than the rest of the clock and aggregates repeat it per figure."""
    return Case(
        When(
            Exists(Uitstel.objects.filter(aanmelding=OuterRef("pk"))),
            then=Uitsteldagen(F("pk"), F("datum"), einde),
        ),
        default=Value(0),
        output_field=IntegerField(),
    )


def wachtend_op(aanmeldingen: QuerySet[Aanmelding], peildatum: dt.date) -> QuerySet[Aanmelding]:
    """Aanmeldingen on the list on the peildatum: registered on or before it, and neither a
    first contact nor an afmelding on or before it.

    Written on the stop (LEAST ignores NULL: no stop, or a stop after the peildatum) so the
    index on it (aanmelding_stop_netwerk_idx) finds the few thousand waiting among the
    hundreds of thousands that stopped long ago."""
    return (
        aanmeldingen.filter(datum__lte=peildatum)
        .alias(wacht_stop=_stop())
        .filter(Q(wacht_stop__isnull=True) | Q(wacht_stop__gt=peildatum))
    )


def met_wachttijd(aanmeldingen: QuerySet[Aanmelding], peildatum: dt.date) -> QuerySet[Aanmelding]:
    """Annotate the clock on the peildatum: ``wachtend_op_peildatum`` (still on the list on the
    peildatum), ``nza_dagen``, ``gecorrigeerd_dagen`` and ``wenswachtend``. For an aanmelding
    that stopped on or before the peildatum the waits run up to that stop (as at the first
    contact); registered after the peildatum: excluded."""
    p = Value(peildatum, output_field=DateField())
    einde = Case(When(Q(stop__lte=peildatum), then=F("stop")), default=p, output_field=DateField())
    return (
        aanmeldingen.filter(datum__lte=peildatum)
        .annotate(stop=_stop())
        .annotate(
            wacht_einde=einde,
            wachtend_op_peildatum=Case(
                When(Q(stop__lte=peildatum), then=Value(False)), default=Value(True)
            ),
        )
        .annotate(
            nza_dagen=DagenTussen(F("wacht_einde"), F("datum")),
        )
        .annotate(
            gecorrigeerd_dagen=ExpressionWrapper(
                F("nza_dagen") - _uitsteldagen(F("wacht_einde")),
                output_field=IntegerField(),
            ),
            wenswachtend=Case(
                When(
                    Q(stop__lte=peildatum),
                    then=Value(False),
                ),
                default=Exists(
                    Uitstel.objects.filter(
                        aanmelding=OuterRef("pk"), van__lte=peildatum, tot__gt=peildatum
                    )
                ),
            ),
        )
    )


def status_filter(status: str, signaal_dagen=SIGNAAL_DAGEN) -> Q:
    """The rows of ``met_wachttijd`` whose adjusted wait has this Treeknorm status: the SQL
    twin of ``clock.status_voor`` (a test pins the two together). ``signaal_dagen`` is the
    network's warning threshold, a number or an expression such as
    ``F("netwerk__treeknorm_signaal_dagen")``."""
    if status == Status.OVERSCHREDEN:
        return Q(gecorrigeerd_dagen__gt=TREEKNORM_DAGEN)
    if status == Status.DREIGT:
        return Q(gecorrigeerd_dagen__gt=signaal_dagen) & Q(gecorrigeerd_dagen__lte=TREEKNORM_DAGEN)
    return Q(gecorrigeerd_dagen__lte=signaal_dagen) & Q(gecorrigeerd_dagen__lte=TREEKNORM_DAGEN)


def zes_weken_of_langer() -> Q:
    """The rows of ``met_wachttijd`` that count in the NZa figure "wachtend 6 weken of
    langer": still waiting on the peildatum with an NZa wait of 42 days or more. The SQL twin
    of ``clock.Wachttijd.zes_weken_of_langer`` (a test pins the two together)."""
    return Q(wachtend_op_peildatum=True, nza_dagen__gte=TREEKNORM_DAGEN)


def in_zorg_op(trajecten: QuerySet[Traject], peildatum: dt.date) -> QuerySet[Traject]:
    """Who is in care on the peildatum (the NZa figure "in zorg" and the report's "cliënten
    in zorg"): of the given trajecten those started on or before the peildatum and not ended
    on or before it, one per client.

    The boundaries are those of the clock: an event on the peildatum has happened by then.
    A traject started on P (the first contact, which also stops the wait) is in care on P,
    as the client no longer waits on P; one ended on P is no longer in care on P, as a wait
    that stops on P no longer waits. When trajecten of one client overlap on P (a history
    typed in afterwards), the one started last counts (then the highest id), so a count per
    organisation adds up to the count for the network. Count the result with ``Count("pk")``
    or ``.count()``."""
    open_op = trajecten.filter(startdatum__lte=peildatum).filter(
        Q(einddatum__isnull=True) | Q(einddatum__gt=peildatum)
    )
    een_per_client = (
        open_op.order_by("client_id", "-startdatum", "-pk").distinct("client_id").values("pk")
    )
    return trajecten.filter(pk__in=een_per_client)


# The orders of the coordinator's list (WachtlijstFilterForm.sortering; default "wacht").
VOLGORDE = {
    "wacht": ["-gecorrigeerd_dagen", "datum", "id"],
    "datum": ["datum", "id"],
    "naam": ["client__achternaam", "client__voornaam", "id"],
    "urgentie": ["urgentie_rang", "-gecorrigeerd_dagen", "id"],
}


# The columns the coordinator's list shows (wachtlijst.views._rijen): loading only these
# keeps the seven model instances per row light, and leaves the client's encrypted BSN,
# which the list does not show, undecrypted.
_LIJST_VELDEN = (
    "client_id",
    "organisatie_id",
    "datum",
    "urgentie",
    "client__voornaam",
    "client__tussenvoegsel",
    "client__achternaam",
    "client__gemeente__naam",
    "organisatie__naam",
    "traject__casemanager__user__naam",
    "traject__casemanager__user__email",
)


def wachtenden_lijst(
    aanmeldingen: QuerySet[Aanmelding],
    peildatum: dt.date,
    *,
    signaal_dagen: int,
    organisatie: int | None = None,
    gemeente: int | None = None,
    status: str = "",
    sortering: str = "",
) -> QuerySet[Aanmelding]:
    """The coordinator's list of those waiting on the peildatum, with the clock: of one
    provider (``organisatie``; 0 for those registered centrally, without a provider), of
    clients in one gemeente, with one Treeknorm status on the network's warning threshold,
    in one of the orders of VOLGORDE. What the page shows of each row (client, gemeente,
    provider, assigned casemanager, postponements) comes in a fixed number of queries."""
    wachtenden = met_wachttijd(wachtend_op(aanmeldingen, peildatum), peildatum)
    if organisatie == 0:
        wachtenden = wachtenden.filter(organisatie__isnull=True)
    elif organisatie is not None:
        wachtenden = wachtenden.filter(organisatie_id=organisatie)
    if gemeente:
        wachtenden = wachtenden.filter(client__gemeente_id=gemeente)
    if status:
        wachtenden = wachtenden.filter(status_filter(status, signaal_dagen))
    return (
        wachtenden.select_related("client__gemeente", "organisatie", "traject__casemanager__user")
        .only(*_LIJST_VELDEN)
        .prefetch_related(Prefetch("uitstellen", queryset=Uitstel.objects.order_by("van")))
        .annotate(
            urgentie_rang=Case(
                When(urgentie="crisis", then=Value(0)),
                When(urgentie="hoog", then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by(*VOLGORDE[sortering or "wacht"])
    )


@dataclass
class Samenvatting:
    """The waitlist of a group of aanmeldingen on a peildatum (all counts are persons)."""

    peildatum: dt.date
    aantal_wachtend: int
    aantal_wenswachtend: int
    aantal_dreigt: int
    aantal_boven_treeknorm: int
    aantal_zes_weken_of_langer: int
    mediaan_wachtdagen: Decimal | None
    p90_wachtdagen: Decimal | None
    langste_wachtdagen: int | None
    mediaan_wachtdagen_gecorrigeerd: Decimal | None
    p90_wachtdagen_gecorrigeerd: Decimal | None
    langste_wachtdagen_gecorrigeerd: int | None
    # of those waiting, how many already receive wijkverpleging (Aanmelding.ontvangt_wijkverpleging)
    aantal_wijkverpleging: int = 0


def _one_decimal(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# The figures of ``samenvatting`` over the rows of ``met_wachttijd`` compiled once (the
# subquery ``w``), as SQL: Django inlines an annotation into every aggregate FILTER that
# refers to it, so with the ORM the clock was compiled (and evaluated) once per figure, eight
# times in one statement. The conditions are the SQL twins of ``status_filter`` and
# ``zes_weken_of_langer``; tests/wachtlijst/test_samenvatting_sql.py pins the figures to the
# ORM formulation. ``{signaal}`` is the warning threshold: a placeholder (ahead of the
# subquery's parameters), or the column of the network's own threshold.
_FIGUREN = """
    COUNT(*) AS aantal_wachtend,
    COUNT(*) FILTER (WHERE w.wenswachtend) AS aantal_wenswachtend,
    COUNT(*) FILTER (
        WHERE w.gecorrigeerd_dagen > {signaal} AND w.gecorrigeerd_dagen <= {norm}
    ) AS aantal_dreigt,
    COUNT(*) FILTER (WHERE w.gecorrigeerd_dagen > {norm}) AS aantal_boven_treeknorm,
    COUNT(*) FILTER (
        WHERE w.wachtend_op_peildatum AND w.nza_dagen >= {norm}
    ) AS aantal_zes_weken_of_langer,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY w.nza_dagen) AS mediaan_wachtdagen,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY w.nza_dagen) AS p90_wachtdagen,
    MAX(w.nza_dagen) AS langste_wachtdagen,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY w.gecorrigeerd_dagen)
        AS mediaan_wachtdagen_gecorrigeerd,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY w.gecorrigeerd_dagen)
        AS p90_wachtdagen_gecorrigeerd,
    MAX(w.gecorrigeerd_dagen) AS langste_wachtdagen_gecorrigeerd,
    COUNT(*) FILTER (WHERE w.ontvangt_wijkverpleging) AS aantal_wijkverpleging
"""
_KLOK = (
    "nza_dagen",
    "gecorrigeerd_dagen",
    "wenswachtend",
    "wachtend_op_peildatum",
    "ontvangt_wijkverpleging",
)


def _klok_sql(rows: QuerySet[Aanmelding], *extra: str) -> tuple[str, list]:
    """The rows of ``met_wachttijd`` with their clock columns (and ``extra``), compiled once."""
    sql, params = rows.order_by().values("pk", *_KLOK, *extra).query.sql_with_params()
    return sql, list(params)


def _rows(sql: str, params: list) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _samenvatting(peildatum: dt.date, row: dict) -> Samenvatting:
    for key in (
        "mediaan_wachtdagen",
        "p90_wachtdagen",
        "mediaan_wachtdagen_gecorrigeerd",
        "p90_wachtdagen_gecorrigeerd",
    ):
        row[key] = _one_decimal(row[key])
    return Samenvatting(peildatum=peildatum, **row)


def samenvatting(
    aanmeldingen: QuerySet[Aanmelding],
    peildatum: dt.date,
    signaal_dagen: int = SIGNAAL_DAGEN,
) -> Samenvatting:
    """Counts, median, 90th percentile and longest wait of those waiting on the peildatum."""
    inner, params = _klok_sql(met_wachttijd(wachtend_op(aanmeldingen, peildatum), peildatum))
    figuren = _FIGUREN.format(signaal="%s", norm=int(TREEKNORM_DAGEN))
    (row,) = _rows(
        f"SELECT {figuren} FROM ({inner}) w",  # noqa: S608 - compiled by Django, parameters apart
        [int(signaal_dagen), *params],  # the threshold's placeholder comes first
    )
    return _samenvatting(peildatum, row)


def samenvatting_netwerk(netwerk: Netwerk, peildatum: dt.date) -> Samenvatting:
    """One network's waitlist with its own warning threshold; shown on inkoop's capacity page
    and the netwerk dashboard as wachtlijst's own panel (wachtlijst/panelen.py)."""
    return samenvatting(
        Aanmelding.objects.filter(netwerk=netwerk), peildatum, netwerk.treeknorm_signaal_dagen
    )


def samenvatting_per_netwerk(
    netwerken: QuerySet[Netwerk], peildatum: dt.date
) -> dict[int, Samenvatting]:
    """The same for many networks in one query (the national inventory), each with its own
    warning threshold. Networks without anyone waiting are absent from the result."""
    waiting = met_wachttijd(
        wachtend_op(Aanmelding.objects.filter(netwerk__in=netwerken), peildatum), peildatum
    ).annotate(signaal_dagen=F("netwerk__treeknorm_signaal_dagen"))
    inner, params = _klok_sql(waiting, "netwerk_id", "signaal_dagen")
    figuren = _FIGUREN.format(signaal="w.signaal_dagen", norm=int(TREEKNORM_DAGEN))
    rows = _rows(
        f"SELECT w.netwerk_id, {figuren} FROM ({inner}) w "  # noqa: S608 - as in samenvatting
        "GROUP BY w.netwerk_id ORDER BY w.netwerk_id",
        params,
    )
    result = {}
    for row in rows:
        netwerk_id = row.pop("netwerk_id")
        result[netwerk_id] = _samenvatting(peildatum, row)
    return result


def _gestart_binnen_rijen(
    aanmeldingen: QuerySet[Aanmelding], peildatum: dt.date, *per: str
) -> list[dict]:
    """The counts of ``gestart_binnen``, in one row or one row per value of the columns
    ``per``, over the rows of ``met_wachttijd`` compiled once (as ``samenvatting``: with the
    ORM the clock was compiled into each FILTER)."""
    begin = peildatum - relativedelta(months=3)
    gestart = met_wachttijd(
        aanmeldingen.filter(eerste_contact_op__gte=begin, eerste_contact_op__lt=peildatum),
        peildatum,
    ).filter(Q(afgemeld_op__isnull=True) | Q(afgemeld_op__gt=F("eerste_contact_op")))
    inner, params = _klok_sql(gestart, *per)
    kolommen = "".join(f"w.{kolom}, " for kolom in per)
    groepen = ", ".join(f"w.{kolom}" for kolom in per)
    return _rows(
        f"SELECT {kolommen}COUNT(*) AS totaal,"  # noqa: S608 - compiled by Django, parameters apart
        " COUNT(*) FILTER (WHERE w.gecorrigeerd_dagen <= %s) AS binnen_4_weken,"
        " COUNT(*) FILTER (WHERE w.gecorrigeerd_dagen <= %s) AS binnen_6_weken"
        f" FROM ({inner}) w" + (f" GROUP BY {groepen} ORDER BY {groepen}" if per else ""),
        [GESTART_BINNEN_4_WEKEN, TREEKNORM_DAGEN, *params],
    )


def gestart_binnen(aanmeldingen: QuerySet[Aanmelding], peildatum: dt.date) -> tuple[int, int, int]:
    """Of the clients taken into care in the quarter ending at the peildatum (first contact
    from 3 months before up to but not including the peildatum): how many in total, how many
    with an adjusted wait of at most 28 days, and at most 42 days at their first contact."""
    (row,) = _gestart_binnen_rijen(aanmeldingen, peildatum)
    return row["totaal"], row["binnen_4_weken"], row["binnen_6_weken"]


def gestart_binnen_per_netwerk(
    aanmeldingen: QuerySet[Aanmelding], peildatum: dt.date
) -> dict[int, tuple[int, int, int]]:
    """``gestart_binnen`` per network in one query: per network id (only those with a start
    in the quarter) the number taken into care, within 28 and within 42 days."""
    return {
        row["netwerk_id"]: (row["totaal"], row["binnen_4_weken"], row["binnen_6_weken"])
        for row in _gestart_binnen_rijen(aanmeldingen, peildatum, "netwerk_id")
    }


def percentage(deel: int, totaal: int) -> Decimal | None:
    if not totaal:
        return None
    return (Decimal(deel) * 100 / totaal).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Trendpunt:
    peildatum: dt.date
    wachtend: int
    boven_treeknorm: int


def trend_per_week(netwerk: Netwerk, tot: dt.date, weken: int = 26) -> list[Trendpunt]:
    """Waiting and over-the-norm counts on each of the last ``weken`` Mondays (and today), in
    one query: the clock evaluated at every peildatum of a generate_series (the postponement
    function only for aanmeldingen that have one, as in met_wachttijd)."""
    laatste_maandag = tot - dt.timedelta(days=tot.weekday())
    eerste = laatste_maandag - dt.timedelta(weeks=weken - 1)
    sql = """
        WITH peildata AS (
            SELECT d::date AS p FROM generate_series(%(eerste)s::date, %(laatste)s::date,
                                                     interval '7 days') AS d
            UNION SELECT %(tot)s::date
        ),
        relevant AS (
            SELECT a.id, a.datum, LEAST(a.eerste_contact_op, a.afgemeld_op) AS stop,
                   EXISTS (SELECT 1 FROM casemanagement_uitstel u WHERE u.aanmelding_id = a.id)
                       AS met_uitstel
            FROM casemanagement_aanmelding a
            WHERE a.netwerk_id = %(netwerk)s AND a.datum <= %(tot)s
              AND (LEAST(a.eerste_contact_op, a.afgemeld_op) IS NULL
                   OR LEAST(a.eerste_contact_op, a.afgemeld_op) > %(eerste)s)
        )
        SELECT peildata.p,
               COUNT(r.id),
               COUNT(r.id) FILTER (
                   WHERE (peildata.p - r.datum)
                         - CASE WHEN r.met_uitstel
                                THEN wachtlijst_uitsteldagen(r.id, r.datum, peildata.p)
                                ELSE 0 END > %(norm)s)
        FROM peildata
        LEFT JOIN relevant r ON r.datum <= peildata.p AND (r.stop IS NULL OR r.stop > peildata.p)
        GROUP BY peildata.p
        ORDER BY peildata.p
    """
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "eerste": eerste,
                "laatste": laatste_maandag,
                "tot": tot,
                "netwerk": netwerk.pk,
                "norm": TREEKNORM_DAGEN,
            },
        )
        return [Trendpunt(p, wachtend, boven) for p, wachtend, boven in cursor.fetchall()]
