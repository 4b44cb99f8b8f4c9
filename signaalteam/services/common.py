"""Helpers shared by the signaalteam services: validation, the reference number, the
search vector, the timeline line, registering a signal (for every source)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Cast, Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.dates import check_field, validate_event_date
from accounts.models import Role, User
from accounts.services import notificatie_send
from netwerk.models import Membership, Netwerk

from ..models import (
    ActieType,
    Bron,
    MelderType,
    Signaal,
    SignaalActie,
)

DEFAULT_BEWAARTERMIJN_MELDER_DAGEN = 365
REFERENTIE_PREFIX = "SIG"


# --- Helpers -------------------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _check_event_date(datum: dt.date, field: str) -> None:
    check_field(field, validate_event_date, datum)


def _not_before_receipt(signaal: Signaal, datum: dt.date, field: str) -> None:
    if datum < signaal.ontvangen_op:
        raise ValidationError(
            {
                field: _("Deze datum ligt vóór de ontvangst van het signaal (%(datum)s).")
                % {"datum": signaal.ontvangen_op.strftime("%d-%m-%Y")}
            }
        )


def _save(instance, user: User | None):
    instance.full_clean()
    instance._history_user = user
    instance.save()
    return instance


def _lock(signaal: Signaal) -> Signaal:
    return Signaal.objects.select_for_update().get(pk=signaal.pk)


def _check_eigenaar(eigenaar: User | None) -> None:
    if eigenaar is None:
        return
    if not (
        eigenaar.is_active
        and Membership.objects.filter(user=eigenaar, rol=Role.SIGNAALTEAM, actief=True).exists()
    ):
        raise ValidationError({"eigenaar": _("De eigenaar moet lid zijn van het signaalteam.")})


def signaalteam_leden():
    """Active users with an active signaalteam membership (the possible owners)."""
    return (
        User.objects.filter(
            is_active=True, memberships__rol=Role.SIGNAALTEAM, memberships__actief=True
        )
        .distinct()
        .order_by("naam", "email")
    )


def _nieuwe_referentie(jaar: int) -> str:
    """The next reference of the year of receipt, SIG-2026-0042 (numbered per year, at least
    four digits). A transaction-scoped advisory lock per year serialises concurrent
    registrations; the unique constraint backs it up."""
    prefix = f"{REFERENTIE_PREFIX}-{jaar}-"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"signaal-ref-{jaar}"])
    hoogste = Signaal.objects.filter(referentie__startswith=prefix).aggregate(
        n=Max(Cast(Substr("referentie", len(prefix) + 1), IntegerField()))
    )["n"]
    return f"{prefix}{(hoogste or 0) + 1:04d}"


def zoekvector_bijwerken(signaal_ids: Iterable[int]) -> int:
    """Rewrite the search vector of these signals in one UPDATE statement: titel (weight A),
    omschrijving (B) and the text of all their actions (C), in the 'dutch' configuration,
    so word forms match ("wachtlijsten" finds "wachtlijst")."""
    acties = (
        SignaalActie.objects.filter(signaal_id=OuterRef("pk"))
        .order_by()
        .values("signaal_id")
        .annotate(alles=StringAgg("tekst", delimiter="\n"))
        .values("alles")
    )
    return Signaal.objects.filter(pk__in=list(signaal_ids)).update(
        zoekvector=SearchVector("titel", weight="A", config="dutch")
        + SearchVector("omschrijving", weight="B", config="dutch")
        + SearchVector(Subquery(acties), weight="C", config="dutch")
    )


def _actie(
    signaal: Signaal,
    *,
    type: str,
    tekst: str,
    auteur: User | None,
    datum: dt.date | None = None,
    opvolgdatum: dt.date | None = None,
) -> SignaalActie:
    actie = SignaalActie(
        signaal=signaal,
        type=type,
        tekst=tekst,
        auteur=auteur,
        datum=datum or _today(),
        opvolgdatum=opvolgdatum,
    )
    actie.full_clean()
    actie.save()
    return actie


def _notify_signaalteam(signaal: Signaal, titel: str, tekst: str) -> None:
    """In-app only; the text names the reference, category and region, never the melder."""
    notificatie_send(
        users=signaalteam_leden(),
        titel=titel,
        tekst=tekst,
        url=reverse("signaalteam:detail", args=[signaal.pk]),
        mail=False,
    )


def _check_nieuw_signaal(
    *, netwerken: list[Netwerk], regio: str, melder_type: str, bron: str, eigenaar: User | None
) -> None:
    """A new signal says where it is about, has the system as melder exactly when it comes
    from the figures, and an owner in the signaalteam (or none)."""
    if not netwerken and not (regio or "").strip():
        raise ValidationError(
            {"netwerken": _("Kies een netwerk, of vul de regio of gemeente in waar het om gaat.")}
        )
    if (melder_type == MelderType.SYSTEEM) != (bron == Bron.SYSTEEM):
        raise ValidationError(
            {"melder_type": _("Alleen signalen uit de cijfers hebben het systeem als melder.")}
        )
    _check_eigenaar(eigenaar)


def _create(
    *,
    user: User | None,
    bron: str,
    titel: str,
    omschrijving: str,
    categorie: str,
    melder_type: str,
    netwerken: Iterable[Netwerk] = (),
    regio: str = "",
    melder_naam: str = "",
    melder_organisatie: str = "",
    melder_email: str = "",
    melder_telefoon: str = "",
    betrokken_partijen: str = "",
    eigenaar: User | None = None,
    ontvangen_op: dt.date | None = None,
    automatisch_netwerk: Netwerk | None = None,
    registratie_tekst: str = "",
) -> Signaal:
    netwerken = list(netwerken)
    _check_nieuw_signaal(
        netwerken=netwerken, regio=regio, melder_type=melder_type, bron=bron, eigenaar=eigenaar
    )
    ontvangen_op = ontvangen_op or _today()
    signaal = Signaal(
        referentie=_nieuwe_referentie(ontvangen_op.year),
        titel=titel,
        omschrijving=omschrijving,
        categorie=categorie,
        bron=bron,
        regio=regio,
        melder_type=melder_type,
        melder_naam=melder_naam,
        melder_organisatie=melder_organisatie,
        melder_email=melder_email,
        melder_telefoon=melder_telefoon,
        betrokken_partijen=betrokken_partijen,
        eigenaar=eigenaar,
        ontvangen_op=ontvangen_op,
        automatisch_netwerk=automatisch_netwerk,
        drempel_overschreden=True if automatisch_netwerk is not None else None,
    )
    _save(signaal, user)
    signaal.netwerken.set(netwerken)
    _actie(
        signaal,
        type=ActieType.SYSTEEM if bron == Bron.SYSTEEM else ActieType.STATUS,
        tekst=registratie_tekst or _("Signaal geregistreerd."),
        auteur=user,
        datum=signaal.ontvangen_op,
    )
    zoekvector_bijwerken([signaal.pk])
    return signaal
