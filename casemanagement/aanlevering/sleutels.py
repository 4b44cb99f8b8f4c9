"""Provider keys: ``dnk_<prefix>_<geheim>``. Issued and revoked by the network's coordinator
(or the beheerder); the plain key is returned once, at issue, and only the SHA-256 of the
secret is stored. Each organisation acts through one service account, made with its first
key: no password, no membership, so it opens no page and no other API."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import User
from netwerk.models import Netwerk, Organisatie
from netwerk.selectors import is_casemanagement_aanbieder

from .models import AanleverSleutel
from .permissions import can_manage_sleutels

VOORVOEGSEL = "dnk"


def _hash(geheim: str) -> str:
    return hashlib.sha256(geheim.encode()).hexdigest()


def dienstgebruiker(organisatie: Organisatie) -> User:
    """The organisation's service account: the access log names it for every delivery."""
    user, created = User.objects.get_or_create(
        email=f"aanlevering-{organisatie.pk}@aanlevering.invalid",
        defaults={"naam": f"Aanlevering {organisatie.naam}"[:150], "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def sleutel_issue(
    *, actor: Actor, netwerk: Netwerk, organisatie: Organisatie, naam: str
) -> tuple[AanleverSleutel, str]:
    """A new key for a provider affiliated with the network; returns it with the plain key,
    which is shown once and never stored."""
    require(can_manage_sleutels(actor.user, netwerk.pk))
    if not is_casemanagement_aanbieder(
        netwerk_id=netwerk.pk, organisatie_id=organisatie.pk, peildatum=timezone.localdate()
    ):
        raise ValidationError(
            {"organisatie": _("Deze organisatie levert geen casemanagement in dit netwerk.")}
        )
    if not naam.strip():
        raise ValidationError({"naam": _("Geef de sleutel een omschrijving.")})
    prefix = secrets.token_hex(6)
    geheim = secrets.token_urlsafe(32)
    sleutel = AanleverSleutel.objects.create(
        organisatie=organisatie,
        netwerk=netwerk,
        naam=naam.strip()[:100],
        prefix=prefix,
        geheim_hash=_hash(geheim),
        gebruiker=dienstgebruiker(organisatie),
        aangemaakt_door=actor.user,
    )
    return sleutel, f"{VOORVOEGSEL}_{prefix}_{geheim}"


@transaction.atomic
def sleutel_revoke(*, actor: Actor, sleutel: AanleverSleutel) -> AanleverSleutel:
    sleutel = AanleverSleutel.objects.select_for_update().get(pk=sleutel.pk)
    require(can_manage_sleutels(actor.user, sleutel.netwerk_id))
    if sleutel.ingetrokken_op is None:
        sleutel.ingetrokken_op = timezone.now()
        sleutel.ingetrokken_door = actor.user
        sleutel.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    return sleutel


def sleutel_voor(platte_sleutel: str) -> AanleverSleutel | None:
    """The active key this plain key is, or None (unknown, wrong secret, revoked). The
    secret is compared in constant time."""
    delen = platte_sleutel.split("_", 2)
    if len(delen) != 3 or delen[0] != VOORVOEGSEL or not delen[1] or not delen[2]:
        return None
    sleutel = (
        AanleverSleutel.objects.actief()
        .select_related("organisatie", "netwerk", "gebruiker")
        .filter(prefix=delen[1])
        .first()
    )
    if sleutel is None or not hmac.compare_digest(sleutel.geheim_hash, _hash(delen[2])):
        return None
    return sleutel
