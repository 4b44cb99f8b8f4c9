"""Indications: only valid when set or co-signed by a verpleegkundige (rule 4)."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import AccessAction

from ..models import (
    Casemanager,
    Indicatie,
    Traject,
)
from ..permissions import can_cosign, can_indicate
from ._common import (
    _locked_traject,
    _log,
    _save,
)
from .notificaties import casemanager_notify_cosign_requested

logger = logging.getLogger(__name__)


@transaction.atomic
def indicatie_create(
    *,
    actor: Actor,
    traject: Traject,
    opgesteld_door: Casemanager,
    uren: Decimal,
    periode_van: dt.date,
    periode_tot: dt.date,
    medeondertekening_door: Casemanager | None = None,
) -> Indicatie:
    """A verpleegkundige sets a valid indication; a sociaal-werk casemanager prepares one and
    asks a verpleegkundige to co-sign it (rule 4)."""
    traject = _locked_traject(traject)
    require(can_indicate(actor.user, traject, opgesteld_door))
    if not opgesteld_door.is_verpleegkundige:
        if medeondertekening_door is None:
            raise ValidationError(
                {
                    "medeondertekening_door": _(
                        "Een indicatie van een casemanager met achtergrond sociaal werk is pas "
                        "geldig na medeondertekening. Kies de verpleegkundige die meetekent."
                    )
                }
            )
        _check_cosigner(medeondertekening_door, traject, opgesteld_door, "medeondertekening_door")
    else:
        medeondertekening_door = None
    indicatie = _save(
        Indicatie(
            traject=traject,
            uren=uren,
            periode_van=periode_van,
            periode_tot=periode_tot,
            opgesteld_door=opgesteld_door,
            medeondertekening_door=medeondertekening_door,
        ),
        actor.user,
    )
    _log(actor, AccessAction.AANMAKEN, indicatie, traject.client_id)
    casemanager_notify_cosign_requested(actor=actor, indicatie=indicatie)
    return indicatie


def _check_cosigner(
    cosigner: Casemanager, traject: Traject, author: Casemanager, field: str
) -> None:
    if not cosigner.is_verpleegkundige:
        raise ValidationError(
            {field: _("Alleen een verpleegkundige kan een indicatie medeondertekenen.")}
        )
    if cosigner.pk == author.pk:
        raise ValidationError({field: _("De opsteller kan niet zelf medeondertekenen.")})
    if cosigner.netwerk_id != traject.netwerk_id or not cosigner.actief:
        raise ValidationError({field: _("Deze verpleegkundige werkt niet (meer) in dit netwerk.")})


@transaction.atomic
def indicatie_cosign(
    *,
    actor: Actor,
    indicatie: Indicatie,
    door: Casemanager | None,
) -> Indicatie:
    """Co-sign an indication: only the verpleegkundige it was asked of (rule 4)."""
    indicatie = (
        Indicatie.objects.select_for_update()
        .select_related("traject", "opgesteld_door")
        .get(pk=indicatie.pk)
    )
    require(can_cosign(actor.user, indicatie))
    if indicatie.medeondertekend_door_id is not None or indicatie.opgesteld_door.is_verpleegkundige:
        raise ValidationError(_("Deze indicatie is al geldig."))
    if door is None or door.pk != indicatie.medeondertekening_door_id:
        raise ValidationError(
            _(
                "Alleen de verpleegkundige aan wie het gevraagd is, kan deze indicatie "
                "medeondertekenen."
            )
        )
    _check_cosigner(door, indicatie.traject, indicatie.opgesteld_door, "door")
    indicatie.medeondertekend_door = door
    indicatie.medeondertekend_op = timezone.now()
    _save(indicatie, actor.user)
    _log(actor, AccessAction.WIJZIGEN, indicatie, indicatie.traject.client_id)
    return indicatie
