"""Who looked at client data: the inzage report for one client (NEN 7513: a client can get
the list of who accessed their record) and the coordinator's view of their network's log,
with the accesses that look unusual flagged for review.

Reading the log is itself logged (by the views) and needs a verified second factor
(``may_read_log``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import AccessAction, AccessLogEntry, AccessOutcome, Role
from netwerk.models import Membership

from ..identifiers import bsn_hash, normalise_bsn, validate_bsn
from ..models import Aanmelding, Client, Traject

TOEGANGSLOG = "toegangslog"


def may_read_log(actor: Actor, netwerk_id: int) -> bool:
    """The coordinator of the network or a beheerder, role-wise; see ``second_factor_ok``."""
    if actor.role == Role.BEHEERDER:
        return True
    return (
        actor.role == Role.NETWERKCOORDINATOR
        and actor.membership is not None
        and actor.membership.netwerk_id == netwerk_id
    )


def second_factor_ok(actor: Actor) -> bool:
    user = actor.user
    return user is not None and user.is_verified()


def clienten_van_netwerk(netwerk_id: int) -> QuerySet[Client]:
    """The clients a coordinator of the network sees (living or aangemeld there), destroyed
    ones included: their log rows stay until the log's own term."""
    return Client.objects.filter(
        Q(netwerk_id=netwerk_id)
        | Q(pk__in=Aanmelding.objects.filter(netwerk_id=netwerk_id).values("client"))
    )


# --- rows as a person reads them ----------------------------------------------------------


@dataclass(frozen=True)
class Regel:
    """One access-log row with who, role, organisation and the flags."""

    entry: AccessLogEntry
    wie: str
    rol: str
    organisatie: str
    client_naam: str
    buiten_werktijd: bool
    veel_buiten_caseload: bool

    @property
    def tijdstip(self) -> dt.datetime:
        return timezone.localtime(self.entry.timestamp)

    @property
    def opvallend(self) -> bool:
        return self.buiten_werktijd or self.veel_buiten_caseload


def _organisaties(membership_ids: Iterable[int | None]) -> dict[int, str]:
    ids = {pk for pk in membership_ids if pk is not None}
    if not ids:
        return {}
    memberships = Membership.objects.filter(pk__in=ids).select_related(
        "organisatie", "netwerk", "zorgverzekeraar"
    )
    return {m.pk: str(m.organisatie or m.zorgverzekeraar or m.netwerk or "") for m in memberships}


def buiten_werktijd(moment: dt.datetime) -> bool:
    lokaal = timezone.localtime(moment)
    return (
        lokaal.weekday() >= 5
        or lokaal.hour < settings.TOEGANGSLOG_WERKTIJD_VAN
        or lokaal.hour >= settings.TOEGANGSLOG_WERKTIJD_TOT
    )


def buiten_werktijd_q() -> Q:
    """The same rule in SQL (the current time zone, Europe/Amsterdam): Sunday = 1, Saturday = 7."""
    return (
        Q(timestamp__week_day__in=[1, 7])
        | Q(timestamp__hour__lt=settings.TOEGANGSLOG_WERKTIJD_VAN)
        | Q(timestamp__hour__gte=settings.TOEGANGSLOG_WERKTIJD_TOT)
    )


def regels(
    entries: Iterable[AccessLogEntry], *, veel: set[tuple[int, dt.date]] = frozenset()
) -> list[Regel]:
    """Rows for display: two queries whatever their number (memberships, client names)."""
    entries = list(entries)
    organisaties = _organisaties(e.membership_id for e in entries)
    client_ids = {e.client_id for e in entries if e.client_id is not None}
    namen = {c.pk: c.naam for c in Client.objects.filter(pk__in=client_ids)} if client_ids else {}
    return [
        Regel(
            entry=e,
            wie=(e.user.naam or e.user.email) if e.user_id else "Systeem",
            rol=e.get_role_display() or "",
            organisatie=organisaties.get(e.membership_id, ""),
            client_naam=namen.get(e.client_id, ""),
            buiten_werktijd=buiten_werktijd(e.timestamp),
            veel_buiten_caseload=(e.user_id, timezone.localtime(e.timestamp).date()) in veel,
        )
        for e in entries
    ]


# --- inzage: one client --------------------------------------------------------------------


def inzage_entries(client_id: int) -> QuerySet[AccessLogEntry]:
    """Every access-log row about the client, oldest first."""
    return (
        AccessLogEntry.objects.filter(client_id=client_id)
        .select_related("user")
        .order_by("timestamp", "id")
    )


# --- the coordinator's view ------------------------------------------------------------------


@dataclass
class Filters:
    gebruiker: str = ""
    organisatie_id: int | None = None
    van: dt.date | None = None
    tot: dt.date | None = None
    client: str = ""
    alleen_opvallend: bool = False


def _client_ids(netwerk_id: int, zoek: str) -> QuerySet:
    """Clients of the network by BSN (through its hash, never the BSN itself) or by name."""
    clienten = clienten_van_netwerk(netwerk_id)
    digits = normalise_bsn(zoek)
    if digits.isdigit():
        try:
            validate_bsn(digits)
        except ValidationError:
            return clienten.none().values("pk")
        return clienten.filter(bsn_hash=bsn_hash(digits)).values("pk")
    q = Q()
    for woord in zoek.split():
        q &= (
            Q(voornaam__icontains=woord)
            | Q(achternaam__icontains=woord)
            | Q(tussenvoegsel__icontains=woord)
        )
    return clienten.filter(q).values("pk")


def netwerk_log(netwerk_id: int, filters: Filters) -> QuerySet[AccessLogEntry]:
    """The access-log rows about the network's clients, newest first, filtered. The rows this
    view itself writes (object type ``toegangslog``, one per client it shows) are left out, so
    looking does not change what is looked at; they stay in the log and in the client's inzage
    report."""
    entries = AccessLogEntry.objects.filter(
        client_id__in=clienten_van_netwerk(netwerk_id).values("pk")
    ).exclude(object_type=TOEGANGSLOG)
    if filters.gebruiker:
        entries = entries.filter(
            Q(user__naam__icontains=filters.gebruiker) | Q(user__email__icontains=filters.gebruiker)
        )
    if filters.organisatie_id is not None:
        entries = entries.filter(
            membership_id__in=Membership.objects.filter(
                organisatie_id=filters.organisatie_id
            ).values("pk")
        )
    if filters.van is not None:
        entries = entries.filter(timestamp__date__gte=filters.van)
    if filters.tot is not None:
        entries = entries.filter(timestamp__date__lte=filters.tot)
    if filters.client:
        entries = entries.filter(client_id__in=_client_ids(netwerk_id, filters.client))
    return entries.select_related("user").order_by("-timestamp", "-id")


def veel_buiten_caseload(entries: QuerySet[AccessLogEntry]) -> set[tuple[int, dt.date]]:
    """(user, day) pairs in which a casemanager read more different clients outside their own
    caseload (clients of a traject they never had) than TOEGANGSLOG_DREMPEL_BUITEN_CASELOAD.
    Coordinators have no caseload: their reads are shown, not flagged by this rule. One
    query."""
    eigen = Traject.objects.filter(
        client_id=OuterRef("client_id"), casemanager__user_id=OuterRef("user_id")
    )
    rijen = (
        entries.order_by()
        .filter(
            role=Role.CASEMANAGER,
            action=AccessAction.LEZEN,
            outcome=AccessOutcome.TOEGESTAAN,
            user_id__isnull=False,
        )
        .exclude(Exists(eigen))
        .annotate(dag=TruncDate("timestamp"))
        .values("user_id", "dag")
        .annotate(n=Count("client_id", distinct=True))
        .filter(n__gt=settings.TOEGANGSLOG_DREMPEL_BUITEN_CASELOAD)
    )
    return {(r["user_id"], r["dag"]) for r in rijen}


def alleen_opvallend(
    entries: QuerySet[AccessLogEntry], veel: set[tuple[int, dt.date]]
) -> QuerySet[AccessLogEntry]:
    q = buiten_werktijd_q()
    for user_id, dag in veel:
        q |= Q(user_id=user_id, timestamp__date=dag)
    return entries.filter(q)
