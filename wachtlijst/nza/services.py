"""Writes of the NZa quarterly figures: make (or recompute) the concept of a quarter, publish
it, open a correction, throw a concept away, and the quarterly job for every network. A
published quarter never changes (models.nza); a correction is a new version.

Every write on one network's quarters takes a row lock on the network first (``lock_netwerk``).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import User
from netwerk.models import Netwerk

from ..models import KwartaalStatus, NzaKwartaal, NzaKwartaalRegel
from .peildata import peildatum_error
from .permissions import can_manage_nza
from .selectors import (
    REGEL_VELDEN,
    TOTAAL_VELDEN,
    NzaCijfers,
    cijfers_van_kwartaal,
    nza_cijfers_aangeleverd,
)

logger = logging.getLogger(__name__)


def check_peildatum(peildatum: dt.date) -> None:
    error = peildatum_error(peildatum, timezone.localdate())
    if error:
        raise ValidationError({"peildatum": error})


def lock_netwerk(netwerk_id: int) -> None:
    """Serialise the writes on one network's quarters (concurrent runs of the job, a double
    click on publish): the partial unique constraints would refuse the loser anyway, this
    makes it wait and see the winner's result instead."""
    list(Netwerk.objects.select_for_update().filter(pk=netwerk_id).values_list("pk"))


def _store(kwartaal: NzaKwartaal, cijfers: NzaCijfers, user: User | None) -> NzaKwartaal:
    for name in TOTAAL_VELDEN:
        setattr(kwartaal, name, getattr(cijfers, name))
    kwartaal.aangemaakt_op = timezone.now()
    kwartaal.aangemaakt_door = user
    nieuw = kwartaal.pk is None
    kwartaal.full_clean()
    kwartaal.save()
    if not nieuw:
        kwartaal.regels.all().delete()
    NzaKwartaalRegel.objects.bulk_create(
        NzaKwartaalRegel(
            kwartaal=kwartaal,
            volgorde=index,
            **{name: getattr(regel, name) for name in REGEL_VELDEN},
        )
        for index, regel in enumerate(cijfers.regels, start=1)
    )
    return kwartaal


@transaction.atomic
def nza_kwartaal_concept(*, netwerk: Netwerk, peildatum: dt.date, actor: Actor) -> NzaKwartaal:
    """Make the concept of the network's quarter, or recompute the open concept (a first
    version or a correction, which keeps its reason) from today's data.

    Idempotent: when the figures are unchanged the concept is left as it is. When the quarter
    is published and no correction is open, nothing changes and the published version is
    returned: reopening a published quarter takes a correction with a reason. ``actor`` is
    ``Actor.system()`` when the quarterly job makes the concept.
    """
    require(actor.is_system or can_manage_nza(actor.user, netwerk))
    check_peildatum(peildatum)
    lock_netwerk(netwerk.pk)
    return concept_bijwerken(netwerk, peildatum, actor.user)


def concept_bijwerken(netwerk: Netwerk, peildatum: dt.date, user: User | None) -> NzaKwartaal:
    """nza_kwartaal_concept without the permission check, under the network's lock (also
    used when a provider's confirmation changes the figures of an open concept)."""
    versies = list(NzaKwartaal.objects.filter(netwerk=netwerk, peildatum=peildatum))
    concept = next((k for k in versies if k.is_concept), None)
    if concept is None:
        gepubliceerd = next((k for k in versies if k.is_gepubliceerd), None)
        if gepubliceerd is not None:
            return gepubliceerd
        concept = NzaKwartaal(
            netwerk=netwerk,
            peildatum=peildatum,
            versie=max((k.versie for k in versies), default=0) + 1,
        )
    cijfers = nza_cijfers_aangeleverd(netwerk, peildatum)
    if concept.pk is not None and cijfers_van_kwartaal(concept) == cijfers:
        return concept
    _store(concept, cijfers, user)
    logger.info(
        "nza_kwartaal_concept netwerk=%s peildatum=%s versie=%s",
        netwerk.pk,
        peildatum.isoformat(),
        concept.versie,
    )
    return concept


@transaction.atomic
def nza_kwartaal_publish(*, kwartaal: NzaKwartaal, actor: Actor) -> NzaKwartaal:
    """Publish a checked concept as it was checked (not recomputed). The version published
    before it, if any, becomes "vervangen"."""
    require(can_manage_nza(actor.user, kwartaal.netwerk))
    lock_netwerk(kwartaal.netwerk_id)
    versies = {
        k.pk: k
        for k in NzaKwartaal.objects.filter(
            netwerk_id=kwartaal.netwerk_id, peildatum=kwartaal.peildatum
        )
    }
    kwartaal = versies.get(kwartaal.pk)
    if kwartaal is None or not kwartaal.is_concept:
        raise ValidationError(_("Alleen een concept kan worden gepubliceerd."))
    for oud in versies.values():
        if oud.is_gepubliceerd:
            oud.status = KwartaalStatus.VERVANGEN
            oud.save(update_fields=["status"])
    kwartaal.status = KwartaalStatus.GEPUBLICEERD
    kwartaal.gepubliceerd_op = timezone.now()
    kwartaal.gepubliceerd_door = actor.user
    kwartaal.save()
    logger.info(
        "nza_kwartaal_published kwartaal=%s netwerk=%s versie=%s user=%s",
        kwartaal.pk,
        kwartaal.netwerk_id,
        kwartaal.versie,
        actor.user.pk,
    )
    return kwartaal


@transaction.atomic
def nza_kwartaal_correctie(*, kwartaal: NzaKwartaal, actor: Actor, reden: str) -> NzaKwartaal:
    """Open a correction of a published quarter: a new concept version, computed from today's
    data, with the reason. The published version stays public until the correction is
    published."""
    require(can_manage_nza(actor.user, kwartaal.netwerk))
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van de correctie.")})
    lock_netwerk(kwartaal.netwerk_id)
    versies = list(
        NzaKwartaal.objects.filter(netwerk_id=kwartaal.netwerk_id, peildatum=kwartaal.peildatum)
    )
    huidig = next((k for k in versies if k.pk == kwartaal.pk), None)
    if huidig is None or not huidig.is_gepubliceerd:
        raise ValidationError(
            _("Alleen de gepubliceerde versie van een kwartaal kan worden gecorrigeerd.")
        )
    open_concept = next((k for k in versies if k.is_concept), None)
    if open_concept is not None:
        raise ValidationError(
            _(
                "Er is al een correctie in concept (versie %(versie)s). Publiceer of verwijder "
                "die eerst."
            )
            % {"versie": open_concept.versie}
        )
    return correctie_openen(huidig, versies, reden, actor.user)


def correctie_openen(
    huidig: NzaKwartaal, versies: list[NzaKwartaal], reden: str, user: User | None
) -> NzaKwartaal:
    """A new concept version of the published quarter ``huidig`` with the reason, under the
    network's lock; the permission is the caller's."""
    concept = NzaKwartaal(
        netwerk=huidig.netwerk,
        peildatum=huidig.peildatum,
        versie=max(k.versie for k in versies) + 1,
        reden=reden,
    )
    _store(concept, nza_cijfers_aangeleverd(huidig.netwerk, huidig.peildatum), user)
    logger.info(
        "nza_kwartaal_correctie kwartaal=%s netwerk=%s versie=%s user=%s",
        concept.pk,
        concept.netwerk_id,
        concept.versie,
        user.pk if user else None,
    )
    return concept


@transaction.atomic
def nza_kwartaal_concept_delete(*, kwartaal: NzaKwartaal, actor: Actor) -> None:
    """Throw away a concept (a first version or a correction); published ones stay."""
    require(can_manage_nza(actor.user, kwartaal.netwerk))
    lock_netwerk(kwartaal.netwerk_id)
    concept = NzaKwartaal.objects.filter(pk=kwartaal.pk, status=KwartaalStatus.CONCEPT).first()
    if concept is None:
        raise ValidationError(_("Alleen een concept kan worden verwijderd."))
    concept.delete()
    logger.info(
        "nza_kwartaal_concept_deleted netwerk=%s versie=%s user=%s",
        kwartaal.netwerk_id,
        kwartaal.versie,
        actor.user.pk,
    )


@dataclass
class ConceptenResultaat:
    peildatum: dt.date
    aangemaakt: int = 0
    overgeslagen: int = 0
    mislukt: int = 0


def nza_kwartaal_concept_for_all(*, peildatum: dt.date) -> ConceptenResultaat:
    """The quarterly job: a concept for every network that has no version of the quarter yet.

    Idempotent: networks with a concept or a published version are skipped, so a second run
    changes nothing. Each network is its own transaction; one that fails is logged and the
    others go ahead (the next run tries it again).
    """
    check_peildatum(peildatum)
    heeft_kwartaal = NzaKwartaal.objects.filter(netwerk=OuterRef("pk"), peildatum=peildatum)
    netwerken = Netwerk.objects.annotate(heeft_kwartaal=Exists(heeft_kwartaal)).order_by("pk")
    resultaat = ConceptenResultaat(peildatum=peildatum)
    for netwerk in netwerken:
        if netwerk.heeft_kwartaal:
            resultaat.overgeslagen += 1
            continue
        try:
            nza_kwartaal_concept(netwerk=netwerk, peildatum=peildatum, actor=Actor.system())
        except Exception:
            logger.exception(
                "nza_kwartaal_concept failed netwerk=%s peildatum=%s",
                netwerk.pk,
                peildatum.isoformat(),
            )
            resultaat.mislukt += 1
        else:
            resultaat.aangemaakt += 1
    return resultaat
