"""Registering and editing signals, the workflow and the timeline (services acting for a
person, who is checked here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import User
from accounts.services import notificatie_send
from netwerk.models import Netwerk

from ..models import (
    CLOSED_STATUSES,
    MELDER_FIELDS,
    ActieType,
    Bron,
    MelderType,
    Signaal,
    SignaalActie,
    SignaalStatus,
)
from ..permissions import (
    actie_types_allowed,
    can_change_signaal,
    can_create_signaal,
    can_follow_up,
)
from .common import (
    _actie,
    _check_eigenaar,
    _check_event_date,
    _create,
    _lock,
    _not_before_receipt,
    _save,
    _today,
    zoekvector_bijwerken,
)

TRANSITIONS: dict[str, set[str]] = {
    SignaalStatus.GEMELD: {SignaalStatus.IN_BEHANDELING, SignaalStatus.GESLOTEN_ZONDER_OPLOSSING},
    SignaalStatus.IN_BEHANDELING: {
        SignaalStatus.OPGELOST,
        SignaalStatus.GESLOTEN_ZONDER_OPLOSSING,
    },
    SignaalStatus.OPGELOST: {SignaalStatus.IN_BEHANDELING},
    SignaalStatus.GESLOTEN_ZONDER_OPLOSSING: {SignaalStatus.IN_BEHANDELING},
}

EDITABLE_FIELDS = {
    "titel",
    "omschrijving",
    "categorie",
    "netwerken",
    "regio",
    "melder_type",
    *MELDER_FIELDS,
    "betrokken_partijen",
    "eigenaar",
    "ontvangen_op",
}


def _check_transition(signaal: Signaal, nieuw: str) -> None:
    if nieuw not in TRANSITIONS[signaal.status]:
        raise ValidationError(
            _("Een signaal met status “%(van)s” kan niet naar “%(naar)s”.")
            % {
                "van": SignaalStatus(signaal.status).label,
                "naar": SignaalStatus(nieuw).label,
            },
            code="status",
        )


# --- Registering and editing ---------------------------------------------------------------


@transaction.atomic
def signaal_create(
    *,
    actor: Actor,
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
) -> Signaal:
    """A signal registered by the signaalteam (received by phone, mail, in a meeting), in
    status gemeld. ``ontvangen_op`` defaults to today and cannot lie in the future."""
    require(can_create_signaal(actor.user))
    if ontvangen_op is not None:
        _check_event_date(ontvangen_op, "ontvangen_op")
    return _create(
        user=actor.user,
        bron=Bron.HANDMATIG,
        titel=titel,
        omschrijving=omschrijving,
        categorie=categorie,
        melder_type=melder_type,
        netwerken=netwerken,
        regio=regio,
        melder_naam=melder_naam,
        melder_organisatie=melder_organisatie,
        melder_email=melder_email,
        melder_telefoon=melder_telefoon,
        betrokken_partijen=betrokken_partijen,
        eigenaar=eigenaar,
        ontvangen_op=ontvangen_op,
        registratie_tekst=_("Geregistreerd door het signaalteam."),
    )


@transaction.atomic
def signaal_update(*, signaal: Signaal, actor: Actor, **fields) -> Signaal:
    """Change what a signal is about, who reported it and who owns it (not its status:
    that goes through take up / close / reopen). The row is locked while it changes."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    require(can_change_signaal(actor.user, signaal))
    signaal = _lock(signaal)
    netwerken = fields.pop("netwerken", None)
    if "ontvangen_op" in fields:
        _check_event_date(fields["ontvangen_op"], "ontvangen_op")
    if "melder_type" in fields and (fields["melder_type"] == MelderType.SYSTEEM) != (
        signaal.bron == Bron.SYSTEEM
    ):
        raise ValidationError(
            {"melder_type": _("Alleen signalen uit de cijfers hebben het systeem als melder.")}
        )
    if "eigenaar" in fields:
        _check_eigenaar(fields["eigenaar"])
    for name, value in fields.items():
        setattr(signaal, name, value)
    regio = fields.get("regio", signaal.regio)
    if netwerken is not None and not list(netwerken) and not (regio or "").strip():
        raise ValidationError(
            {"netwerken": _("Kies een netwerk, of vul de regio of gemeente in waar het om gaat.")}
        )
    _save(signaal, actor.user)
    if netwerken is not None:
        signaal.netwerken.set(netwerken)
    zoekvector_bijwerken([signaal.pk])
    return signaal


# --- Workflow ------------------------------------------------------------------------------


@transaction.atomic
def signaal_take_up(
    *, signaal: Signaal, actor: Actor, eigenaar: User | None = None, op: dt.date | None = None
) -> Signaal:
    """gemeld -> in behandeling, with an owner (the given one, else the current owner,
    else the acting user) and the date taken up (default today)."""
    require(can_change_signaal(actor.user, signaal))
    signaal = _lock(signaal)
    _check_transition(signaal, SignaalStatus.IN_BEHANDELING)
    op = op or _today()
    _check_event_date(op, "datum")
    _not_before_receipt(signaal, op, "datum")
    eigenaar = eigenaar or signaal.eigenaar or actor.user
    _check_eigenaar(eigenaar)
    signaal.status = SignaalStatus.IN_BEHANDELING
    signaal.in_behandeling_op = op
    signaal.eigenaar = eigenaar
    _save(signaal, actor.user)
    _actie(
        signaal,
        type=ActieType.STATUS,
        tekst=_("In behandeling genomen. Eigenaar: %(naam)s.") % {"naam": eigenaar},
        auteur=actor.user,
        datum=op,
    )
    zoekvector_bijwerken([signaal.pk])
    return signaal


@transaction.atomic
def signaal_close(
    *, signaal: Signaal, actor: Actor, status: str, oplossing: str, op: dt.date | None = None
) -> Signaal:
    """Close as opgelost (only once taken up) or gesloten zonder oplossing. A summary of the
    resolution, or of why it closes without one, is required; it is also written on the
    timeline, where it stays when the signal is reopened."""
    require(can_change_signaal(actor.user, signaal))
    if status not in CLOSED_STATUSES:
        raise ValidationError({"status": _("Kies opgelost of gesloten zonder oplossing.")})
    oplossing = (oplossing or "").strip()
    if not oplossing:
        raise ValidationError(
            {"oplossing": _("Vat de oplossing samen, of waarom het signaal sluit.")}
        )
    signaal = _lock(signaal)
    _check_transition(signaal, status)
    op = op or _today()
    _check_event_date(op, "datum")
    _not_before_receipt(signaal, op, "datum")
    signaal.status = status
    signaal.gesloten_op = op
    signaal.oplossing = oplossing
    _save(signaal, actor.user)
    _actie(
        signaal,
        type=ActieType.STATUS,
        tekst=_("Gesloten: %(status)s. %(oplossing)s")
        % {"status": SignaalStatus(status).label.lower(), "oplossing": oplossing},
        auteur=actor.user,
        datum=op,
    )
    zoekvector_bijwerken([signaal.pk])
    return signaal


@transaction.atomic
def signaal_reopen(
    *, signaal: Signaal, actor: Actor, reden: str, op: dt.date | None = None
) -> Signaal:
    """A closed signal back to in behandeling, with a reason that is logged as an action.
    The closing date and summary are cleared (the summary stays on the timeline)."""
    require(can_change_signaal(actor.user, signaal))
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden om het signaal te heropenen.")})
    signaal = _lock(signaal)
    if signaal.status not in CLOSED_STATUSES:
        raise ValidationError(_("Alleen een gesloten signaal kan heropend worden."), code="status")
    _check_transition(signaal, SignaalStatus.IN_BEHANDELING)
    op = op or _today()
    _check_event_date(op, "datum")
    _not_before_receipt(signaal, op, "datum")
    signaal.status = SignaalStatus.IN_BEHANDELING
    signaal.in_behandeling_op = signaal.in_behandeling_op or op
    signaal.gesloten_op = None
    signaal.oplossing = ""
    signaal.eigenaar = signaal.eigenaar or actor.user
    _save(signaal, actor.user)
    _actie(
        signaal,
        type=ActieType.STATUS,
        tekst=_("Heropend: %(reden)s") % {"reden": reden},
        auteur=actor.user,
        datum=op,
    )
    zoekvector_bijwerken([signaal.pk])
    return signaal


# --- Timeline ------------------------------------------------------------------------------


@transaction.atomic
def actie_add(
    *,
    signaal: Signaal,
    actor: Actor,
    type: str,
    tekst: str,
    datum: dt.date | None = None,
    opvolgdatum: dt.date | None = None,
) -> SignaalActie:
    """An action on the timeline of an open signal. The signaalteam adds conversations,
    agreements (with an optional follow-up date), escalations and updates; a coordinator
    only updates from the region, on signals about its own network. When someone else than
    the owner adds one, the owner gets an in-app notification."""
    require(type in actie_types_allowed(actor.user, signaal))
    signaal = _lock(signaal)
    if not signaal.is_open:
        raise ValidationError(
            _("Dit signaal is gesloten. Heropen het om een actie toe te voegen."), code="status"
        )
    datum = datum or _today()
    _check_event_date(datum, "datum")
    if opvolgdatum is not None and opvolgdatum < datum:
        raise ValidationError(
            {"opvolgdatum": _("De opvolgdatum ligt niet vóór de datum van de actie.")}
        )
    actie = _actie(
        signaal,
        type=type,
        tekst=(tekst or "").strip(),
        auteur=actor.user,
        datum=datum,
        opvolgdatum=opvolgdatum,
    )
    zoekvector_bijwerken([signaal.pk])
    if signaal.eigenaar_id is not None and signaal.eigenaar_id != actor.user.pk:
        notificatie_send(
            users=[signaal.eigenaar],
            titel=_("Nieuwe actie bij %(referentie)s") % {"referentie": signaal.referentie},
            tekst=_("%(type)s door %(wie)s.") % {"type": ActieType(type).label, "wie": actor.user},
            url=reverse("signaalteam:detail", args=[signaal.pk]),
            mail=False,
        )
    return actie


@transaction.atomic
def afspraak_opgevolgd(*, actie: SignaalActie, actor: Actor) -> SignaalActie:
    """Mark an agreement's follow-up as done; it leaves the owner's list. Idempotent."""
    require(can_follow_up(actor.user, actie))
    actie = SignaalActie.objects.select_for_update().get(pk=actie.pk)
    if actie.type != ActieType.AFSPRAAK or actie.opvolgdatum is None:
        raise ValidationError(_("Alleen een afspraak met een opvolgdatum wordt opgevolgd."))
    if not actie.opgevolgd:
        actie.opgevolgd = True
        actie.opgevolgd_op = timezone.now()
        actie.save(update_fields=["opgevolgd", "opgevolgd_op"])
    return actie
