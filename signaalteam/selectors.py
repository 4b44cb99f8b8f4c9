"""Reads of the signaalteam app: the filtered, searched overview with its figures, the
owner's list with due follow-ups, a signal's timeline, and the figures of a period.

Every function takes the queryset the user may see (``Signaal.objects.visible_to(user)``)
and narrows it; none widens it.

Decision: a signal is "in a period" when it was open on at least one day of it: received
on or before the end, and not closed before the start. An overview of a year therefore
shows the signals received that year and those still running from earlier, as a progress
letter reports them. The list, exports, API and PDF use this one definition.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from accounts.models import User
from netwerk.models import Netwerk

from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    ActieType,
    Categorie,
    Signaal,
    SignaalActie,
    SignaalStatus,
)

REFERENTIE_PATTERN = re.compile(r"^\s*SIG-\d{4}-\d{1,6}\s*$", re.IGNORECASE)


def _with_list_relations(signalen: QuerySet[Signaal]) -> QuerySet[Signaal]:
    return signalen.select_related("eigenaar").prefetch_related(
        Prefetch("netwerken", queryset=Netwerk.objects.order_by("naam").only("pk", "naam"))
    )


def in_periode(
    signalen: QuerySet[Signaal], van: dt.date | None, tot: dt.date | None
) -> QuerySet[Signaal]:
    """Signals open on at least one day of [van, tot] (both inclusive, either may be open)."""
    if tot is not None:
        signalen = signalen.filter(ontvangen_op__lte=tot)
    if van is not None:
        signalen = signalen.filter(Q(gesloten_op__isnull=True) | Q(gesloten_op__gte=van))
    return signalen


def _about_netwerk(netwerk_id: int) -> Exists:
    return Exists(
        Signaal.netwerken.through.objects.filter(signaal_id=OuterRef("pk"), netwerk_id=netwerk_id)
    )


def _in_regio(tekst: str) -> Q:
    """The free-text region, or the name of one of the networks, contains the text."""
    return Q(regio__icontains=tekst) | Exists(
        Signaal.netwerken.through.objects.filter(
            signaal_id=OuterRef("pk"), netwerk__naam__icontains=tekst
        )
    )


def filter_signalen(
    signalen: QuerySet[Signaal],
    *,
    categorie: str = "",
    status: str = "",
    netwerk: Netwerk | int | None = None,
    regio: str = "",
    eigenaar: User | int | None = None,
    van: dt.date | None = None,
    tot: dt.date | None = None,
    q: str = "",
) -> QuerySet[Signaal]:
    """The signals matching every given filter; unranked, unordered (for figures)."""
    if categorie:
        signalen = signalen.filter(categorie=categorie)
    if status == "open":
        signalen = signalen.filter(status__in=OPEN_STATUSES)
    elif status == "gesloten":
        signalen = signalen.filter(status__in=CLOSED_STATUSES)
    elif status:
        signalen = signalen.filter(status=status)
    if netwerk is not None:
        signalen = signalen.filter(_about_netwerk(getattr(netwerk, "pk", netwerk)))
    if regio.strip():
        signalen = signalen.filter(_in_regio(regio.strip()))
    if eigenaar is not None:
        signalen = signalen.filter(eigenaar_id=getattr(eigenaar, "pk", eigenaar))
    signalen = in_periode(signalen, van, tot)
    q = q.strip()
    if q:
        if REFERENTIE_PATTERN.match(q):
            signalen = signalen.filter(referentie__iexact=q.strip())
        else:
            signalen = signalen.filter(zoekvector=_zoekvraag(q))
    return signalen


def _zoekvraag(q: str) -> SearchQuery:
    """Web-search syntax ("exacte woorden", -zonder, of), Dutch stemming: "wachtlijsten"
    finds "wachtlijst". Any input is safe: websearch_to_tsquery never raises."""
    return SearchQuery(q, config="dutch", search_type="websearch")


def signaal_list(signalen: QuerySet[Signaal], **filters) -> QuerySet[Signaal]:
    """The overview: filtered, with owner and networks, in a fixed number of queries.
    With a search text the best matches come first (ts_rank over the weighted vector:
    title before description before actions), else the newest received first."""
    result = _with_list_relations(filter_signalen(signalen, **filters))
    q = (filters.get("q") or "").strip()
    if q and not REFERENTIE_PATTERN.match(q):
        return result.annotate(rank=SearchRank(F("zoekvector"), _zoekvraag(q))).order_by(
            "-rank", "-ontvangen_op", "-pk"
        )
    return result.order_by("-ontvangen_op", "-pk")


@dataclass
class Telling:
    """Counts per category (rows) and status (columns) of a set of signals."""

    rijen: list[tuple[str, list[int], int]]  # (category label, per status, row total)
    kolommen: list[str]  # status labels
    kolomtotalen: list[int]
    totaal: int
    gemiddelde_doorlooptijd: float | None  # days, closed signals only
    aantal_gesloten: int
    per_categorie: dict[str, int] = field(default_factory=dict)
    per_status: dict[str, int] = field(default_factory=dict)


def telling(signalen: QuerySet[Signaal]) -> Telling:
    """Counts per category and status, and the average doorlooptijd (received to closed,
    in days) of the closed ones, in two queries."""
    base = signalen.order_by()
    counts = {
        (row["categorie"], row["status"]): row["n"]
        for row in base.values("categorie", "status").annotate(n=Count("pk"))
    }
    gemiddeld = base.filter(status__in=CLOSED_STATUSES, gesloten_op__isnull=False).aggregate(
        gemiddeld=Avg(
            ExpressionWrapper(F("gesloten_op") - F("ontvangen_op"), output_field=DurationField())
        ),
        aantal=Count("pk"),
    )
    statuses = list(SignaalStatus)
    rijen = []
    per_categorie = {}
    for categorie in Categorie:
        row = [counts.get((categorie.value, status.value), 0) for status in statuses]
        per_categorie[categorie.value] = sum(row)
        rijen.append((str(categorie.label), row, sum(row)))
    kolomtotalen = [sum(counts.get((c.value, s.value), 0) for c in Categorie) for s in statuses]
    duur = gemiddeld["gemiddeld"]
    return Telling(
        rijen=rijen,
        kolommen=[str(status.label) for status in statuses],
        kolomtotalen=kolomtotalen,
        totaal=sum(kolomtotalen),
        gemiddelde_doorlooptijd=(
            round(duur.total_seconds() / 86400, 1) if duur is not None else None
        ),
        aantal_gesloten=gemiddeld["aantal"],
        per_categorie=per_categorie,
        per_status={s.value: total for s, total in zip(statuses, kolomtotalen, strict=True)},
    )


def signaal_detail(signalen: QuerySet[Signaal]) -> QuerySet[Signaal]:
    return signalen.select_related("eigenaar", "automatisch_netwerk").prefetch_related(
        Prefetch("netwerken", queryset=Netwerk.objects.order_by("naam"))
    )


def tijdlijn(signaal: Signaal) -> QuerySet[SignaalActie]:
    """The signal's actions, newest first, with their authors."""
    return signaal.acties.select_related("auteur").order_by("-datum", "-aangemaakt_op", "-id")


def mijn_signalen(signalen: QuerySet[Signaal], user: User) -> QuerySet[Signaal]:
    """The open signals the user owns, longest running first."""
    return _with_list_relations(signalen.filter(eigenaar=user, status__in=OPEN_STATUSES)).order_by(
        "ontvangen_op", "pk"
    )


def zonder_eigenaar(signalen: QuerySet[Signaal]) -> QuerySet[Signaal]:
    """New signals nobody has taken yet, oldest first."""
    return _with_list_relations(
        signalen.filter(status=SignaalStatus.GEMELD, eigenaar__isnull=True)
    ).order_by("ontvangen_op", "pk")


def opvolging_due(signalen: QuerySet[Signaal], user: User, vandaag: dt.date):
    """Agreements on the user's open signals whose follow-up date has come
    (opvolgdatum <= vandaag) and that are not followed up yet, most overdue first."""
    return (
        SignaalActie.objects.filter(
            signaal__in=signalen.filter(eigenaar=user, status__in=OPEN_STATUSES),
            type=ActieType.AFSPRAAK,
            opvolgdatum__lte=vandaag,
            opgevolgd=False,
        )
        .select_related("signaal", "auteur")
        .order_by("opvolgdatum", "pk")
    )


def netwerken_voor_filter(signalen: QuerySet[Signaal]) -> QuerySet[Netwerk]:
    """Networks that occur in these signals, for the filter's choices."""
    return Netwerk.objects.filter(
        pk__in=Signaal.netwerken.through.objects.filter(signaal__in=signalen).values("netwerk_id")
    ).order_by("naam")


def eigenaren_voor_filter(signalen: QuerySet[Signaal]) -> QuerySet[User]:
    return User.objects.filter(pk__in=signalen.values("eigenaar_id")).order_by("naam", "email")


@dataclass
class Overzicht:
    """What the PDF "overzicht van signalen" of a period shows."""

    van: dt.date
    tot: dt.date
    signalen: list[Signaal]
    telling: Telling
    nieuw: int
    gesloten: int
    open_aan_het_eind: int
    gemiddelde_doorlooptijd_gesloten: float | None  # days, signals closed in the period


def overzicht(signalen: QuerySet[Signaal], van: dt.date, tot: dt.date) -> Overzicht:
    """The signals open during [van, tot] in the order of their reference, with the
    counts, how many came in and were closed in the period, and how many were still open
    at its end."""
    in_period = in_periode(signalen, van, tot)
    rows = list(_with_list_relations(in_period).order_by("ontvangen_op", "referentie"))
    gesloten = [s for s in rows if s.gesloten_op is not None and s.gesloten_op <= tot]
    return Overzicht(
        van=van,
        tot=tot,
        signalen=rows,
        telling=telling(in_period),
        nieuw=sum(1 for s in rows if s.ontvangen_op >= van),
        gesloten=len(gesloten),
        open_aan_het_eind=len(rows) - len(gesloten),
        gemiddelde_doorlooptijd_gesloten=(
            round(sum(s.doorlooptijd() for s in gesloten) / len(gesloten), 1) if gesloten else None
        ),
    )
