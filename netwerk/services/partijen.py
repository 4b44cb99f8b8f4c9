"""Writes of the parties: a network's own facts and norms, its werkgebied, organisations,
their vestigingen and their affiliation (aansluiting) with a network."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from accounts.actor import Actor, require

from ..models import Aansluiting, Gemeente, Netwerk, Organisatie, Vestiging, Werkgebied
from ..permissions import (
    can_change_organisatie,
    can_manage_reference_data,
    can_register_organisatie,
)
from ._common import _require_change, _save, _update


@transaction.atomic
def netwerk_update(*, netwerk: Netwerk, actor: Actor, **fields) -> Netwerk:
    """Change a network's public facts and norms (website, thresholds, norms, factors)."""
    _require_change(actor, netwerk.pk)
    allowed = {
        "website",
        "treeknorm_signaal_dagen",
        "streefpercentage_binnen_4_weken",
        "caseload_norm",
        "prevalentie_thuiswonend",
        "aandeel_vraag_casemanagement",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    return _update(netwerk, actor.user, **fields)


@transaction.atomic
def werkgebied_add(
    *, netwerk: Netwerk, gemeente: Gemeente, actor: Actor, geldig_van: dt.date | None = None
) -> Werkgebied:
    """Add a gemeente to the werkgebied (beheerders: it decides where new clients go). Refused
    (ValidationError) when the gemeente belongs to another network in that period: the
    database's exclusion constraint decides."""
    require(can_manage_reference_data(actor.user))
    regel = Werkgebied(netwerk=netwerk, gemeente=gemeente)
    if geldig_van:
        regel.geldig_van = geldig_van
    return _save(regel, actor.user)


@transaction.atomic
def werkgebied_end(*, regel: Werkgebied, actor: Actor, geldig_tot: dt.date) -> Werkgebied:
    require(can_manage_reference_data(actor.user))
    return _update(regel, actor.user, geldig_tot=geldig_tot)


@transaction.atomic
def organisatie_create(
    *, actor: Actor, naam: str, type: str, kvk_nummer: str = "", website: str = ""
) -> Organisatie:
    require(can_register_organisatie(actor.user))
    return _save(
        Organisatie(naam=naam, type=type, kvk_nummer=kvk_nummer, website=website), actor.user
    )


@transaction.atomic
def vestiging_create(
    *,
    organisatie: Organisatie,
    actor: Actor,
    naam: str,
    agb_code: str,
    gemeente: Gemeente | None = None,
) -> Vestiging:
    require(can_change_organisatie(actor.user, organisatie))
    return _save(
        Vestiging(organisatie=organisatie, naam=naam, agb_code=agb_code, gemeente=gemeente),
        actor.user,
    )


@transaction.atomic
def aansluiting_create(
    *,
    netwerk: Netwerk,
    organisatie: Organisatie,
    actor: Actor,
    geldig_van: dt.date,
    levert_casemanagement: bool,
    rollen: Iterable[str] = (),
    geldig_tot: dt.date | None = None,
) -> Aansluiting:
    _require_change(actor, netwerk.pk)
    return _save(
        Aansluiting(
            netwerk=netwerk,
            organisatie=organisatie,
            geldig_van=geldig_van,
            geldig_tot=geldig_tot,
            levert_casemanagement=levert_casemanagement,
            rollen=list(rollen),
        ),
        actor.user,
    )


@transaction.atomic
def aansluiting_update(*, aansluiting: Aansluiting, actor: Actor, **fields) -> Aansluiting:
    """Change an aansluiting's period, casemanagement and roles (not its network or
    organisation), as the coordinator of its network or a beheerder."""
    aansluiting = Aansluiting.objects.select_for_update().get(pk=aansluiting.pk)
    _require_change(actor, aansluiting.netwerk_id)
    unknown = set(fields) - {"geldig_van", "geldig_tot", "levert_casemanagement", "rollen"}
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    if "rollen" in fields:
        fields["rollen"] = list(fields["rollen"])
    return _update(aansluiting, actor.user, **fields)
