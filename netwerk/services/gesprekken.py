"""Writes of the voortgangsgesprekken (the yearly progress meeting of a network with its
preferente zorgverzekeraar) and the afspraken made in them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User

from ..models import Afspraak, Netwerk, Voortgangsgesprek
from ._common import _save, _update


@transaction.atomic
def voortgangsgesprek_create(
    *,
    netwerk: Netwerk,
    user: User,
    datum: dt.date,
    deelnemers: str,
    samenvatting: str = "",
    zorgverzekeraar=None,
) -> Voortgangsgesprek:
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
        user,
    )


@transaction.atomic
def voortgangsgesprek_update(
    *, gesprek: Voortgangsgesprek, user: User, **fields
) -> Voortgangsgesprek:
    return _update(gesprek, user, **fields)


@transaction.atomic
def afspraak_create(
    *,
    gesprek: Voortgangsgesprek,
    user: User,
    omschrijving: str,
    eigenaar: str,
    opvolgdatum: dt.date | None = None,
) -> Afspraak:
    return _save(
        Afspraak(
            gesprek=gesprek, omschrijving=omschrijving, eigenaar=eigenaar, opvolgdatum=opvolgdatum
        ),
        user,
    )


@transaction.atomic
def afspraak_update(*, afspraak: Afspraak, user: User, **fields) -> Afspraak:
    return _update(afspraak, user, **fields)
