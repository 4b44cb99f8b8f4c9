"""A client's request for destruction of their record (art. 7:455 BW), with four eyes.

A coordinator of the client's network records it; a second person (another coordinator of
that network, or a beheerder) confirms it, and only then is the record destroyed
(``vernietigen.client_vernietigen``), or rejects it with a reason (art. 7:455 lid 2: keeping it
matters considerably to someone else, or a law requires it). The request row then is the
receipt: it no longer links to the client.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor
from accounts.models import AccessAction, Role
from accounts.services import access_log_record

from ..models import Client, Vernietigingsverzoek, VerzoekStatus
from .vernietigen import client_vernietigen, open_zorg

OBJECT_TYPE = "vernietigingsverzoek"


def _coordinator_netwerk(actor: Actor) -> int | None:
    if actor.role != Role.NETWERKCOORDINATOR or actor.membership is None:
        return None
    return actor.membership.netwerk_id


def verzoeken_visible_to(actor: Actor) -> QuerySet[Vernietigingsverzoek]:
    """Coordinators see the requests of their network, beheerders all."""
    verzoeken = Vernietigingsverzoek.objects.select_related(
        "netwerk", "vastgelegd_door", "beoordeeld_door"
    )
    if actor.role == Role.BEHEERDER:
        return verzoeken
    netwerk_id = _coordinator_netwerk(actor)
    if netwerk_id is None:
        return verzoeken.none()
    return verzoeken.filter(netwerk_id=netwerk_id)


def can_record(actor: Actor, client: Client) -> bool:
    return _coordinator_netwerk(actor) == client.netwerk_id


def can_decide(actor: Actor, verzoek: Vernietigingsverzoek) -> bool:
    """The second pair of eyes: a beheerder or a coordinator of the network, never the person
    who recorded the request."""
    if actor.user is None or actor.user.pk == verzoek.vastgelegd_door_id:
        return False
    return actor.role == Role.BEHEERDER or _coordinator_netwerk(actor) == verzoek.netwerk_id


def _referentie(vandaag: dt.date) -> str:
    return f"VV-{vandaag:%Y}-{secrets.token_hex(4).upper()}"


@transaction.atomic
def vernietigingsverzoek_record(
    *, actor: Actor, client: Client, verzoeker: str, ontvangen_op: dt.date
) -> Vernietigingsverzoek:
    """Record a request for destruction for a client of the actor's network."""
    client = Client.objects.select_for_update().get(pk=client.pk)
    if not can_record(actor, client) or client.vernietigd_op is not None:
        raise PermissionDenied
    if open_zorg(client.pk):
        raise ValidationError(
            _(
                "Deze cliënt wacht nog of is in zorg: sluit eerst het traject af of meld de "
                "aanmelding af, dan kan het dossier worden vernietigd."
            )
        )
    verzoek = Vernietigingsverzoek(
        referentie=_referentie(timezone.localdate()),
        netwerk_id=client.netwerk_id,
        client=client,
        verzoeker=verzoeker,
        ontvangen_op=ontvangen_op,
        vastgelegd_door=actor.user,
        vastgelegd_op=timezone.now(),
    )
    verzoek.full_clean(exclude=["client", "vastgelegd_door", "netwerk"], validate_constraints=False)
    try:
        with transaction.atomic():
            verzoek.save()
    except IntegrityError as error:
        raise ValidationError(
            _("Voor deze cliënt ligt al een verzoek tot vernietiging dat wacht op bevestiging.")
        ) from error
    access_log_record(
        actor=actor,
        action=AccessAction.AANMAKEN,
        object_type=OBJECT_TYPE,
        object_id=verzoek.pk,
        client_id=client.pk,
    )
    return verzoek


def _open_locked(actor: Actor, verzoek: Vernietigingsverzoek) -> Vernietigingsverzoek:
    verzoek = Vernietigingsverzoek.objects.select_for_update().get(pk=verzoek.pk)
    if verzoek.status != VerzoekStatus.VASTGELEGD:
        raise ValidationError(_("Over dit verzoek is al beslist."))
    if actor.user is not None and actor.user.pk == verzoek.vastgelegd_door_id:
        raise ValidationError(
            _(
                "U hebt dit verzoek zelf vastgelegd: een tweede coördinator of een beheerder "
                "moet het bevestigen."
            )
        )
    if not can_decide(actor, verzoek):
        raise PermissionDenied
    return verzoek


@transaction.atomic
def vernietigingsverzoek_confirm(
    *, actor: Actor, verzoek: Vernietigingsverzoek
) -> Vernietigingsverzoek:
    """The second person confirms: the record is destroyed now, and the request becomes the
    receipt (counts, who, when; no client data, no link to the client)."""
    verzoek = _open_locked(actor, verzoek)
    client = Client.objects.select_for_update().get(pk=verzoek.client_id)
    nu = timezone.now()
    telling = client_vernietigen(client, nu=nu, actor=actor)
    verzoek.status = VerzoekStatus.UITGEVOERD
    verzoek.client = None
    verzoek.beoordeeld_door = actor.user
    verzoek.beoordeeld_op = nu
    verzoek.uitgevoerd_op = nu
    verzoek.vernietigd = telling
    verzoek.save()
    access_log_record(
        actor=actor,
        action=AccessAction.VERWIJDEREN,
        object_type="client",
        object_id=f"{OBJECT_TYPE} {verzoek.referentie}",
        client_id=client.pk,
    )
    return verzoek


@transaction.atomic
def vernietigingsverzoek_reject(
    *, actor: Actor, verzoek: Vernietigingsverzoek, reden: str
) -> Vernietigingsverzoek:
    """The second person rejects the request, with a reason (art. 7:455 lid 2 BW)."""
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van de afwijzing.")})
    verzoek = _open_locked(actor, verzoek)
    verzoek.status = VerzoekStatus.AFGEWEZEN
    verzoek.beoordeeld_door = actor.user
    verzoek.beoordeeld_op = timezone.now()
    verzoek.afwijzing_reden = reden[:500]
    verzoek.save()
    access_log_record(
        actor=actor,
        action=AccessAction.WIJZIGEN,
        object_type=OBJECT_TYPE,
        object_id=verzoek.pk,
        client_id=verzoek.client_id,
    )
    return verzoek
