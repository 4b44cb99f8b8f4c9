"""Reads of the netwerk app: werkgebied, partners, plan progress, meetings, population."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User

from .models import (
    Aansluiting,
    Afspraak,
    Bevolking,
    Doel,
    Gemeente,
    Indicator,
    Meerjarenplan,
    Membership,
    Netwerk,
    Organisatie,
    PlanStatus,
    Vestiging,
    Voortgangsgesprek,
    Werkgebied,
)

MEETING_INTERVAL = dt.timedelta(days=365)


def memberships_for_user(user) -> QuerySet[Membership]:
    """Active memberships of a user with their parties; loader for accounts.roles."""
    return (
        Membership.objects.filter(user=user, actief=True)
        .select_related("netwerk", "organisatie", "zorgverzekeraar")
        .order_by("id")
    )


def coordinator_users(netwerk_id: int) -> QuerySet[User]:
    """The active accounts acting as netwerkcoördinator of this network (to notify them)."""
    return User.objects.filter(
        is_active=True,
        memberships__rol=Role.NETWERKCOORDINATOR,
        memberships__actief=True,
        memberships__netwerk_id=netwerk_id,
    ).distinct()


def _active_on(peildatum: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}geldig_van__lte": peildatum}) & (
        Q(**{f"{prefix}geldig_tot__isnull": True}) | Q(**{f"{prefix}geldig_tot__gt": peildatum})
    )


def werkgebied_gemeenten(netwerk: Netwerk, peildatum: dt.date) -> QuerySet[Gemeente]:
    return Gemeente.objects.filter(
        _active_on(peildatum, "werkgebieden__"), werkgebieden__netwerk=netwerk
    ).order_by("naam")


def netwerk_for_gemeente(gemeente: Gemeente, peildatum: dt.date) -> Netwerk | None:
    """The network whose werkgebied holds the gemeente on the peildatum (at most one)."""
    regel = (
        Werkgebied.objects.filter(_active_on(peildatum), gemeente=gemeente)
        .select_related("netwerk")
        .first()
    )
    return regel.netwerk if regel else None


def casemanagement_aanbieders(netwerk: Netwerk, peildatum: dt.date) -> QuerySet[Organisatie]:
    """Organisations that may provide casemanagement in the network on the peildatum:
    affiliated, with levert_casemanagement. Rule 3 of DESIGN.md reads this."""
    return Organisatie.objects.filter(
        _active_on(peildatum, "aansluitingen__"),
        aansluitingen__netwerk=netwerk,
        aansluitingen__levert_casemanagement=True,
    ).distinct()


def casemanagement_aanbieders_per_netwerk(peildatum: dt.date) -> list[tuple[Netwerk, Organisatie]]:
    """Every (netwerk, organisatie) where the organisation may provide casemanagement on the
    peildatum (``casemanagement_aanbieders`` of every network), by network and name, in one
    query."""
    paren: dict[tuple[int, int], tuple[Netwerk, Organisatie]] = {}
    for aansluiting in (
        Aansluiting.objects.filter(_active_on(peildatum), levert_casemanagement=True)
        .select_related("netwerk", "organisatie")
        .order_by("netwerk__naam", "organisatie__naam")
    ):
        paren.setdefault(
            (aansluiting.netwerk_id, aansluiting.organisatie_id),
            (aansluiting.netwerk, aansluiting.organisatie),
        )
    return list(paren.values())


def aanbieder_vestigingen(
    netwerken: QuerySet[Netwerk], peildatum: dt.date
) -> list[tuple[int, str]]:
    """(netwerk id, AGB code) of every active vestiging of the networks' casemanagement
    providers on the peildatum (those of ``casemanagement_aanbieders``), in one query: the
    vestigingen that owe the network their NZa figures."""
    return list(
        Vestiging.objects.filter(
            _active_on(peildatum, "organisatie__aansluitingen__"),
            organisatie__aansluitingen__netwerk__in=netwerken,
            organisatie__aansluitingen__levert_casemanagement=True,
            actief=True,
        )
        .values_list("organisatie__aansluitingen__netwerk_id", "agb_code")
        .distinct()
    )


def is_casemanagement_aanbieder(
    *, netwerk_id: int, organisatie_id: int, peildatum: dt.date
) -> bool:
    return Aansluiting.objects.filter(
        _active_on(peildatum),
        netwerk_id=netwerk_id,
        organisatie_id=organisatie_id,
        levert_casemanagement=True,
    ).exists()


def actieve_aansluitingen(netwerk: Netwerk, peildatum: dt.date) -> QuerySet[Aansluiting]:
    """The affiliations active on the peildatum with their organisations (not their
    vestigingen), in the order of ``aansluitingen``."""
    return (
        Aansluiting.objects.filter(_active_on(peildatum), netwerk=netwerk)
        .select_related("organisatie")
        .order_by("organisatie__naam", "-geldig_van")
    )


def aansluitingen(netwerk: Netwerk) -> QuerySet[Aansluiting]:
    return (
        Aansluiting.objects.filter(netwerk=netwerk)
        .select_related("organisatie")
        .prefetch_related("organisatie__vestigingen")
        .order_by("organisatie__naam", "-geldig_van")
    )


def inwoners_65_plus(netwerk: Netwerk, jaar: int) -> tuple[int, int | None]:
    """Sum of 65+ inhabitants of the werkgebied (on 1 January of the year), taking per gemeente
    the figures of that year or else the latest earlier year. Returns (total, figures' year
    or None when no gemeente has figures)."""
    return inwoners_65_plus_per_netwerk(Netwerk.objects.filter(pk=netwerk.pk), jaar).get(
        netwerk.pk, (0, None)
    )


def inwoners_65_plus_per_netwerk(
    netwerken: QuerySet[Netwerk], jaar: int
) -> dict[int, tuple[int, int | None]]:
    """``inwoners_65_plus`` for many networks in one query: per network id (only those with a
    gemeente in their werkgebied on 1 January) the total and the latest figures' year used."""
    peildatum = dt.date(jaar, 1, 1)
    latest = Bevolking.objects.filter(gemeente=OuterRef("gemeente"), jaar__lte=jaar).order_by(
        "-jaar"
    )
    # Summed per network in the database (a gemeente without figures has NULL for both,
    # which SUM and MAX skip), not in a loop over the gemeenten.
    rows = (
        Werkgebied.objects.filter(_active_on(peildatum), netwerk__in=netwerken)
        .annotate(
            inwoners=Subquery(latest.values("inwoners_65_plus")[:1]),
            bevolkingsjaar=Subquery(latest.values("jaar")[:1]),
        )
        .values("netwerk_id")
        .annotate(totaal=Sum("inwoners"), laatste=Max("bevolkingsjaar"))
        .values_list("netwerk_id", "totaal", "laatste")
        .order_by()
    )
    return {netwerk_id: (totaal or 0, laatste) for netwerk_id, totaal, laatste in rows}


# --- Plan progress -------------------------------------------------------------------------


class Voortgang(StrEnum):
    BEHAALD = "behaald"
    OP_KOERS = "op_koers"
    ACHTER = "achter"
    GEEN_METING = "geen_meting"

    @property
    def label(self) -> str:
        return str(VOORTGANG_LABELS[self])

    @property
    def css(self) -> str:
        return {"behaald": "goed", "op_koers": "goed", "achter": "fout"}.get(self, "neutraal")


VOORTGANG_LABELS = {
    Voortgang.BEHAALD: _("Behaald"),
    Voortgang.OP_KOERS: _("Op koers"),
    Voortgang.ACHTER: _("Loopt achter"),
    Voortgang.GEEN_METING: _("Nog geen meting"),
}


@dataclass
class IndicatorVoortgang:
    indicator: Indicator
    laatste_waarde: Decimal | None
    laatste_datum: dt.date | None
    streefwaarde: Decimal | None  # the target of the year of the day asked about
    eindstreefwaarde: Decimal | None
    status: Voortgang


@dataclass
class DoelVoortgang:
    doel: Doel
    indicatoren: list[IndicatorVoortgang] = field(default_factory=list)

    @property
    def status(self) -> Voortgang:
        statuses = [i.status for i in self.indicatoren if i.status != Voortgang.GEEN_METING]
        if not statuses:
            return Voortgang.GEEN_METING
        if Voortgang.ACHTER in statuses:
            return Voortgang.ACHTER
        if all(s == Voortgang.BEHAALD for s in statuses) and len(statuses) == len(self.indicatoren):
            return Voortgang.BEHAALD
        return Voortgang.OP_KOERS


def _meets(value: Decimal, target: Decimal, higher_is_better: bool) -> bool:
    return value >= target if higher_is_better else value <= target


def indicator_voortgang(indicator: Indicator, tot: dt.date | None = None) -> IndicatorVoortgang:
    """Progress of one indicator on a day (``tot``, inclusive; default today with every
    realisation), from its prefetched targets and realisations. This is the one rule: the
    web pages (today) and the reports (the end of their period) both ask it, so they never
    disagree on the same data.

    The latest value measured up to that day is judged against the target of that day's
    year (the latest earlier target if that year has none; a value measured in a later year
    against its own year's), not against the target of the year it was measured in: a
    measurement of last year that met last year's target does not keep a goal "op koers"
    once this year's higher target applies.
    behaald: it meets the final target (of the plan's last year); op koers: it meets the
    target of the day's year (or there is no target yet); loopt achter: otherwise; nog geen
    meting: no realisation up to that day.
    """
    targets = {s.jaar: s.waarde for s in indicator.streefwaarden.all()}
    realisaties = sorted(
        (r for r in indicator.realisaties.all() if tot is None or r.datum <= tot),
        key=lambda r: (r.datum, r.pk),
    )
    final = targets[max(targets)] if targets else None
    jaar = (tot or timezone.localdate()).year
    if realisaties:
        jaar = max(jaar, realisaties[-1].datum.year)
    earlier_years = [j for j in targets if j <= jaar]
    year_target = targets[max(earlier_years)] if earlier_years else None
    if not realisaties:
        return IndicatorVoortgang(indicator, None, None, year_target, final, Voortgang.GEEN_METING)
    latest = realisaties[-1]
    hib = indicator.hoger_is_beter
    if final is not None and _meets(latest.waarde, final, hib):
        status = Voortgang.BEHAALD
    elif year_target is None or _meets(latest.waarde, year_target, hib):
        status = Voortgang.OP_KOERS
    else:
        status = Voortgang.ACHTER
    return IndicatorVoortgang(indicator, latest.waarde, latest.datum, year_target, final, status)


def plan_voortgang(plan: Meerjarenplan, tot: dt.date | None = None) -> list[DoelVoortgang]:
    """Progress of every goal of the plan on a day (``tot``, inclusive; default today: see
    indicator_voortgang), in a fixed number of queries."""
    doelen = plan.doelen.prefetch_related(
        Prefetch(
            "indicatoren",
            queryset=Indicator.objects.prefetch_related("streefwaarden", "realisaties"),
        )
    ).order_by("id")
    return [
        DoelVoortgang(doel, [indicator_voortgang(i, tot) for i in doel.indicatoren.all()])
        for doel in doelen
    ]


def huidig_plan(netwerk: Netwerk) -> Meerjarenplan | None:
    """The plan that counts now: the vastgesteld one, else the one being prepared."""
    plannen = list(netwerk.plannen.exclude(status=PlanStatus.VERVANGEN).order_by("-versie")[:2])
    for plan in plannen:
        if plan.status == PlanStatus.VASTGESTELD:
            return plan
    return plannen[0] if plannen else None


def plan_in_bewerking(netwerk: Netwerk) -> Meerjarenplan | None:
    return (
        netwerk.plannen.filter(status__in=[PlanStatus.CONCEPT, PlanStatus.INGEDIEND])
        .order_by("-versie")
        .first()
    )


# --- Voortgangsgesprekken ------------------------------------------------------------------


def with_laatste_gesprek(
    netwerken: QuerySet[Netwerk], met_gesprekken: QuerySet[Netwerk]
) -> QuerySet[Netwerk]:
    """Annotate each network with the date of its latest held voortgangsgesprek (a planned
    one, dated after today, does not count) and whether the
    user may know it (``gesprekken_zichtbaar``); pass
    ``permissions.filter_netwerken_with_gesprekken(Netwerk.objects.all(), user)`` as
    ``met_gesprekken``. Where the user may not, the date is None."""
    zichtbaar = Q(pk__in=met_gesprekken.values("pk"))
    gehouden = Q(voortgangsgesprekken__datum__lte=timezone.localdate())
    return netwerken.annotate(
        laatste_gesprek=Max("voortgangsgesprekken__datum", filter=zichtbaar & gehouden),
        gesprekken_zichtbaar=ExpressionWrapper(zichtbaar, output_field=BooleanField()),
    )


def gesprek_achterstallig(laatste_gesprek: dt.date | None, vandaag: dt.date) -> bool:
    """No voortgangsgesprek in the past 12 months."""
    return laatste_gesprek is None or laatste_gesprek < vandaag - MEETING_INTERVAL


def laatste_gehouden_gesprek(
    gesprekken: list[Voortgangsgesprek], vandaag: dt.date
) -> Voortgangsgesprek | None:
    """The latest meeting held on or before today, of meetings newest first; a planned one
    (after today) never clears the overdue flag."""
    return next((gesprek for gesprek in gesprekken if gesprek.datum <= vandaag), None)


def voortgangsgesprekken(netwerk: Netwerk) -> QuerySet[Voortgangsgesprek]:
    return (
        Voortgangsgesprek.objects.filter(netwerk=netwerk)
        .select_related("zorgverzekeraar")
        .prefetch_related("afspraken")
        .annotate(
            aantal_afspraken=Count("afspraken"),
            aantal_open=Count("afspraken", filter=Q(afspraken__afgerond=False)),
        )
        .order_by("-datum")
    )


def laatste_en_gepland_gesprek(
    netwerk: Netwerk, vandaag: dt.date
) -> tuple[Voortgangsgesprek | None, Voortgangsgesprek | None]:
    """The latest meeting held on or before today and the first planned after it, for the
    dashboard's card: bare meetings (date and link), without their agreements or counts."""
    gesprekken = Voortgangsgesprek.objects.filter(netwerk=netwerk)
    return (
        gesprekken.filter(datum__lte=vandaag).order_by("-datum").first(),
        gesprekken.filter(datum__gt=vandaag).order_by("datum").first(),
    )


def open_afspraken(netwerk: Netwerk) -> list[Afspraak]:
    """The network's open agreements, those of the newest meeting first and each meeting's in
    their own order (opvolgdatum), in one query."""
    return list(
        Afspraak.objects.filter(gesprek__netwerk=netwerk, afgerond=False).order_by(
            "-gesprek__datum", "gesprek_id", "opvolgdatum", "id"
        )
    )


# --- History -------------------------------------------------------------------------------


@dataclass
class Wijziging:
    wanneer: dt.datetime
    wie: str
    wat: str
    velden: list[tuple[str, str, str]]  # (field label, old, new)


HISTORY_TYPES = {"+": _("aangemaakt"), "~": _("gewijzigd"), "-": _("verwijderd")}


def history_of(histories: list[QuerySet], limit: int = 100) -> list[Wijziging]:
    """Who changed what when, newest first, from simple-history querysets (one query each).

    Pass e.g. ``[Doel.history.filter(plan_id=plan.pk), ...]``; consecutive records of the
    same object are compared in Python to list the changed fields.
    """
    changes: list[Wijziging] = []
    for history in histories:
        records = list(history.select_related("history_user").order_by("history_date"))
        previous: dict = {}
        model = history.model.instance_type
        for record in records:
            older = previous.get(record.id)
            velden = []
            if older is not None:
                for change in record.diff_against(older).changes:
                    label = model._meta.get_field(change.field).verbose_name
                    velden.append((str(label), _display(change.old), _display(change.new)))
            previous[record.id] = record
            if older is not None and not velden and record.history_type == "~":
                continue  # saved without changes
            changes.append(
                Wijziging(
                    wanneer=record.history_date,
                    wie=str(record.history_user) if record.history_user else str(_("systeem")),
                    wat=f"{model._meta.verbose_name} “{_display(record.instance)}” "
                    f"{HISTORY_TYPES[record.history_type]}",
                    velden=velden,
                )
            )
    return sorted(changes, key=lambda c: c.wanneer, reverse=True)[:limit]


def _display(value) -> str:
    if value is None or value == "":
        return "–"
    text = str(value)
    return text if len(text) <= 120 else text[:117] + "…"


# --- Lists and dashboards ------------------------------------------------------------------


def netwerken_overzicht(
    netwerken: QuerySet[Netwerk], met_gesprekken: QuerySet[Netwerk]
) -> QuerySet[Netwerk]:
    """Networks with what a list shows: preferent insurer, latest meeting (where the user may
    read the meetings, see ``with_laatste_gesprek``), current plan status, in a fixed number
    of queries."""
    current_plan = (
        Meerjarenplan.objects.filter(netwerk=OuterRef("pk"))
        .exclude(status=PlanStatus.VERVANGEN)
        .order_by(
            # the vastgesteld plan first, else the newest being prepared
            Case(When(status=PlanStatus.VASTGESTELD, then=0), default=1),
            "-versie",
        )
    )
    return (
        with_laatste_gesprek(netwerken, met_gesprekken)
        .select_related("preferente_zorgverzekeraar")
        .annotate(
            plan_status=Subquery(current_plan.values("status")[:1]),
            plan_titel=Subquery(current_plan.values("titel")[:1]),
            aantal_gemeenten=Count(
                "werkgebied", filter=Q(werkgebied__geldig_tot__isnull=True), distinct=True
            ),
        )
        .order_by("naam")
    )
