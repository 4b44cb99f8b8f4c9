"""Assignment (toewijzing) and reassignment: a vaste casemanager within the caseload norm
(rule 2, the casemanager row locked while counting), only of affiliated providers (rule 3);
casemanager profiles; another casemanager, a transfer, a casemanager moving organisation."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import AccessAction, Role, User
from accounts.services import access_log_record
from netwerk.models import Gemeente, Membership, Organisatie
from netwerk.selectors import (
    is_casemanagement_aanbieder,
)

from ..models import (
    Aanmelding,
    Casemanager,
    CasemanagerWissel,
    Overdracht,
    ToewijzingOverride,
    Traject,
)
from ..permissions import can_assign, can_manage_casemanagers, can_reassign
from ._common import (
    _check_aanbieder,
    _check_event_date,
    _ensure_waiting,
    _locked_aanmelding,
    _locked_traject,
    _log,
    _save,
    _today,
)
from .notificaties import casemanager_notify_assigned

logger = logging.getLogger(__name__)


def check_casemanager_organisatie(*, netwerk_id: int, organisatie_id: int) -> None:
    """Rule 3 for a casemanager's profile: the organisation provides casemanagement in the
    network today. Checked when a profile changes, when an invitation is sent and again
    when it is accepted."""
    if not is_casemanagement_aanbieder(
        netwerk_id=netwerk_id, organisatie_id=organisatie_id, peildatum=_today()
    ):
        raise ValidationError(
            {
                "organisatie": _(
                    "Deze organisatie is niet aangesloten als aanbieder van casemanagement in dit "
                    "netwerk."
                )
            }
        )


@transaction.atomic
def casemanager_save(
    *, actor: Actor, casemanager: Casemanager, werkgebied: Iterable[Gemeente] | None = None
) -> Casemanager:
    """Change an existing casemanager profile. The organisation must provide casemanagement
    in the network (rule 3); the user gets the matching casemanager membership. A new
    profile comes only from an accepted invitation (services.uitnodigingen), which checks
    that the account may become a casemanager."""
    require(can_manage_casemanagers(actor.user, casemanager.netwerk_id))
    if casemanager.pk is None:
        raise ValueError("casemanager_save changes a profile; invite to create one")
    check_casemanager_organisatie(
        netwerk_id=casemanager.netwerk_id, organisatie_id=casemanager.organisatie_id
    )
    _save(casemanager, actor.user)
    if werkgebied is not None:
        casemanager.werkgebied.set(werkgebied)
    Membership.objects.get_or_create(
        user_id=casemanager.user_id,
        rol=Role.CASEMANAGER,
        netwerk_id=casemanager.netwerk_id,
        organisatie_id=casemanager.organisatie_id,
        defaults={"actief": True},
    )
    return casemanager


class CaseloadVol(ValidationError):
    """The casemanager has no free place; an explicit override with a reason is needed."""

    def __init__(self, casemanager: Casemanager, load: int, capaciteit: int):
        super().__init__(
            _(
                "%(cm)s heeft al %(load)s cliënten bij een norm van %(cap)s. Toewijzen boven de "
                "norm kan alleen met een reden, die wordt vastgelegd."
            )
            % {"cm": casemanager, "load": load, "cap": capaciteit},
            code="caseload_vol",
        )
        self.load = load
        self.capaciteit = capaciteit


def _record_override(
    traject: Traject, casemanager: Casemanager, load: int, capaciteit: int, reden: str, user: User
) -> None:
    """Log an assignment past the caseload norm (rule 2): who, why, at which load."""
    if load < capaciteit:
        return
    ToewijzingOverride.objects.create(
        traject=traject,
        casemanager=casemanager,
        caseload=load,
        capaciteit=capaciteit,
        reden=reden.strip(),
        door=user,
    )
    logger.info(
        "assignment_over_norm traject=%s casemanager=%s caseload=%s capaciteit=%s",
        traject.pk,
        casemanager.pk,
        load,
        capaciteit,
    )


def _claim_place(
    *, user: User, casemanager: Casemanager, override_reden: str
) -> tuple[Casemanager, int, int]:
    """Lock the casemanager row, then count: concurrent assignments to the same casemanager
    queue here, so only as many succeed as there are free places."""
    locked = (
        Casemanager.objects.select_for_update(of=("self",))
        .select_related("netwerk", "organisatie")
        .get(pk=casemanager.pk)
    )
    if not locked.actief:
        raise ValidationError({"casemanager": _("Deze casemanager is niet meer actief.")})
    load = locked.huidige_caseload()
    capaciteit = locked.capaciteit(locked.netwerk.caseload_norm)
    if load >= capaciteit and not override_reden.strip():
        raise CaseloadVol(locked, load, capaciteit)
    return locked, load, capaciteit


@transaction.atomic
def aanmelding_assign(
    *,
    actor: Actor,
    aanmelding: Aanmelding,
    casemanager: Casemanager,
    override_reden: str = "",
    op: dt.date | None = None,
    melden: bool = True,
) -> Traject:
    """Toewijzing: give a waiting aanmelding a vaste casemanager, creating the traject. The
    casemanager is told (``melden``; the import of running trajecten does not)."""
    require(can_assign(actor.user, _locked_aanmelding(aanmelding)))
    return _aanmelding_assign(
        actor=actor,
        aanmelding=aanmelding,
        casemanager=casemanager,
        override_reden=override_reden,
        op=op,
        melden=melden,
    )


@transaction.atomic
def _aanmelding_assign(
    *,
    actor: Actor,
    aanmelding: Aanmelding,
    casemanager: Casemanager,
    override_reden: str = "",
    op: dt.date | None = None,
    melden: bool = True,
) -> Traject:
    """The write of ``aanmelding_assign`` without the caller's right check: for callers that
    checked their own right (the providers' delivery, casemanagement.aanlevering)."""
    op = op or _today()
    aanmelding = _locked_aanmelding(aanmelding)
    _ensure_waiting(aanmelding)
    _check_event_date(op, "op")
    if op < aanmelding.datum:
        raise ValidationError({"op": _("De toewijzing ligt voor de datum van aanmelding.")})
    if Traject.objects.filter(aanmelding=aanmelding).exists():
        raise ValidationError(_("Deze aanmelding is al toegewezen."))
    if casemanager.netwerk_id != aanmelding.netwerk_id:
        raise ValidationError({"casemanager": _("Deze casemanager werkt niet in dit netwerk.")})
    _check_aanbieder(aanmelding.netwerk, casemanager.organisatie, op)
    locked, load, capaciteit = _claim_place(
        user=actor.user, casemanager=casemanager, override_reden=override_reden
    )
    traject = Traject(
        client=aanmelding.client,
        aanmelding=aanmelding,
        netwerk_id=aanmelding.netwerk_id,
        organisatie_id=locked.organisatie_id,
        casemanager=locked,
        toegewezen_op=op,
    )
    try:
        with transaction.atomic():
            traject.full_clean(validate_constraints=False)
            traject._history_user = actor.user
            traject.save()
    except IntegrityError as error:
        raise ValidationError(_("Deze cliënt heeft al een lopend traject.")) from error
    _record_override(traject, locked, load, capaciteit, override_reden, actor.user)
    aanmelding.toegewezen_op = op
    if aanmelding.organisatie_id is None:
        aanmelding.organisatie_id = locked.organisatie_id
    _save(aanmelding, actor.user)
    _log(actor, AccessAction.AANMAKEN, traject, aanmelding.client_id)
    if melden:
        casemanager_notify_assigned(actor=actor, traject=traject)
    return traject


@transaction.atomic
def traject_change_casemanager(
    *,
    actor: Actor,
    traject: Traject,
    casemanager: Casemanager,
    reden: str,
    override_reden: str = "",
) -> Traject:
    """Another casemanager of the same organisation, with a reason (continuity is the rule,
    a change the exception). A casemanager of another organisation: use traject_transfer."""
    traject = _locked_traject(traject)
    require(can_reassign(actor.user, traject))
    if casemanager.organisatie_id != traject.organisatie_id:
        raise ValidationError(
            {
                "casemanager": _(
                    "Deze casemanager werkt bij een andere organisatie. Draag het traject over "
                    "aan die organisatie; dan wordt de overdracht vastgelegd."
                )
            }
        )
    _change_casemanager(
        actor=actor,
        traject=traject,
        casemanager=casemanager,
        reden=reden,
        override_reden=override_reden,
    )
    _log(actor, AccessAction.WIJZIGEN, traject, traject.client_id)
    return traject


def _change_casemanager(
    *, actor: Actor, traject: Traject, casemanager: Casemanager, reden: str, override_reden: str
) -> None:
    """Give a locked traject another casemanager: reason required, norm checked, logged."""
    user = actor.user
    if not reden.strip():
        raise ValidationError({"reden": _("Geef de reden voor de wissel van casemanager.")})
    if casemanager.pk == traject.casemanager_id:
        raise ValidationError({"casemanager": _("Dit is al de casemanager van dit traject.")})
    if casemanager.netwerk_id != traject.netwerk_id:
        raise ValidationError({"casemanager": _("Deze casemanager werkt niet in dit netwerk.")})
    _check_aanbieder(traject.netwerk, casemanager.organisatie, _today())
    locked, load, capaciteit = _claim_place(
        user=user, casemanager=casemanager, override_reden=override_reden
    )
    CasemanagerWissel.objects.create(
        traject=traject,
        datum=_today(),
        van=traject.casemanager,
        naar=locked,
        reden=reden,
        door=user,
    )
    _record_override(traject, locked, load, capaciteit, override_reden, user)
    traject.casemanager = locked
    traject.organisatie_id = locked.organisatie_id
    _save(traject, user)
    casemanager_notify_assigned(actor=actor, traject=traject)


def _follow_not_started(traject: Traject, organisatie: Organisatie, user: User) -> None:
    """While the client waits for the first contact, the aanmelding (and with it the NZa
    waitlist of the provider) moves along with the traject."""
    if traject.startdatum is None:
        aanmelding = _locked_aanmelding(traject.aanmelding)
        aanmelding.organisatie = organisatie
        aanmelding.vestiging = None
        _save(aanmelding, user)


@transaction.atomic
def casemanager_move(
    *, actor: Actor, casemanager: Casemanager, naar_organisatie: Organisatie, reden: str
) -> int:
    """A casemanager moves to another provider (e.g. theirs stops) and takes their open
    trajecten along: the clients keep their own casemanager. Returns how many moved."""
    casemanager = Casemanager.objects.select_for_update(of=("self",)).get(pk=casemanager.pk)
    require(can_manage_casemanagers(actor.user, casemanager.netwerk_id))
    if naar_organisatie.pk == casemanager.organisatie_id:
        raise ValidationError({"organisatie": _("De casemanager werkt al bij deze organisatie.")})
    if not reden.strip():
        raise ValidationError({"reden": _("Geef de reden van de overgang.")})
    van = casemanager.organisatie
    casemanager.organisatie = naar_organisatie
    casemanager_save(actor=actor, casemanager=casemanager)
    # they act for the new organisation from now on, no longer for the old one
    Membership.objects.filter(
        user_id=casemanager.user_id,
        rol=Role.CASEMANAGER,
        netwerk_id=casemanager.netwerk_id,
        organisatie=van,
    ).update(actief=False)
    Membership.objects.filter(
        user_id=casemanager.user_id,
        rol=Role.CASEMANAGER,
        netwerk_id=casemanager.netwerk_id,
        organisatie=naar_organisatie,
    ).update(actief=True)
    moved = 0
    for traject in Traject.objects.select_for_update(of=("self",)).filter(
        casemanager=casemanager, einddatum__isnull=True
    ):
        Overdracht.objects.create(
            traject=traject,
            datum=_today(),
            van_organisatie=van,
            naar_organisatie=naar_organisatie,
            casemanager_behouden=True,
            reden=reden,
            door=actor.user,
        )
        traject.organisatie = naar_organisatie
        _save(traject, actor.user)
        _follow_not_started(traject, naar_organisatie, actor.user)
        access_log_record(
            actor=actor,
            action=AccessAction.WIJZIGEN,
            object_type="traject",
            object_id=traject.pk,
            client_id=traject.client_id,
        )
        moved += 1
    return moved


@transaction.atomic
def traject_transfer(
    *,
    actor: Actor,
    traject: Traject,
    naar_organisatie: Organisatie,
    reden: str,
    casemanager: Casemanager | None = None,
    override_reden: str = "",
) -> Traject:
    """Transfer one traject to another provider. The casemanager stays when they work for the
    new provider; otherwise a casemanager of the new provider takes over (with the reason)."""
    traject = _locked_traject(traject)
    require(can_reassign(actor.user, traject))
    if not reden.strip():
        raise ValidationError({"reden": _("Geef de reden van de overdracht.")})
    _check_aanbieder(traject.netwerk, naar_organisatie, _today())
    nieuwe = casemanager or traject.casemanager
    if nieuwe.organisatie_id != naar_organisatie.pk:
        raise ValidationError(
            {
                "casemanager": _(
                    "De huidige casemanager werkt niet bij %(org)s. Kies een casemanager van die "
                    "organisatie, of laat de casemanager eerst meeverhuizen."
                )
                % {"org": naar_organisatie}
            }
        )
    behouden = nieuwe.pk == traject.casemanager_id
    Overdracht.objects.create(
        traject=traject,
        datum=_today(),
        van_organisatie=traject.organisatie,
        naar_organisatie=naar_organisatie,
        casemanager_behouden=behouden,
        reden=reden,
        door=actor.user,
    )
    if not behouden:
        _change_casemanager(
            actor=actor,
            traject=traject,
            casemanager=nieuwe,
            reden=reden,
            override_reden=override_reden,
        )
    traject.organisatie = naar_organisatie
    _save(traject, actor.user)
    _follow_not_started(traject, naar_organisatie, actor.user)
    _log(actor, AccessAction.WIJZIGEN, traject, traject.client_id)
    return traject
