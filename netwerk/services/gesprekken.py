"""Writes of the voortgangsgesprekken (the yearly progress meeting of a network with its
preferente zorgverzekeraar) and the afspraken made in them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, require

from ..models import Afspraak, Netwerk, Voortgangsgesprek
from ..permissions import can_record_voortgangsgesprek
from ._common import _save, _update


def _check_gehouden_of_gepland(gesprek: Voortgangsgesprek) -> None:
    """A meeting dated after today is planned ("gepland"); one with a summary was held, and a
    held meeting is not dated in the future."""
    if gesprek.datum > timezone.localdate() and gesprek.samenvatting.strip():
        raise ValidationError(
            {
                "datum": _(
                    "Een gehouden gesprek ligt niet in de toekomst. Plant u het gesprek, laat "
                    "de samenvatting dan leeg en vul die in na het gesprek."
                )
            }
        )


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
    gesprek = Voortgangsgesprek(
        netwerk=netwerk,
        zorgverzekeraar=zorgverzekeraar,
        datum=datum,
        deelnemers=deelnemers,
        samenvatting=samenvatting,
    )
    _check_gehouden_of_gepland(gesprek)
    return _save(gesprek, actor.user)


@transaction.atomic
def voortgangsgesprek_update(
    *, gesprek: Voortgangsgesprek, actor: Actor, **fields
) -> Voortgangsgesprek:
    require(can_record_voortgangsgesprek(actor.user, gesprek.netwerk))
    for name, value in fields.items():
        setattr(gesprek, name, value)
    _check_gehouden_of_gepland(gesprek)
    return _update(gesprek, actor.user)


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
