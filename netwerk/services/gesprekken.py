"""Writes of the voortgangsgesprekken (the yearly progress meeting of a network with its
preferente zorgverzekeraar) and the afspraken made in them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actor import Actor, require

from ..models import Afspraak, Netwerk, Voortgangsgesprek
from ..permissions import can_record_voortgangsgesprek
from ._common import _save, _update


@transaction.atomic
def voortgangsgesprek_create(
    *,
    netwerk: Netwerk,
    actor: Actor,
    datum: dt.date,
    deelnemers: str,
    samenvatting: str = "",
    zorgverzekeraar=None,
) -> Voortgangsgesprek:
    require(can_record_voortgangsgesprek(actor.user, netwerk))
    zorgverzekeraar = zorgverzekeraar or netwerk.preferente_zorgverzekeraar
    if zorgverzekeraar is None:
        raise ValidationError(_("Leg eerst de preferente zorgverzekeraar van het netwerk vast."))
    return _save(
        Voortgangsgesprek(
            netwerk=netwerk,
            zorgverzekeraar=zorgverzekeraar,
            datum=datum,
            deelnemers=deelnemers,
            samenvatting=samenvatting,
        ),
        actor.user,
    )


@transaction.atomic
def voortgangsgesprek_update(
    *, gesprek: Voortgangsgesprek, actor: Actor, **fields
) -> Voortgangsgesprek:
    require(can_record_voortgangsgesprek(actor.user, gesprek.netwerk))
    return _update(gesprek, actor.user, **fields)


@transaction.atomic
def afspraak_create(
    *,
    gesprek: Voortgangsgesprek,
    actor: Actor,
    omschrijving: str,
    eigenaar: str,
    opvolgdatum: dt.date | None = None,
) -> Afspraak:
    require(can_record_voortgangsgesprek(actor.user, gesprek.netwerk))
    return _save(
        Afspraak(
            gesprek=gesprek, omschrijving=omschrijving, eigenaar=eigenaar, opvolgdatum=opvolgdatum
        ),
        actor.user,
    )


@transaction.atomic
def afspraak_update(*, afspraak: Afspraak, actor: Actor, **fields) -> Afspraak:
    require(can_record_voortgangsgesprek(actor.user, afspraak.gesprek.netwerk))
    return _update(afspraak, actor.user, **fields)
