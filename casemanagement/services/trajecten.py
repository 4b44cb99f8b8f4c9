"""The traject's daily work: contacts (the first one takes the client into care), intensity,
measurements, closing."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import AccessAction, User

from ..models import (
    Casemanager,
    Contactmoment,
    ContactType,
    IntensiteitWijziging,
    Meting,
    MetingType,
    MetWie,
    Traject,
)
from ..permissions import can_add_to_traject, can_log_contact_as, can_manage_traject
from ._common import (
    AFMELDREDEN_BIJ_EINDE,
    NAZORG_STANDAARD,
    _check_event_date,
    _locked_aanmelding,
    _locked_traject,
    _log,
    _save,
    _set_fase,
    _today,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def contact_log(
    *,
    actor: Actor,
    traject: Traject,
    casemanager: Casemanager,
    datum: dt.date,
    type: str,
    minuten: int,
    met_wie: Iterable[str] = (MetWie.CLIENT,),
    notitie: str = "",
    idempotentie_sleutel: uuid.UUID | None = None,
) -> Contactmoment:
    """Log a contact. The first contact of the traject's own casemanager with the client takes
    the client into care: the traject starts and the waitlist clock stops on that date (also
    when an earlier contact is entered later). After the traject ended, contacts can still be
    logged during the nazorg period for the carer.

    With ``idempotentie_sleutel`` (the form's key, or a sender's own key) a second call with
    the same key returns the contact of the first instead of adding one: the traject row is
    locked first, so even simultaneous submits find each other."""
    require(can_log_contact_as(actor.user, traject, casemanager))
    return _contact_log(
        actor=actor,
        traject=traject,
        casemanager=casemanager,
        datum=datum,
        type=type,
        minuten=minuten,
        met_wie=met_wie,
        notitie=notitie,
        idempotentie_sleutel=idempotentie_sleutel,
    )


@transaction.atomic
def _contact_log(
    *,
    actor: Actor,
    traject: Traject,
    casemanager: Casemanager,
    datum: dt.date,
    type: str,
    minuten: int,
    met_wie: Iterable[str] = (MetWie.CLIENT,),
    notitie: str = "",
    idempotentie_sleutel: uuid.UUID | None = None,
) -> Contactmoment:
    """``contact_log`` without the right check, for a caller that checked its own right
    (the providers' delivery, casemanagement.aanlevering)."""
    traject = _locked_traject(traject, nazorg_on=datum)
    eerder = _eerder_met_sleutel(idempotentie_sleutel, traject, casemanager)
    if eerder is not None:
        return eerder
    _check_event_date(datum, "datum")
    if datum < traject.aanmelding.datum:
        raise ValidationError({"datum": _("Dit contact ligt voor de datum van aanmelding.")})
    if not casemanager.actief or casemanager.netwerk_id != traject.netwerk_id:
        raise ValidationError(
            _("U werkt niet (meer) als casemanager in het netwerk van deze cliënt.")
        )
    contact = _save(
        Contactmoment(
            traject=traject,
            casemanager=casemanager,
            organisatie_id=traject.organisatie_id,
            datum=datum,
            type=type,
            minuten=minuten,
            met_wie=list(met_wie),
            notitie=notitie,
            idempotentie_sleutel=idempotentie_sleutel,
        ),
        actor.user,
    )
    _in_zorg_nemen_bij_eerste_contact(traject, contact, actor.user)
    _log(actor, AccessAction.AANMAKEN, contact, traject.client_id)
    return contact


def _maanddatum(traject: Traject, maand: dt.date) -> dt.date:
    """The date a month total is kept on: the month's last day, but never after today nor
    after the traject's end (or its nazorg); refused when the month does not fall within
    the care of this traject, from its first contact on."""
    eerste = traject.aanmelding.eerste_contact_op
    if eerste is None:
        raise ValidationError(
            {
                "minuten": _(
                    "Dit traject heeft nog geen eerste contact: lever eerst de datum van het "
                    "eerste contact aan. Contactminuten alleen stoppen de wachttijd niet."
                )
            }
        )
    laatste = (maand.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    grenzen = [laatste, _today()]
    if not traject.is_open:
        grenzen.append(max(traject.einddatum, traject.nazorg_tot or traject.einddatum))
    datum = min(grenzen)
    if datum < maand:
        raise ValidationError(
            {"maand": _("Deze maand ligt na het einde van het traject of is nog niet begonnen.")}
        )
    if laatste < eerste:
        raise ValidationError(
            {
                "maand": _("Deze maand ligt voor het eerste contact (%(datum)s).")
                % {"datum": f"{eerste:%d-%m-%Y}"}
            }
        )
    return datum


@transaction.atomic
def _maandtotaal_vastleggen(
    *,
    actor: Actor,
    traject: Traject,
    organisatie_id: int,
    maand: dt.date,
    minuten: int,
    contact: Contactmoment | None,
) -> Contactmoment | None:
    """The contact minutes a provider's own system registered for this traject in one month
    (``maand``: its first day), kept as one contact of the kind maandtotaal on the month's
    last day, so the caseload, the reports and the minimal dataset count them as any contact.
    It is never the first contact (nobody ``met_wie``): the clock stops only by the first
    contact itself. ``contact`` is the month's earlier total, changed or (0 minutes) removed;
    ``organisatie_id`` the provider that delivered it (still theirs after an overdracht).
    For the providers' delivery only (casemanagement.aanlevering, decision 0027)."""
    traject = Traject.objects.select_related("aanmelding", "casemanager").get(pk=traject.pk)
    datum = _maanddatum(traject, maand)
    if minuten == 0:
        if contact is not None:
            _log(actor, AccessAction.VERWIJDEREN, contact, traject.client_id)
            contact.delete()
        return None
    contact = contact or Contactmoment(
        traject=traject,
        casemanager=traject.casemanager,
        organisatie_id=organisatie_id,
        type=ContactType.MAANDTOTAAL,
        met_wie=[],
    )
    nieuw = contact.pk is None
    contact.datum, contact.minuten = datum, minuten
    _save(contact, actor.user)
    _log(
        actor, AccessAction.AANMAKEN if nieuw else AccessAction.WIJZIGEN, contact, traject.client_id
    )
    return contact


@transaction.atomic
def _contact_duur_wijzigen(*, actor: Actor, contact: Contactmoment, minuten: int) -> Contactmoment:
    """A delivered contact's minutes as the provider's system now has them (the providers'
    delivery only: a page has no correction of a contact)."""
    contact.minuten = minuten
    _save(contact, actor.user)
    _log(actor, AccessAction.WIJZIGEN, contact, contact.traject.client_id)
    return contact


def _eerder_met_sleutel(
    sleutel: uuid.UUID | None, traject: Traject, casemanager: Casemanager
) -> Contactmoment | None:
    """The contact already logged with this key (a second submit of the same form)."""
    if sleutel is None:
        return None
    eerder = Contactmoment.objects.filter(idempotentie_sleutel=sleutel).first()
    if eerder is not None and (
        eerder.traject_id != traject.pk or eerder.casemanager_id != casemanager.pk
    ):
        raise ValidationError(
            _("Dit formulier is al gebruikt. Open het opnieuw en vul het nog eens in.")
        )
    return eerder


def _in_zorg_nemen_bij_eerste_contact(traject: Traject, contact: Contactmoment, user: User):
    """The first contact of the traject's own casemanager with the client (or an earlier one
    entered later) starts the traject and stops the waitlist clock on its date."""
    aanmelding = traject.aanmelding
    is_first = (
        traject.is_open
        and contact.casemanager_id == traject.casemanager_id
        and MetWie.CLIENT in contact.met_wie
        and (aanmelding.eerste_contact_op is None or contact.datum < aanmelding.eerste_contact_op)
    )
    if not is_first:
        return
    aanmelding = _locked_aanmelding(aanmelding)
    aanmelding.eerste_contact_op = contact.datum
    _save(aanmelding, user)
    traject.startdatum = max(contact.datum, traject.toegewezen_op)
    _save(traject, user)


@transaction.atomic
def traject_set_intensiteit(
    *,
    actor: Actor,
    traject: Traject,
    intensiteit: str,
    datum: dt.date | None = None,
) -> Traject:
    """Scale up or down; the same casemanager stays, the change is kept with its date."""
    require(can_manage_traject(actor.user, _locked_traject(traject)))
    return _traject_set_intensiteit(
        actor=actor, traject=traject, intensiteit=intensiteit, datum=datum
    )


@transaction.atomic
def _traject_set_intensiteit(
    *,
    actor: Actor,
    traject: Traject,
    intensiteit: str,
    datum: dt.date | None = None,
) -> Traject:
    """The write of ``traject_set_intensiteit`` without the caller's right check: for callers
    that checked their own right (the providers' delivery, casemanagement.aanlevering)."""
    traject = _locked_traject(traject)
    datum = datum or _today()
    if intensiteit == traject.intensiteit:
        raise ValidationError({"intensiteit": _("Het traject heeft deze intensiteit al.")})
    traject.intensiteit = intensiteit
    _save(traject, actor.user)
    IntensiteitWijziging.objects.create(
        traject=traject, datum=datum, intensiteit=intensiteit, door=actor.user
    )
    _log(actor, AccessAction.WIJZIGEN, traject, traject.client_id)
    return traject


@transaction.atomic
def traject_close(
    *,
    actor: Actor,
    traject: Traject,
    datum: dt.date,
    reden: str,
    nazorg_dagen: int | None = None,
) -> Traject:
    """End the traject with a reason. After opname or overlijden, nazorg for the carer runs for
    a set period (default 3 months). A traject that never started ends the waitlist too."""
    require(can_manage_traject(actor.user, _locked_traject(traject)))
    return _traject_close(
        actor=actor, traject=traject, datum=datum, reden=reden, nazorg_dagen=nazorg_dagen
    )


@transaction.atomic
def _traject_close(
    *,
    actor: Actor,
    traject: Traject,
    datum: dt.date,
    reden: str,
    nazorg_dagen: int | None = None,
) -> Traject:
    """The write of ``traject_close`` without the caller's right check: for callers that
    checked their own right (the providers' delivery, casemanagement.aanlevering)."""
    traject = _locked_traject(traject)
    _check_event_date(datum, "datum")
    if datum < (traject.startdatum or traject.toegewezen_op):
        raise ValidationError(
            {"datum": _("Het traject kan niet eindigen voor het begon of werd toegewezen.")}
        )
    traject.einddatum = datum
    traject.eindreden = reden
    dagen = NAZORG_STANDAARD.get(reden, 0) if nazorg_dagen is None else nazorg_dagen
    traject.nazorg_tot = datum + dt.timedelta(days=dagen) if dagen else None
    _save(traject, actor.user)
    if traject.startdatum is None:
        aanmelding = _locked_aanmelding(traject.aanmelding)
        if aanmelding.is_wachtend:
            aanmelding.afgemeld_op = datum
            aanmelding.afmeldreden = AFMELDREDEN_BIJ_EINDE[reden]
            _save(aanmelding, actor.user)
    _set_fase(actor.user, traject.client_id, reden)
    _log(actor, AccessAction.WIJZIGEN, traject, traject.client_id)
    return traject


@transaction.atomic
def meting_add(
    *,
    actor: Actor,
    traject: Traject,
    datum: dt.date,
    type: str,
    score: Decimal | None = None,
    volhoudtijd: str = "",
) -> Meting:
    require(can_add_to_traject(actor.user, traject))
    return _meting_add(
        actor=actor,
        traject=traject,
        datum=datum,
        type=type,
        score=score,
        volhoudtijd=volhoudtijd,
    )


def _meting_waarde(type: str, score: Decimal | None, volhoudtijd: str) -> tuple:
    """A score, or a Volhoudtijd category for ``volhoudtijd``: never both."""
    if type == MetingType.VOLHOUDTIJD:
        if not volhoudtijd:
            raise ValidationError({"volhoudtijd": _("Kies hoe lang de mantelzorger het volhoudt.")})
        return None, volhoudtijd
    if score is None:
        raise ValidationError({"score": _("Vul de score in.")})
    return score, ""


@transaction.atomic
def _meting_add(
    *,
    actor: Actor,
    traject: Traject,
    datum: dt.date,
    type: str,
    score: Decimal | None = None,
    volhoudtijd: str = "",
) -> Meting:
    """``meting_add`` without the right check, for a caller that checked its own right
    (the providers' delivery, casemanagement.aanlevering)."""
    _check_event_date(datum, "datum")
    score, volhoudtijd = _meting_waarde(type, score, volhoudtijd)
    meting = _save(
        Meting(
            traject=traject,
            datum=datum,
            type=type,
            score=score,
            volhoudtijd=volhoudtijd,
            door=actor.user,
        ),
        actor.user,
    )
    _log(actor, AccessAction.AANMAKEN, meting, traject.client_id)
    return meting


@transaction.atomic
def metingen_add(
    *,
    actor: Actor,
    traject: Traject,
    datum: dt.date,
    waarden: Mapping[str, Decimal | str | None],
) -> list[Meting]:
    """The outcome measurements taken together (the four uitkomstmaten at intake and every
    6 months), in one go: ``waarden`` holds a score per instrument (a Volhoudtijd category for
    ``volhoudtijd``); the empty ones were not measured. All or nothing: every refusal comes
    back at once, named by instrument, so a form shows each beside its field."""
    traject = _locked_traject(traject)
    require(can_add_to_traject(actor.user, traject))
    _check_event_date(datum, "datum")
    metingen = []
    for type_ in MetingType:
        waarde = waarden.get(type_.value)
        if waarde in (None, ""):
            continue
        if type_ == MetingType.VOLHOUDTIJD:
            meting = Meting(traject=traject, datum=datum, type=type_, volhoudtijd=waarde)
        else:
            meting = Meting(traject=traject, datum=datum, type=type_, score=waarde)
        meting.door = actor.user
        metingen.append(meting)
    if not metingen:
        raise ValidationError(_("Vul ten minste één uitkomstmaat in."), code="geen_meting")
    fouten: dict[str, list[str]] = {}
    for meting in metingen:
        try:
            meting.full_clean(exclude=["traject", "door"])
        except ValidationError as error:
            fouten[meting.type] = [m for ms in error.message_dict.values() for m in ms]
    if fouten:
        raise ValidationError(fouten)
    for meting in metingen:
        _save(meting, actor.user)
        _log(actor, AccessAction.AANMAKEN, meting, traject.client_id)
    return metingen


@transaction.atomic
def _meting_correct(
    *,
    actor: Actor,
    meting: Meting,
    datum: dt.date,
    score: Decimal | None = None,
    volhoudtijd: str = "",
) -> Meting:
    """Correct a measurement's date and value (its instrument stays). No page offers this
    yet; the providers' delivery uses it when a provider redelivers a changed measurement,
    after checking its own right."""
    meting = Meting.objects.select_for_update().select_related("traject").get(pk=meting.pk)
    _check_event_date(datum, "datum")
    meting.datum = datum
    meting.score, meting.volhoudtijd = _meting_waarde(meting.type, score, volhoudtijd)
    _save(meting, actor.user)
    _log(actor, AccessAction.WIJZIGEN, meting, meting.traject.client_id)
    return meting
