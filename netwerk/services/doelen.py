"""Writes of a plan's goals: doelen, their indicatoren with a target per year
(streefwaarden), and the measured values (realisaties)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.actor import Actor

from ..models import Doel, Indicator, Meerjarenplan, PlanStatus, Realisatie, Streefwaarde
from ._common import _require_change, _save, _update
from .plannen import _ensure_editable, _locked_status


@transaction.atomic
def doel_create(
    *, plan: Meerjarenplan, actor: Actor, titel: str, omschrijving: str = "", onderwerp: str = ""
) -> Doel:
    _require_change(actor, plan.netwerk_id)
    _ensure_editable(plan)
    return _save(
        Doel(plan=plan, titel=titel, omschrijving=omschrijving, onderwerp=onderwerp), actor.user
    )


@transaction.atomic
def doel_update(*, doel: Doel, actor: Actor, **fields) -> Doel:
    _require_change(actor, doel.plan.netwerk_id)
    _ensure_editable(doel.plan)
    return _update(doel, actor.user, **fields)


@transaction.atomic
def doel_delete(*, doel: Doel, actor: Actor) -> None:
    _require_change(actor, doel.plan.netwerk_id)
    _ensure_editable(doel.plan)
    doel._history_user = actor.user
    doel.delete()


@transaction.atomic
def indicator_create(
    *,
    doel: Doel,
    actor: Actor,
    naam: str,
    eenheid: str,
    basiswaarde: Decimal,
    hoger_is_beter: bool = True,
    streefwaarden: dict[int, Decimal] | None = None,
) -> Indicator:
    _require_change(actor, doel.plan.netwerk_id)
    _ensure_editable(doel.plan)
    indicator = _save(
        Indicator(
            doel=doel,
            naam=naam,
            eenheid=eenheid,
            basiswaarde=basiswaarde,
            hoger_is_beter=hoger_is_beter,
        ),
        actor.user,
    )
    streefwaarden_set(indicator=indicator, actor=actor, waarden=streefwaarden or {})
    return indicator


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, actor: Actor, streefwaarden: dict[int, Decimal] | None = None, **fields
) -> Indicator:
    _require_change(actor, indicator.doel.plan.netwerk_id)
    _ensure_editable(indicator.doel.plan)
    _update(indicator, actor.user, **fields)
    if streefwaarden is not None:
        streefwaarden_set(indicator=indicator, actor=actor, waarden=streefwaarden)
    return indicator


def streefwaarden_set(
    *, indicator: Indicator, actor: Actor, waarden: dict[int, Decimal | None]
) -> None:
    """Set the target per year (None removes it). Years outside the plan are refused."""
    _require_change(actor, indicator.doel.plan.netwerk_id)
    plan = indicator.doel.plan
    _ensure_editable(plan)
    for jaar, waarde in waarden.items():
        if jaar not in plan.jaren:
            raise ValidationError(
                _("%(jaar)s valt buiten de looptijd van het plan.") % {"jaar": jaar}
            )
        existing = indicator.streefwaarden.filter(jaar=jaar).first()
        if waarde is None:
            if existing:
                existing._history_user = actor.user
                existing.delete()
        elif existing:
            _update(existing, actor.user, waarde=waarde)
        else:
            _save(Streefwaarde(indicator=indicator, jaar=jaar, waarde=waarde), actor.user)


@transaction.atomic
def realisatie_add(
    *, indicator: Indicator, actor: Actor, datum: dt.date, waarde: Decimal, toelichting: str = ""
) -> Realisatie:
    """Record a measured value. Allowed on concept and vastgesteld plans (progress is measured
    against the adopted plan), not on replaced ones."""
    _require_change(actor, indicator.doel.plan.netwerk_id)
    if _locked_status(indicator.doel.plan_id) == PlanStatus.VERVANGEN:
        raise ValidationError(_("Dit plan is vervangen; leg realisaties vast in de nieuwe versie."))
    return _save(
        Realisatie(indicator=indicator, datum=datum, waarde=waarde, toelichting=toelichting),
        actor.user,
    )
