"""Reads of casemanagement: caseload, Mijn cliënten, search, assignment suggestions and the
realisation figures inkoop shows. Every list keeps a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as stdnum_bsn

from .identifiers import bsn_hash, normalise_bsn
from .models import (
    METING_KORT,
    Aanmelding,
    Casemanager,
    CasemanagerUitnodiging,
    Client,
    Contactmoment,
    Indicatie,
    MetingType,
    Traject,
    UitnodigingStatus,
    Uitstel,
)

CONTACT_STALE_AFTER = dt.timedelta(days=91)  # "last contact older than 3 months"
MEASUREMENT_INTERVAL = dt.timedelta(days=182)  # every 6 months
INTAKE_WITHIN = dt.timedelta(days=42)  # intake measurements within 6 weeks of the start
DUE_SOON = dt.timedelta(days=14)


# Invitations that were not accepted stay on the coordinator's list this long.
NIET_AANGENOMEN_ZICHTBAAR = dt.timedelta(days=30)


def casemanager_uitnodigingen(
    uitnodigingen: QuerySet[CasemanagerUitnodiging], now: dt.datetime
) -> QuerySet[CasemanagerUitnodiging]:
    """The invitations on the coordinator's casemanager list (pass them through visible_to):
    the open ones, expired too, and for a while the ones that were not accepted. Accepted
    ones are casemanagers on the same page; revoked ones are gone."""
    return (
        uitnodigingen.filter(
            Q(status=UitnodigingStatus.OPEN)
            | Q(
                status=UitnodigingStatus.NIET_AANGENOMEN,
                afgehandeld_op__gte=now - NIET_AANGENOMEN_ZICHTBAAR,
            )
        )
        .select_related("organisatie")
        .order_by("-uitgenodigd_op", "-id")
    )


# --- Mijn cliënten --------------------------------------------------------------------------


@dataclass
class DueMeasurement:
    type: str
    label: str
    due: dt.date
    overdue: bool
    kort: str = ""


def _last_of(type_: str) -> Subquery:
    from .models import Meting

    return Subquery(
        Meting.objects.filter(traject=OuterRef("pk"), type=type_)
        .order_by("-datum")
        .values("datum")[:1]
    )


def mijn_trajecten(casemanager: Casemanager) -> QuerySet[Traject]:
    """The casemanager's own caseload with what the start page shows, in one query."""
    return (
        Traject.objects.filter(casemanager=casemanager, einddatum__isnull=True)
        .select_related("client", "aanmelding")
        .annotate(
            laatste_contact=Max("contacten__datum"),
            **{f"laatste_{t.value}": _last_of(t.value) for t in MetingType},
        )
        .order_by("client__achternaam", "client__voornaam")
    )


def dossier_trajecten(client: Client, user) -> QuerySet[Traject]:
    """The client's trajecten the user may see, with everything the dossier shows of them."""
    return (
        Traject.objects.visible_to(user)
        .filter(client=client)
        .select_related("casemanager__user", "organisatie", "aanmelding")
        .prefetch_related(
            Prefetch(
                "contacten",
                queryset=Contactmoment.objects.select_related("casemanager__user").order_by(
                    "-datum", "-id"
                ),
            ),
            "metingen",
            Prefetch(
                "indicaties",
                queryset=Indicatie.objects.select_related(
                    "opgesteld_door", "medeondertekend_door__user", "medeondertekening_door__user"
                ),
            ),
            "intensiteiten",
            "wissels__van__user",
            "wissels__naar__user",
            "overdrachten__van_organisatie",
            "overdrachten__naar_organisatie",
        )
    )


def dossier_aanmeldingen(client: Client, user) -> QuerySet[Aanmelding]:
    """The client's aanmeldingen the user may see, with their postponements."""
    return (
        Aanmelding.objects.visible_to(user)
        .filter(client=client)
        .select_related("netwerk", "organisatie", "vestiging")
        .prefetch_related("uitstellen")
    )


def due_measurements(traject: Traject, vandaag: dt.date) -> list[DueMeasurement]:
    """Measurements due within two weeks or overdue: at intake (within 6 weeks of the start)
    and every 6 months after the previous one. Needs the ``laatste_<type>`` annotations."""
    if traject.startdatum is None:
        return []
    due = []
    for type_ in MetingType:
        last = getattr(traject, f"laatste_{type_.value}")
        moment = traject.startdatum + INTAKE_WITHIN if last is None else last + MEASUREMENT_INTERVAL
        if moment - DUE_SOON <= vandaag:
            due.append(
                DueMeasurement(
                    type_.value,
                    str(type_.label),
                    moment,
                    moment < vandaag,
                    kort=str(METING_KORT[type_]),
                )
            )
    return due


def caseload_order(traject: Traject) -> tuple:
    """Where a traject stands on Mijn cliënten: first the clients not yet taken into care
    (the waitlist clock still runs), then those with an overdue measurement, then those
    without contact for over 3 months, each group alphabetically. Needs ``te_meten`` and
    ``contact_oud`` (see ``mijn_clienten_rows``)."""
    return (
        traject.startdatum is not None,
        not any(meting.overdue for meting in traject.te_meten),
        not traject.contact_oud,
        traject.client.achternaam.lower(),
        traject.client.voornaam.lower(),
        traject.pk,
    )


def mijn_clienten_row(traject: Traject, vandaag: dt.date) -> Traject:
    """One row of Mijn cliënten: the traject (from ``mijn_trajecten``) with what needs doing."""
    traject.contact_oud = contact_stale(traject, vandaag)
    traject.te_meten = due_measurements(traject, vandaag)
    return traject


def mijn_clienten_rij(casemanager: Casemanager, traject_pk: int) -> Traject | None:
    """One row of Mijn cliënten as it is now (after a contact was logged), or None when the
    traject is no longer on the casemanager's list."""
    traject = mijn_trajecten(casemanager).filter(pk=traject_pk).first()
    return mijn_clienten_row(traject, timezone.localdate()) if traject is not None else None


def mijn_clienten_rows(casemanager: Casemanager, vandaag: dt.date) -> list[Traject]:
    """The casemanager's open trajecten in the order of ``caseload_order``, in one query."""
    rows = [mijn_clienten_row(traject, vandaag) for traject in mijn_trajecten(casemanager)]
    return sorted(rows, key=caseload_order)


def contact_stale(traject: Traject, vandaag: dt.date) -> bool:
    reference = traject.laatste_contact or traject.startdatum or traject.toegewezen_op
    return vandaag - reference > CONTACT_STALE_AFTER


def open_medeondertekeningen(casemanager: Casemanager) -> QuerySet[Indicatie]:
    """Indications waiting for this verpleegkundige's co-signature."""
    return Indicatie.objects.filter(
        medeondertekening_door=casemanager, medeondertekend_door__isnull=True
    ).select_related("traject__client", "opgesteld_door__user")


def eigen_ongeldige_indicaties(casemanager: Casemanager) -> QuerySet[Indicatie]:
    """This casemanager's indications that still wait for a co-signature."""
    return (
        Indicatie.objects.filter(opgesteld_door=casemanager, medeondertekend_door__isnull=True)
        .exclude(opgesteld_door__achtergrond="verpleegkundige")
        .select_related("traject__client", "medeondertekening_door__user")
    )


# --- Search ---------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_BSN_LIKE = re.compile(r"^[\d .-]+$")


def client_search(clients: QuerySet[Client], query: str) -> QuerySet[Client]:
    """Search the (already visible) clients by name, date of birth (dd-mm-jjjj) or BSN.
    A BSN is matched exactly through its hash, never with LIKE."""
    query = query.strip()[:100]
    if not query:
        return clients.none()
    match = _DATE.match(query)
    if match:
        day, month, year = (int(p) for p in match.groups())
        try:
            return clients.filter(geboortedatum=dt.date(year, month, day))
        except ValueError:
            return clients.none()
    if _BSN_LIKE.match(query):
        digits = normalise_bsn(query)
        if len(digits) == 9 and stdnum_bsn.is_valid(digits):
            return clients.filter(bsn_hash=bsn_hash(digits))
        return clients.none()  # never match on a fragment of a BSN
    condition = Q()
    for word in query.split():
        condition &= (
            Q(achternaam__icontains=word)
            | Q(voornaam__icontains=word)
            | Q(tussenvoegsel__icontains=word)
            | Q(woonplaats__iexact=word)
        )
    return clients.filter(condition)


# --- Assignment -----------------------------------------------------------------------------


@dataclass
class Suggestie:
    casemanager: Casemanager
    vrije_plaatsen: int
    werkgebied_past: bool
    eerder_betrokken: bool

    @property
    def reden(self) -> str:
        parts = []
        if self.eerder_betrokken:
            parts.append(str(_("eerder casemanager van deze cliënt")))
        if self.werkgebied_past:
            parts.append(str(_("werkt in de woongemeente")))
        parts.append(
            str(_("%(n)s vrije plaatsen")) % {"n": self.vrije_plaatsen}
            if self.vrije_plaatsen > 0
            else str(_("caseload vol"))
        )
        return ", ".join(parts)


def toewijzing_suggesties(aanmelding: Aanmelding, aanbieder_ids: set[int]) -> list[Suggestie]:
    """Active casemanagers of affiliated providers in the network, ranked: an earlier
    casemanager of this client first (continuity), then those working in the client's
    gemeente, then by free capacity."""
    earlier = set(
        Traject.objects.filter(client_id=aanmelding.client_id).values_list("casemanager", flat=True)
    )
    casemanagers = (
        Casemanager.objects.filter(
            netwerk_id=aanmelding.netwerk_id, actief=True, organisatie_id__in=aanbieder_ids
        )
        .with_caseload()
        .annotate(
            werkgebied_past=Count(
                "werkgebied", filter=Q(werkgebied=aanmelding.client.gemeente_id), distinct=True
            )
        )
    )
    suggesties = [
        Suggestie(
            casemanager=cm,
            vrije_plaatsen=cm.vrije_plaatsen,
            werkgebied_past=cm.werkgebied_past > 0,
            eerder_betrokken=cm.pk in earlier,
        )
        for cm in casemanagers
    ]
    suggesties.sort(
        key=lambda s: (
            not s.eerder_betrokken,
            not s.werkgebied_past,
            -s.vrije_plaatsen,
            str(s.casemanager),
        )
    )
    return suggesties


# The Treeknorm in days (wachtlijst.clock.TREEKNORM_DAGEN, which casemanagement may not
# import; tests/wachtlijst/test_norm_datum.py pins the two together).
TREEKNORM_DAGEN = 42


class _DagenTussen(Func):
    """date - date in PostgreSQL: a number of days."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


class _DatumPlus(Func):
    """date + integer in PostgreSQL: a date."""

    template = "(%(expressions)s)"
    arg_joiner = " + "
    output_field = DateField()


class _UitsteldagenVoorDeNorm(Func):
    """The days of postponement that push the Treeknorm date of an aanmelding further: its
    postponements from the aanmelding date on, merged where they overlap or touch (each day
    counts once, as in wachtlijst.clock), that begin while fewer than 43 days not postponed
    lie between the aanmelding and their start. Arguments: the aanmelding's pk and date."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        datum_sql, datum_params = compiler.compile(self.source_expressions[1])
        earlier = (
            "COALESCE(SUM(upper(r) - lower(r)) OVER (ORDER BY lower(r) "
            "ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)"
        )
        # only compiled column references and constants are put into the text; values
        # stay parameters
        sql = (
            f"(SELECT COALESCE(SUM(lengte) FILTER (WHERE vrij <= {TREEKNORM_DAGEN}), 0)::integer "  # noqa: S608
            f"FROM (SELECT upper(r) - lower(r) AS lengte, "
            f"lower(r) - {datum_sql} - {earlier} AS vrij "
            f"FROM unnest((SELECT range_agg(daterange(GREATEST(u.van, {datum_sql}), u.tot)) "
            f"FROM {Uitstel._meta.db_table} u WHERE u.aanmelding_id = {pk_sql} "
            f"AND u.tot > {datum_sql} AND u.van < u.tot)) AS r) AS samengevoegd)"
        )
        return sql, (*datum_params, *datum_params, *pk_params, *datum_params)


def met_urgentie_en_normdatum(aanmeldingen: QuerySet[Aanmelding]) -> QuerySet[Aanmelding]:
    """Annotate ``urgentie_rang`` (crisis 0, hoog 1, normaal 2) and ``norm_datum``: the first
    day the adjusted wait is over the Treeknorm of 42 days if the client keeps waiting, i.e.
    the aanmelding date plus 43 days plus the days of postponement (wenswachtend) that begin
    by then, overlapping postponements counted once. The same day as
    wachtlijst.clock.norm_overschreden_vanaf; tests/wachtlijst/test_norm_datum.py pins the
    two together."""
    return aanmeldingen.annotate(
        urgentie_rang=Case(
            When(urgentie="crisis", then=Value(0)),
            When(urgentie="hoog", then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        norm_datum=_DatumPlus(
            F("datum"),
            Value(TREEKNORM_DAGEN + 1) + _UitsteldagenVoorDeNorm(F("pk"), F("datum")),
        ),
    )


def wachtend_zonder_casemanager(netwerk_id: int) -> QuerySet[Aanmelding]:
    """Waiting aanmeldingen in the network that have no casemanager yet: the most urgent
    first, then by the day the Treeknorm is reached (``met_urgentie_en_normdatum``)."""
    return met_urgentie_en_normdatum(
        Aanmelding.objects.wachtend()
        .filter(netwerk_id=netwerk_id, traject__isnull=True)
        .select_related("client", "client__gemeente", "organisatie")
    ).order_by("urgentie_rang", "norm_datum", "datum", "id")


# --- Realisation for inkoop ------------------------------------------------------------------


@dataclass
class Realisatie:
    uren: Decimal
    clienten: int


def realisatie_per_organisatie(organisatie_ids: list[int], jaar: int) -> dict[int, Realisatie]:
    """Realised hours (contact minutes / 60) and distinct clients per provider organisation
    in a calendar year, from the contact log. inkoop's contracts read it through the source
    the project registers (config/apps.py, inkoop.realisatie.register_bron)."""
    rows = (
        Contactmoment.objects.filter(organisatie_id__in=organisatie_ids, datum__year=jaar)
        .values("organisatie_id")
        .annotate(minuten=Sum("minuten"), clienten=Count("traject__client", distinct=True))
    )
    return {
        row["organisatie_id"]: Realisatie(
            uren=(Decimal(row["minuten"]) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
            clienten=row["clienten"],
        )
        for row in rows
    }


def minuten_per_maand(
    *, casemanager_ids: list[int] | None = None, organisatie_ids: list[int] | None = None, jaar: int
):
    """Contact minutes per month per casemanager or per organisation (for inkoop and reports)."""
    contacten = Contactmoment.objects.filter(datum__year=jaar)
    key = "casemanager_id"
    if casemanager_ids is not None:
        contacten = contacten.filter(casemanager_id__in=casemanager_ids)
    if organisatie_ids is not None:
        contacten = contacten.filter(organisatie_id__in=organisatie_ids)
        key = "organisatie_id"
    return list(
        contacten.values(key, "datum__month")
        .annotate(minuten=Sum("minuten"))
        .order_by(key, "datum__month")
    )
