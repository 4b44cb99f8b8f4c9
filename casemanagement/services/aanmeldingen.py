"""The aanmelding and the events the waitlist clock reads: postponement, afmelding, another
network."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import AccessAction
from netwerk.models import Netwerk, Organisatie, Vestiging

from ..models import (
    Aanmelding,
    Client,
    Traject,
    Uitstel,
)
from ..permissions import (
    can_change_aanmelding,
    can_change_client,
    can_register_at,
    can_register_client,
    is_coordinator_of,
)
from ._common import (
    _check_aanbieder,
    _check_event_date,
    _eindreden_for,
    _ensure_waiting,
    _locked_aanmelding,
    _log,
    _save,
    _set_fase,
    netwerk_of,
)

logger = logging.getLogger(__name__)


def _gekozen_netwerk(
    client: Client, datum: dt.date, netwerk: Netwerk | None, netwerk_reden: str
) -> Netwerk:
    """The network of the client's gemeente, or another one chosen with a reason."""
    eigen_netwerk = netwerk_of(client.gemeente, datum)
    netwerk = netwerk or eigen_netwerk
    if netwerk != eigen_netwerk and not netwerk_reden.strip():
        raise ValidationError(
            {
                "netwerk_reden": _(
                    "De woongemeente hoort bij %(netwerk)s. Geef een reden voor een ander netwerk."
                )
                % {"netwerk": eigen_netwerk}
            }
        )
    return netwerk


@transaction.atomic
def aanmelding_create(*, actor: Actor, client: Client, **fields) -> Aanmelding:
    """A new referral of a client the actor may see (the client record's "Nieuwe
    aanmelding"); the fields are those of ``_aanmelding_create``. Registering a client by BSN,
    whom the registrant may not see, goes through ``client_register``, which checks the
    identity instead."""
    require(can_change_client(actor.user, client))
    return _aanmelding_create(actor=actor, client=client, **fields, scope_checked=False)


def _check_register_at(actor: Actor, netwerk: Netwerk, organisatie: Organisatie | None) -> None:
    """Someone who may register clients but chose an aanbieder outside their scope gets the
    form's message on that field (their choice, not their right, is wrong); anyone else is
    refused."""
    require(can_register_client(actor.user))
    if not can_register_at(actor.user, netwerk.pk, organisatie.pk if organisatie else None):
        raise ValidationError(
            {
                "organisatie": _(
                    "U kunt alleen aanmelden bij een aanbieder in uw eigen netwerk, of als "
                    "casemanager bij uw eigen organisatie. Laat de aanbieder leeg om centraal "
                    "aan te melden bij %(netwerk)s: de coördinator daar wijst toe."
                )
                % {"netwerk": netwerk.naam}
            }
        )


@transaction.atomic
def _aanmelding_create(
    *,
    actor: Actor,
    client: Client,
    datum: dt.date,
    verwijzer_type: str,
    verwijzer_naam: str = "",
    urgentie: str = "normaal",
    notitie: str = "",
    ontvangt_wijkverpleging: bool = False,
    netwerk: Netwerk | None = None,
    netwerk_reden: str = "",
    organisatie: Organisatie | None = None,
    vestiging: Vestiging | None = None,
    afgeschermd: bool = False,
    scope_checked: bool = False,
) -> Aanmelding:
    """A referral: the network follows the client's gemeente unless another is chosen with a
    reason; refused while the client still waits on an earlier one; ``afgeschermd`` gives the
    aanbieder no access until it is assigned. Whether the actor may refer this client is the
    caller's check (``aanmelding_create``, ``client_register``); where (``can_register_at``)
    is checked here, unless the caller checked its own scope (``scope_checked``: the
    providers' delivery, whose key binds one organisation in one network)."""
    # lock the client so a double submit waits for the first and then gets the message
    Client.objects.select_for_update().filter(pk=client.pk).first()
    _check_event_date(datum, "datum")
    netwerk = _gekozen_netwerk(client, datum, netwerk, netwerk_reden)
    if not scope_checked:
        _check_register_at(actor, netwerk, organisatie)
    _check_aanbieder(netwerk, organisatie, datum)
    if (
        vestiging is not None
        and organisatie is not None
        and vestiging.organisatie_id != organisatie.pk
    ):
        raise ValidationError({"vestiging": _("Deze vestiging hoort niet bij de aanbieder.")})
    aanmelding = Aanmelding(
        client=client,
        netwerk=netwerk,
        netwerk_reden=netwerk_reden,
        organisatie=organisatie,
        vestiging=vestiging,
        datum=datum,
        verwijzer_type=verwijzer_type,
        verwijzer_naam=verwijzer_naam,
        urgentie=urgentie,
        notitie=notitie,
        ontvangt_wijkverpleging=ontvangt_wijkverpleging,
        afgeschermd=afgeschermd,
        aangemaakt_door=actor.user,
    )
    try:
        with transaction.atomic():
            _save(aanmelding, actor.user)
    except IntegrityError as error:  # only reachable when the lock above was bypassed
        raise ValidationError(_("Deze cliënt staat al op de wachtlijst.")) from error
    _log(actor, AccessAction.AANMAKEN, aanmelding, client.pk)
    return aanmelding


# What a provider's redelivery may change on its aanmelding: the referral's details, never
# the dates of the clock nor the network.
GEGEVENS_AANLEVERING = ("verwijzer_type", "verwijzer_naam", "urgentie", "vestiging")


@transaction.atomic
def _aanmelding_gegevens_wijzigen(*, actor: Actor, aanmelding: Aanmelding, **velden) -> Aanmelding:
    """The referral's details as the provider's system now has them (the providers' delivery
    only, casemanagement.aanlevering; ``velden`` within GEGEVENS_AANLEVERING)."""
    onbekend = set(velden) - set(GEGEVENS_AANLEVERING)
    if onbekend:
        raise TypeError(f"not a delivered detail: {sorted(onbekend)}")
    aanmelding = _locked_aanmelding(aanmelding)
    for naam, waarde in velden.items():
        setattr(aanmelding, naam, waarde)
    _save(aanmelding, actor.user)
    _log(actor, AccessAction.WIJZIGEN, aanmelding, aanmelding.client_id)
    return aanmelding


@transaction.atomic
def aanmelding_change_netwerk(
    *,
    actor: Actor,
    aanmelding: Aanmelding,
    netwerk: Netwerk,
    reden: str,
) -> Aanmelding:
    aanmelding = _locked_aanmelding(aanmelding)
    require(is_coordinator_of(actor.user, aanmelding.netwerk_id))
    _ensure_waiting(aanmelding)
    if hasattr(aanmelding, "traject"):
        raise ValidationError(_("De aanmelding is al toegewezen; wijzig eerst de toewijzing."))
    if not reden.strip():
        raise ValidationError({"reden": _("Geef een reden voor het andere netwerk.")})
    aanmelding.netwerk = netwerk
    aanmelding.netwerk_reden = reden
    if aanmelding.organisatie is not None:
        _check_aanbieder(netwerk, aanmelding.organisatie, aanmelding.datum)
    _save(aanmelding, actor.user)
    _log(actor, AccessAction.WIJZIGEN, aanmelding, aanmelding.client_id)
    return aanmelding


@transaction.atomic
def uitstel_add(
    *,
    actor: Actor,
    aanmelding: Aanmelding,
    van: dt.date,
    tot: dt.date,
    reden: str = "",
) -> Uitstel:
    """Postponement at the client's own request while waiting (from ``van`` until ``tot``,
    the day the client is available again)."""
    require(can_change_aanmelding(actor.user, aanmelding))
    return _uitstel_add(actor=actor, aanmelding=aanmelding, van=van, tot=tot, reden=reden)


@transaction.atomic
def _uitstel_add(
    *,
    actor: Actor,
    aanmelding: Aanmelding,
    van: dt.date,
    tot: dt.date,
    reden: str = "",
    aangeleverd_door: Organisatie | None = None,
) -> Uitstel:
    """``uitstel_add`` without the right check, for a caller that checked its own right
    (the providers' delivery, casemanagement.aanlevering, names itself ``aangeleverd_door``)."""
    aanmelding = _locked_aanmelding(aanmelding)
    _ensure_waiting(aanmelding)
    if van < aanmelding.datum:
        raise ValidationError({"van": _("Het uitstel begint voor de datum van aanmelding.")})
    uitstel = _save(
        Uitstel(
            aanmelding=aanmelding, van=van, tot=tot, reden=reden, aangeleverd_door=aangeleverd_door
        ),
        actor.user,
    )
    _log(actor, AccessAction.WIJZIGEN, aanmelding, aanmelding.client_id)
    return uitstel


@transaction.atomic
def _uitstel_vervalt(*, actor: Actor, uitstel: Uitstel) -> None:
    """A delivered postponement the provider's system no longer has: gone while the client
    still waits (its history keeps it); once the clock stopped the waiting time stands."""
    aanmelding = _locked_aanmelding(uitstel.aanmelding)
    if not aanmelding.is_wachtend:
        raise ValidationError(
            {
                "van": _(
                    "Het uitstel van %(periode)s kan niet meer vervallen: de wachttijd van deze "
                    "aanmelding is al gestopt."
                )
                % {"periode": str(uitstel)}
            }
        )
    uitstel._history_user = actor.user
    uitstel.delete()
    _log(actor, AccessAction.WIJZIGEN, aanmelding, aanmelding.client_id)


@transaction.atomic
def aanmelding_afmelden(
    *,
    actor: Actor,
    aanmelding: Aanmelding,
    datum: dt.date,
    reden: str,
) -> Aanmelding:
    """The client leaves the waitlist without being taken into care (not counted as helped).
    An assigned but not yet started traject ends with it."""
    require(can_change_aanmelding(actor.user, aanmelding))
    return _aanmelding_afmelden(actor=actor, aanmelding=aanmelding, datum=datum, reden=reden)


@transaction.atomic
def _aanmelding_afmelden(
    *,
    actor: Actor,
    aanmelding: Aanmelding,
    datum: dt.date,
    reden: str,
) -> Aanmelding:
    """``aanmelding_afmelden`` without the right check, for a caller that checked its own right
    (the providers' delivery, casemanagement.aanlevering)."""
    aanmelding = _locked_aanmelding(aanmelding)
    _ensure_waiting(aanmelding)
    _check_event_date(datum, "datum")
    aanmelding.afgemeld_op = datum
    aanmelding.afmeldreden = reden
    _save(aanmelding, actor.user)
    traject = Traject.objects.select_for_update(of=("self",)).filter(aanmelding=aanmelding).first()
    if traject is not None and traject.is_open:
        traject.einddatum = max(datum, traject.toegewezen_op)
        traject.eindreden = _eindreden_for(reden)
        _save(traject, actor.user)
    _set_fase(
        actor.user, aanmelding.client_id, _eindreden_for(reden) if reden != "anders" else None
    )
    _log(actor, AccessAction.WIJZIGEN, aanmelding, aanmelding.client_id)
    return aanmelding
