"""Writes of the meerjarenplan: its sections, the workflow concept -> ingediend -> vastgesteld
(-> vervangen by a new version), and its jaarplannen with their actions.

A plan is edited only while it is bewerkbaar (concept); the plan's row is locked while a
change checks that, so a concurrent workflow step waits for the change or sees its result.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import Role, User
from accounts.services import notificatie_send

from ..models import (
    REQUIRED_ONDERWERPEN,
    Actie,
    Doel,
    Indicator,
    Jaarplan,
    Meerjarenplan,
    Netwerk,
    Onderwerp,
    PlanBeoordeling,
    PlanSectie,
    PlanStatus,
    Realisatie,
    Streefwaarde,
)
from ..permissions import is_preferent_for
from ..selectors import coordinator_users
from ._common import _require_change, _save, _update


class PlanNotEditable(ValidationError):
    def __init__(self, plan: Meerjarenplan):
        super().__init__(
            _(
                "Dit plan is %(status)s en kan niet meer worden gewijzigd. Maak een nieuwe "
                "versie om het aan te passen."
            )
            % {"status": plan.get_status_display().lower()},
            code="plan_niet_bewerkbaar",
        )


def _locked_status(plan_id: int) -> str:
    """The plan's status as stored, locking its row so a concurrent workflow step (submit,
    adopt) waits for this change or this change sees its result."""
    return (
        Meerjarenplan.objects.select_for_update().values_list("status", flat=True).get(pk=plan_id)
    )


def _ensure_editable(plan: Meerjarenplan) -> None:
    plan.status = _locked_status(plan.pk)
    if not plan.is_bewerkbaar:
        raise PlanNotEditable(plan)


# --- The plan and its sections -------------------------------------------------------------


@transaction.atomic
def meerjarenplan_create(
    *, netwerk: Netwerk, actor: Actor, titel: str, startjaar: int, eindjaar: int
) -> Meerjarenplan:
    """A new concept plan with an empty section per required topic and a jaarplan per year."""
    _require_change(actor, netwerk.pk)
    plan = Meerjarenplan(netwerk=netwerk, titel=titel, startjaar=startjaar, eindjaar=eindjaar)
    versions = Meerjarenplan.objects.filter(netwerk=netwerk).order_by("-versie")
    last = versions.first()
    plan.versie = last.versie + 1 if last else 1
    _save(plan, actor.user)
    for volgorde, onderwerp in enumerate(REQUIRED_ONDERWERPEN):
        _save(PlanSectie(plan=plan, onderwerp=onderwerp, volgorde=volgorde), actor.user)
    for jaar in plan.jaren:
        _save(Jaarplan(plan=plan, jaar=jaar), actor.user)
    return plan


@transaction.atomic
def meerjarenplan_update(*, plan: Meerjarenplan, actor: Actor, **fields) -> Meerjarenplan:
    _require_change(actor, plan.netwerk_id)
    plan = Meerjarenplan.objects.select_for_update().get(pk=plan.pk)
    _ensure_editable(plan)
    _update(plan, actor.user, **fields)
    existing = set(plan.jaarplannen.values_list("jaar", flat=True))
    for jaar in plan.jaren:
        if jaar not in existing:
            _save(Jaarplan(plan=plan, jaar=jaar), actor.user)
    return plan


@transaction.atomic
def plansectie_update(
    *, sectie: PlanSectie, actor: Actor, tekst: str, titel: str | None = None
) -> PlanSectie:
    _require_change(actor, sectie.plan.netwerk_id)
    _ensure_editable(sectie.plan)
    fields = {"tekst": tekst}
    if titel is not None and not sectie.is_verplicht:
        fields["titel"] = titel
    return _update(sectie, actor.user, **fields)


@transaction.atomic
def plansectie_add(*, plan: Meerjarenplan, actor: Actor, titel: str, tekst: str = "") -> PlanSectie:
    """An extra (non-required) section."""
    _require_change(actor, plan.netwerk_id)
    _ensure_editable(plan)
    volgorde = plan.secties.count()
    return _save(
        PlanSectie(
            plan=plan, onderwerp=Onderwerp.OVERIG, titel=titel, tekst=tekst, volgorde=volgorde
        ),
        actor.user,
    )


@transaction.atomic
def plansectie_delete(*, sectie: PlanSectie, actor: Actor) -> None:
    _require_change(actor, sectie.plan.netwerk_id)
    _ensure_editable(sectie.plan)
    if sectie.is_verplicht:
        raise ValidationError(_("Een verplicht onderwerp kan niet worden verwijderd."))
    sectie._history_user = actor.user
    sectie.delete()


def missing_required_topics(plan: Meerjarenplan) -> list[str]:
    """Labels of the required topics that are absent or have no text."""
    filled = {
        sectie.onderwerp
        for sectie in plan.secties.all()
        if sectie.is_verplicht and sectie.tekst.strip()
    }
    return [str(onderwerp.label) for onderwerp in REQUIRED_ONDERWERPEN if onderwerp not in filled]


# --- Workflow ------------------------------------------------------------------------------


@transaction.atomic
def meerjarenplan_submit(*, plan: Meerjarenplan, actor: Actor) -> Meerjarenplan:
    """concept -> ingediend. Refused while any required topic is empty, naming the topics."""
    _require_change(actor, plan.netwerk_id)
    plan = Meerjarenplan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.CONCEPT:
        raise ValidationError(_("Alleen een concept kan worden ingediend."))
    missing = missing_required_topics(plan)
    if missing:
        raise ValidationError(
            _(
                "Het plan kan nog niet worden ingediend. "
                "Deze verplichte onderwerpen zijn leeg: %(onderwerpen)s."
            )
            % {"onderwerpen": "; ".join(missing)},
            code="verplicht_onderwerp_leeg",
        )
    plan = _update(
        plan,
        actor.user,
        status=PlanStatus.INGEDIEND,
        ingediend_op=timezone.now(),
        beoordeling=PlanBeoordeling.GEEN,
        beoordeling_toelichting="",
        beoordeeld_op=None,
        beoordeeld_door=None,
    )
    _notify_preferente_verzekeraar(plan)
    return plan


def _notify_preferente_verzekeraar(plan: Meerjarenplan) -> None:
    """A submitted plan goes to the network's preferente zorgverzekeraar, who agrees or
    comments (docs/decisions/0019)."""
    netwerk = plan.netwerk
    if netwerk.preferente_zorgverzekeraar_id is None:
        return
    users = User.objects.filter(
        memberships__rol=Role.VERZEKERAAR,
        memberships__actief=True,
        memberships__zorgverzekeraar_id=netwerk.preferente_zorgverzekeraar_id,
    ).distinct()
    notificatie_send(
        users=users,
        titel=_("Meerjarenplan ingediend: %(netwerk)s") % {"netwerk": netwerk.naam},
        tekst=_(
            "Het netwerk heeft zijn meerjarenplan ingediend. Geef uw akkoord of uw opmerkingen; "
            "pas na uw akkoord kan het netwerk het plan vaststellen."
        ),
        url=reverse("netwerk:plan_detail", args=[plan.pk]),
    )


@transaction.atomic
def meerjarenplan_beoordelen(
    *, plan: Meerjarenplan, actor: Actor, beoordeling: str, toelichting: str = ""
) -> Meerjarenplan:
    """The preferente zorgverzekeraar answers a submitted plan: ``akkoord`` (the coordinator
    may then adopt it) or ``opmerkingen`` (a toelichting is required; the coordinator takes
    it back to concept, changes it and submits again). The network's coordinators are told.
    Only the network's preferente zorgverzekeraar answers (``permissions.is_preferent_for``);
    every other plan state is refused with a message."""
    plan = Meerjarenplan.objects.select_for_update().select_related("netwerk").get(pk=plan.pk)
    require(is_preferent_for(actor.user, plan.netwerk))
    if plan.status != PlanStatus.INGEDIEND:
        raise ValidationError(_("Alleen een ingediend plan kan worden beoordeeld."))
    if beoordeling not in (PlanBeoordeling.AKKOORD, PlanBeoordeling.OPMERKINGEN):
        raise ValidationError(_("Kies akkoord of opmerkingen."))
    toelichting = toelichting.strip()
    if beoordeling == PlanBeoordeling.OPMERKINGEN and not toelichting:
        raise ValidationError(
            {"toelichting": _("Schrijf uw opmerkingen op, zodat het netwerk ze kan verwerken.")}
        )
    plan = _update(
        plan,
        actor.user,
        beoordeling=beoordeling,
        beoordeling_toelichting=toelichting,
        beoordeeld_op=timezone.now(),
        beoordeeld_door=actor.user,
    )
    notificatie_send(
        users=coordinator_users(plan.netwerk_id),
        titel=(
            _("Akkoord op het meerjarenplan")
            if beoordeling == PlanBeoordeling.AKKOORD
            else _("Opmerkingen op het meerjarenplan")
        ),
        tekst=(
            _("De preferente zorgverzekeraar gaat akkoord. U kunt het plan nu vaststellen.")
            if beoordeling == PlanBeoordeling.AKKOORD
            else _(
                "De preferente zorgverzekeraar heeft opmerkingen. Zet het plan terug naar "
                "concept, verwerk ze en dien het opnieuw in."
            )
        ),
        url=reverse("netwerk:plan_detail", args=[plan.pk]),
    )
    return plan


@transaction.atomic
def meerjarenplan_withdraw(*, plan: Meerjarenplan, actor: Actor) -> Meerjarenplan:
    """ingediend -> concept, to change it after comments."""
    _require_change(actor, plan.netwerk_id)
    plan = Meerjarenplan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.INGEDIEND:
        raise ValidationError(_("Alleen een ingediend plan kan worden teruggezet naar concept."))
    return _update(plan, actor.user, status=PlanStatus.CONCEPT, ingediend_op=None)


@transaction.atomic
def meerjarenplan_adopt(*, plan: Meerjarenplan, actor: Actor, op: dt.date) -> Meerjarenplan:
    """ingediend -> vastgesteld; the network's previous vastgesteld plan becomes vervangen."""
    _require_change(actor, plan.netwerk_id)
    plan = Meerjarenplan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.INGEDIEND:
        raise ValidationError(_("Alleen een ingediend plan kan worden vastgesteld."))
    if plan.beoordeling != PlanBeoordeling.AKKOORD:
        raise ValidationError(
            _(
                "Het plan kan pas worden vastgesteld als de preferente zorgverzekeraar akkoord "
                "is gegaan."
            ),
            code="geen_akkoord",
        )
    missing = missing_required_topics(plan)
    if missing:
        raise ValidationError(
            _("Verplichte onderwerpen zijn leeg: %(onderwerpen)s.")
            % {"onderwerpen": "; ".join(missing)}
        )
    previous = (
        Meerjarenplan.objects.select_for_update()
        .filter(netwerk_id=plan.netwerk_id, status=PlanStatus.VASTGESTELD)
        .first()
    )
    if previous is not None:
        _update(previous, actor.user, status=PlanStatus.VERVANGEN)
    return _update(
        plan,
        actor.user,
        status=PlanStatus.VASTGESTELD,
        vastgesteld_op=op,
        vastgesteld_door=actor.user,
    )


@transaction.atomic
def meerjarenplan_new_version(*, plan: Meerjarenplan, actor: Actor) -> Meerjarenplan:
    """A concept copy of a vastgesteld plan (sections, goals, indicators, targets, realisations,
    jaarplannen with actions); the original stays vastgesteld until the copy is adopted."""
    _require_change(actor, plan.netwerk_id)
    plan = Meerjarenplan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.VASTGESTELD:
        raise ValidationError(
            _("Alleen van een vastgesteld plan kan een nieuwe versie worden gemaakt.")
        )
    if Meerjarenplan.objects.filter(
        netwerk_id=plan.netwerk_id, status__in=[PlanStatus.CONCEPT, PlanStatus.INGEDIEND]
    ).exists():
        raise ValidationError(_("Er is al een nieuwe versie in bewerking."))
    last = Meerjarenplan.objects.filter(netwerk_id=plan.netwerk_id).order_by("-versie").first()
    copy = _save(
        Meerjarenplan(
            netwerk_id=plan.netwerk_id,
            titel=plan.titel,
            startjaar=plan.startjaar,
            eindjaar=plan.eindjaar,
            versie=last.versie + 1,
            vorige_versie=plan,
        ),
        actor.user,
    )
    _copy_secties(plan, copy, actor.user)
    _copy_jaarplannen(plan, copy, actor.user)
    _copy_doelen(plan, copy, actor.user)
    return copy


def _copy_secties(plan: Meerjarenplan, copy: Meerjarenplan, user: User) -> None:
    for sectie in plan.secties.all():
        _save(
            PlanSectie(
                plan=copy,
                onderwerp=sectie.onderwerp,
                titel=sectie.titel,
                tekst=sectie.tekst,
                volgorde=sectie.volgorde,
            ),
            user,
        )


def _copy_jaarplannen(plan: Meerjarenplan, copy: Meerjarenplan, user: User) -> None:
    for jaarplan in plan.jaarplannen.prefetch_related("acties"):
        new_jaarplan = _save(
            Jaarplan(plan=copy, jaar=jaarplan.jaar, toelichting=jaarplan.toelichting), user
        )
        for actie in jaarplan.acties.all():
            _save(
                Actie(
                    jaarplan=new_jaarplan,
                    omschrijving=actie.omschrijving,
                    eigenaar=actie.eigenaar,
                    deadline=actie.deadline,
                    status=actie.status,
                ),
                user,
            )


def _copy_doelen(plan: Meerjarenplan, copy: Meerjarenplan, user: User) -> None:
    for doel in plan.doelen.prefetch_related(
        "indicatoren__streefwaarden", "indicatoren__realisaties"
    ):
        new_doel = _save(
            Doel(
                plan=copy,
                titel=doel.titel,
                omschrijving=doel.omschrijving,
                onderwerp=doel.onderwerp,
            ),
            user,
        )
        for indicator in doel.indicatoren.all():
            _copy_indicator(indicator, new_doel, user)


def _copy_indicator(indicator: Indicator, new_doel: Doel, user: User) -> None:
    """The indicator with its targets and measured values (prefetched by the caller)."""
    new_indicator = _save(
        Indicator(
            doel=new_doel,
            naam=indicator.naam,
            eenheid=indicator.eenheid,
            basiswaarde=indicator.basiswaarde,
            hoger_is_beter=indicator.hoger_is_beter,
        ),
        user,
    )
    for streefwaarde in indicator.streefwaarden.all():
        _save(
            Streefwaarde(
                indicator=new_indicator, jaar=streefwaarde.jaar, waarde=streefwaarde.waarde
            ),
            user,
        )
    for realisatie in indicator.realisaties.all():
        _save(
            Realisatie(
                indicator=new_indicator,
                datum=realisatie.datum,
                waarde=realisatie.waarde,
                toelichting=realisatie.toelichting,
            ),
            user,
        )


# --- Jaarplan en acties --------------------------------------------------------------------


def _ensure_jaarplan_open(jaarplan: Jaarplan) -> None:
    if _locked_status(jaarplan.plan_id) == PlanStatus.VERVANGEN:
        raise ValidationError(_("Dit plan is vervangen; werk de acties bij in de nieuwe versie."))


@transaction.atomic
def actie_create(
    *,
    jaarplan: Jaarplan,
    actor: Actor,
    omschrijving: str,
    eigenaar: str,
    deadline: dt.date | None = None,
    status: str = "gepland",
) -> Actie:
    _require_change(actor, jaarplan.plan.netwerk_id)
    _ensure_jaarplan_open(jaarplan)
    return _save(
        Actie(
            jaarplan=jaarplan,
            omschrijving=omschrijving,
            eigenaar=eigenaar,
            deadline=deadline,
            status=status,
        ),
        actor.user,
    )


@transaction.atomic
def actie_update(*, actie: Actie, actor: Actor, **fields) -> Actie:
    _require_change(actor, actie.jaarplan.plan.netwerk_id)
    _ensure_jaarplan_open(actie.jaarplan)
    return _update(actie, actor.user, **fields)
