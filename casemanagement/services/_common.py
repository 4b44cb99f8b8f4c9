"""What the casemanagement services share: saving with history, the access-log row, the
locked rows they change, the dates and the rules every write checks."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor
from accounts.dates import check_field, validate_event_date
from accounts.models import AccessLogEntry, AccessOutcome, User
from accounts.services import access_log_record
from netwerk.models import Gemeente, Netwerk, Organisatie
from netwerk.selectors import (
    is_casemanagement_aanbieder,
    netwerk_for_gemeente,
)

from ..models import (
    Aanmelding,
    Afmeldreden,
    Client,
    Eindreden,
    Fase,
    Traject,
)

logger = logging.getLogger(__name__)


NAZORG_STANDAARD = {Eindreden.OPNAME: 92, Eindreden.OVERLIJDEN: 92}


FASE_BIJ_EINDE = {
    Eindreden.OPNAME: Fase.OPNAME,
    Eindreden.OVERLIJDEN: Fase.OVERLEDEN,
    Eindreden.VERHUIZING: Fase.VERHUISD,
    Eindreden.AFZIEN: Fase.AFGEZIEN,
}


AFMELDREDEN_BIJ_EINDE = {
    Eindreden.OPNAME: Afmeldreden.OPNAME,
    Eindreden.OVERLIJDEN: Afmeldreden.OVERLIJDEN,
    Eindreden.VERHUIZING: Afmeldreden.VERHUIZING,
    Eindreden.AFZIEN: Afmeldreden.AFZIEN,
    Eindreden.HUISARTS: Afmeldreden.ANDERS,
}


def _log(request: HttpRequest | None, user: User, action: str, obj: Model, client_id: int) -> None:
    access_log_record(
        request=request,
        user=user,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        client_id=client_id,
    )


def _log_actor(actor: Actor, action: str, obj: Model, client_id: int) -> None:
    """The access-log row of a service that takes an ``actor``: who, in which role, from
    where (the request's address and path travel in the actor)."""
    membership = actor.membership
    AccessLogEntry.objects.create(
        user=actor.user,
        role=actor.role,
        membership_id=membership.pk if membership is not None else None,
        client_id=client_id,
        action=action,
        object_type=obj._meta.model_name,
        object_id=str(obj.pk)[:64],
        path=actor.path,
        ip_address=actor.ip_address,
        outcome=AccessOutcome.TOEGESTAAN,
    )


def _save(instance: Model, user: User | None) -> Model:
    instance.full_clean()
    instance._history_user = user
    instance.save()
    return instance


def _today() -> dt.date:
    return timezone.localdate()


def _check_event_date(datum: dt.date, field: str) -> None:
    check_field(field, validate_event_date, datum)


def netwerk_of(gemeente: Gemeente, peildatum: dt.date) -> Netwerk:
    netwerk = netwerk_for_gemeente(gemeente, peildatum)
    if netwerk is None:
        raise ValidationError(
            {"gemeente": _("Deze gemeente hoort bij geen enkel netwerk. Vraag de beheerder.")}
        )
    return netwerk


def _check_aanbieder(netwerk: Netwerk, organisatie: Organisatie | None, datum: dt.date) -> None:
    if organisatie is not None and not is_casemanagement_aanbieder(
        netwerk_id=netwerk.pk, organisatie_id=organisatie.pk, peildatum=datum
    ):
        raise ValidationError(
            {
                "organisatie": _(
                    "%(org)s levert geen casemanagement in %(netwerk)s: alleen aangesloten "
                    "aanbieders kunnen aanmeldingen ontvangen."
                )
                % {"org": organisatie, "netwerk": netwerk}
            }
        )


def _locked_aanmelding(aanmelding: Aanmelding) -> Aanmelding:
    return (
        Aanmelding.objects.select_for_update(of=("self",))
        .select_related("client", "netwerk")
        .get(pk=aanmelding.pk)
    )


def _ensure_waiting(aanmelding: Aanmelding) -> None:
    if not aanmelding.is_wachtend:
        raise ValidationError(_("Deze aanmelding staat niet meer op de wachtlijst."))


def _locked_traject(traject: Traject, *, nazorg_on: dt.date | None = None) -> Traject:
    """The traject row locked (only that row, not the joined ones). Refused when closed,
    unless ``nazorg_on`` falls within the nazorg period for the carer."""
    locked = (
        Traject.objects.select_for_update(of=("self",))
        .select_related("casemanager", "aanmelding", "client", "netwerk")
        .get(pk=traject.pk)
    )
    in_nazorg = nazorg_on is not None and locked.nazorg_tot and nazorg_on <= locked.nazorg_tot
    if not locked.is_open and not in_nazorg:
        raise ValidationError(_("Dit traject is afgesloten."))
    return locked


def _set_fase(user: User, client_id: int, eindreden: str | None) -> None:
    """After opname, overlijden, verhuizing or afzien the client's fase follows."""
    if eindreden not in FASE_BIJ_EINDE:
        return
    client = Client.objects.select_for_update().get(pk=client_id)
    client.fase = FASE_BIJ_EINDE[eindreden]
    client.wlz_indicatie = client.wlz_indicatie or eindreden == Eindreden.OPNAME
    _save(client, user)


def _eindreden_for(afmeldreden: str) -> str:
    for eindreden, reden in AFMELDREDEN_BIJ_EINDE.items():
        if reden == afmeldreden and eindreden != Eindreden.HUISARTS:
            return eindreden
    return Eindreden.AFZIEN
