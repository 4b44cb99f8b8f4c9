"""The NZa quarterly cycle of a network (docs/decisions/0024): the providers confirm or
correct their figures per vestiging by the 10th (reminded on the 5th and the 9th), the
coordinator compiles and publishes by the 20th (services.nza_kwartaal_publish, with the
confirmed and corrected figures where present), and delivers the published version to the
NZa's Zorgbeeldportaal (zorgbeeldportaal.py). A confirmation or correction after publication
opens a new version, as a correction does.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import Role, User
from accounts.services import notificatie_send
from netwerk.models import Netwerk, Organisatie, Vestiging
from netwerk.selectors import casemanagement_aanbieders, is_casemanagement_aanbieder

from ..models import (
    KwartaalStatus,
    NzaAanlevering,
    NzaHerinnering,
    NzaKwartaal,
    NzaPortaalAanlevering,
    RegelBron,
)
from . import services
from .peildata import aanbieders_uiterlijk, laatste_peildatum, netwerk_uiterlijk
from .permissions import can_confirm_nza, can_deliver_to_nza, can_manage_nza
from .selectors import AANGELEVERDE_VELDEN, NzaRegel, huidige_aanleveringen, nza_cijfers

logger = logging.getLogger(__name__)


class AanbiederStatus:
    BEVESTIGD = "bevestigd"  # every active vestiging confirmed or corrected
    ONTVANGEN = "ontvangen"  # figures there (from the application's data), not all confirmed
    ONTBREEKT = "ontbreekt"  # no figures and no confirmation
    GEEN_VESTIGING = "geen_vestiging"  # no active vestiging with an AGB code to confirm


# --- Reads -----------------------------------------------------------------------------------


@dataclass
class VestigingStand:
    vestiging: Vestiging
    berekend: NzaRegel
    aanlevering: NzaAanlevering | None


@dataclass
class AanbiederStand:
    organisatie: Organisatie
    status: str
    vestigingen: list[VestigingStand] = field(default_factory=list)
    herinnerd_op: list[dt.date] = field(default_factory=list)


@dataclass
class CyclusStand:
    netwerk: Netwerk
    peildatum: dt.date
    vandaag: dt.date
    aanbieders: list[AanbiederStand]
    gepubliceerd: NzaKwartaal | None
    concept: NzaKwartaal | None
    portaal: NzaPortaalAanlevering | None  # the delivery of the current published version

    @property
    def aanbieders_uiterlijk(self) -> dt.date:
        return aanbieders_uiterlijk(self.peildatum)

    @property
    def netwerk_uiterlijk(self) -> dt.date:
        return netwerk_uiterlijk(self.peildatum)

    def aantal(self, status: str) -> int:
        return sum(1 for aanbieder in self.aanbieders if aanbieder.status == status)

    @property
    def aantal_bevestigd(self) -> int:
        return self.aantal(AanbiederStatus.BEVESTIGD)

    @property
    def aantal_ontvangen(self) -> int:
        return self.aantal(AanbiederStatus.ONTVANGEN)

    @property
    def aantal_ontbreekt(self) -> int:
        return self.aantal(AanbiederStatus.ONTBREEKT)

    @property
    def aanbieders_te_laat(self) -> bool:
        return self.vandaag > self.aanbieders_uiterlijk and any(
            a.status != AanbiederStatus.BEVESTIGD for a in self.aanbieders
        )


def _vestigingen_per_aanbieder(netwerk: Netwerk, peildatum: dt.date) -> dict[int, list]:
    aanbieders = list(casemanagement_aanbieders(netwerk, peildatum).order_by("naam", "pk"))
    per_aanbieder: dict[int, list] = {
        organisatie.pk: [organisatie, []] for organisatie in aanbieders
    }
    for vestiging in Vestiging.objects.filter(
        organisatie__in=[o.pk for o in aanbieders], actief=True
    ).order_by("naam", "agb_code"):
        per_aanbieder[vestiging.organisatie_id][1].append(vestiging)
    return per_aanbieder


def _status(vestigingen: list[VestigingStand]) -> str:
    if not vestigingen:
        return AanbiederStatus.GEEN_VESTIGING
    if all(stand.aanlevering is not None for stand in vestigingen):
        return AanbiederStatus.BEVESTIGD
    heeft_cijfers = any(
        stand.aanlevering is not None
        or any(getattr(stand.berekend, veld) for veld in AANGELEVERDE_VELDEN)
        for stand in vestigingen
    )
    return AanbiederStatus.ONTVANGEN if heeft_cijfers else AanbiederStatus.ONTBREEKT


def cyclus_stand(
    netwerk: Netwerk, peildatum: dt.date, vandaag: dt.date, *, organisatie_id: int | None = None
) -> CyclusStand:
    """Where the network's quarter stands: per provider (or only ``organisatie_id``) its
    vestigingen with the computed figures and the newest confirmation, and its status; the
    published version and its delivery to the NZa. A fixed number of queries."""
    berekend = {regel.agb_code: regel for regel in nza_cijfers(netwerk, peildatum).regels}
    aanleveringen = huidige_aanleveringen(netwerk, peildatum)
    herinneringen: dict[int, list[dt.date]] = {}
    for organisatie_id_, datum in NzaHerinnering.objects.filter(
        netwerk=netwerk, peildatum=peildatum
    ).values_list("organisatie_id", "datum"):
        herinneringen.setdefault(organisatie_id_, []).append(datum)
    aanbieders = []
    for pk, (organisatie, vestigingen) in _vestigingen_per_aanbieder(netwerk, peildatum).items():
        if organisatie_id is not None and pk != organisatie_id:
            continue
        standen = [
            VestigingStand(
                vestiging=v,
                berekend=berekend.get(v.agb_code) or NzaRegel(v.agb_code, v.naam, organisatie.naam),
                aanlevering=aanleveringen.get(v.agb_code),
            )
            for v in vestigingen
        ]
        aanbieders.append(
            AanbiederStand(
                organisatie, _status(standen), standen, sorted(herinneringen.get(pk, []))
            )
        )
    versies = NzaKwartaal.objects.filter(netwerk=netwerk, peildatum=peildatum)
    gepubliceerd = versies.filter(status=KwartaalStatus.GEPUBLICEERD).first()
    return CyclusStand(
        netwerk=netwerk,
        peildatum=peildatum,
        vandaag=vandaag,
        aanbieders=aanbieders,
        gepubliceerd=gepubliceerd,
        concept=versies.filter(status=KwartaalStatus.CONCEPT).first(),
        portaal=(
            NzaPortaalAanlevering.objects.filter(kwartaal=gepubliceerd)
            .select_related("aangeleverd_door")
            .first()
            if gepubliceerd
            else None
        ),
    )


def huidige_cyclus(netwerk: Netwerk, vandaag: dt.date) -> CyclusStand:
    """The cycle of the newest peildatum on or before today."""
    return cyclus_stand(netwerk, laatste_peildatum(vandaag), vandaag)


# --- Writes ----------------------------------------------------------------------------------


def _getallen(gegevens: dict) -> dict:
    """The corrected figures, checked: whole numbers of 0 or more, fte with two decimals,
    waiting 6 weeks or longer not more than waiting. Errors by field, in Dutch."""
    fouten: dict[str, str] = {}
    getallen: dict = {}
    for veld in ("wachtend", "zes_weken_of_langer", "in_zorg", "aantal_casemanagers"):
        waarde = gegevens.get(veld)
        try:
            getal = int(str(waarde).strip())
        except ValueError:
            getal = -1
        if getal < 0:
            fouten[veld] = _("Vul een heel getal van 0 of meer in.")
        getallen[veld] = getal
    try:
        fte = Decimal(str(gegevens.get("fte_casemanagers")).replace(",", "."))
        if not fte.is_finite() or fte < 0 or fte >= Decimal("100000"):
            raise InvalidOperation
        getallen["fte_casemanagers"] = fte.quantize(Decimal("0.01"))
    except InvalidOperation:
        fouten["fte_casemanagers"] = _("Vul het aantal fte in, bijvoorbeeld 2,40.")
    if not fouten and getallen["zes_weken_of_langer"] > getallen["wachtend"]:
        fouten["zes_weken_of_langer"] = _(
            "Het aantal dat 6 weken of langer wacht is niet groter dan het aantal wachtenden."
        )
    if fouten:
        raise ValidationError(fouten)
    return getallen


def _check_vestiging(netwerk: Netwerk, peildatum: dt.date, vestiging: Vestiging) -> None:
    if not vestiging.actief:
        raise ValidationError(_("Deze vestiging is niet actief."))
    if not is_casemanagement_aanbieder(
        netwerk_id=netwerk.pk, organisatie_id=vestiging.organisatie_id, peildatum=peildatum
    ):
        raise ValidationError(
            _("Deze organisatie levert op de peildatum geen casemanagement in dit netwerk.")
        )


@transaction.atomic
def nza_aanlevering_vastleggen(
    *,
    netwerk: Netwerk,
    peildatum: dt.date,
    vestiging: Vestiging,
    actor: Actor,
    correctie: dict | None = None,
    reden: str = "",
    namens: str = "",
) -> NzaAanlevering:
    """The provider confirms the computed figures of a vestiging (``correctie`` None) or
    corrects them (the numbers and a reason). The coordinator may record it on the
    provider's behalf, naming the provider's person (``namens``). An open concept of the
    quarter is recomputed with it; after publication it opens a new version (a correction
    for the coordinator to publish), and the coordinators are told."""
    require(can_confirm_nza(actor.user, netwerk, vestiging.organisatie_id))
    services.check_peildatum(peildatum)
    _check_vestiging(netwerk, peildatum, vestiging)
    reden, namens = (reden or "").strip(), (namens or "").strip()
    if can_manage_nza(actor.user, netwerk) and not namens:
        raise ValidationError(
            {"namens": _("Noem wie bij de aanbieder de cijfers heeft bevestigd.")}
        )
    if correctie is not None and not reden:
        raise ValidationError({"reden": _("Geef de reden van de correctie.")})
    if correctie is None:
        berekend = next(
            (r for r in nza_cijfers(netwerk, peildatum).regels if r.agb_code == vestiging.agb_code),
            NzaRegel(vestiging.agb_code, vestiging.naam, ""),
        )
        getallen = {veld: getattr(berekend, veld) for veld in AANGELEVERDE_VELDEN}
    else:
        getallen = _getallen(correctie)
    services.lock_netwerk(netwerk.pk)
    aanlevering = NzaAanlevering(
        netwerk=netwerk,
        peildatum=peildatum,
        organisatie_id=vestiging.organisatie_id,
        vestiging=vestiging,
        agb_code=vestiging.agb_code,
        status=RegelBron.BEVESTIGD if correctie is None else RegelBron.GECORRIGEERD,
        reden=reden if correctie is not None else "",
        namens=namens,
        vastgelegd_op=timezone.now(),
        vastgelegd_door=actor.user,
        **getallen,
    )
    aanlevering.full_clean()
    aanlevering.save()
    logger.info(
        "nza_aanlevering netwerk=%s peildatum=%s agb=%s status=%s user=%s",
        netwerk.pk,
        peildatum.isoformat(),
        vestiging.agb_code,
        aanlevering.status,
        actor.user.pk,
    )
    _na_aanlevering(aanlevering, actor.user)
    return aanlevering


def _na_aanlevering(aanlevering: NzaAanlevering, user: User) -> None:
    """Bring the quarter up to date: recompute an open concept; after publication, open a
    new version with the reason and tell the coordinators."""
    netwerk, peildatum = aanlevering.netwerk, aanlevering.peildatum
    versies = list(NzaKwartaal.objects.filter(netwerk=netwerk, peildatum=peildatum))
    if any(k.is_concept for k in versies):
        services.concept_bijwerken(netwerk, peildatum, user)
        return
    gepubliceerd = next((k for k in versies if k.is_gepubliceerd), None)
    if gepubliceerd is None:
        return  # the concept made later reads the confirmation
    wat = _("bevestiging") if aanlevering.status == RegelBron.BEVESTIGD else _("correctie")
    reden = _("Late %(wat)s van %(organisatie)s, AGB-code %(agb)s, op %(datum)s.") % {
        "wat": wat,
        "organisatie": aanlevering.organisatie.naam,
        "agb": aanlevering.agb_code,
        "datum": timezone.localdate().strftime("%d-%m-%Y"),
    }
    if aanlevering.reden:
        reden = f"{reden} {aanlevering.reden}"
    concept = services.correctie_openen(gepubliceerd, versies, reden[:1000], user)
    notificatie_send(
        users=_coordinatoren(netwerk),
        titel=_("NZa-cijfers: nieuwe versie klaar om te publiceren"),
        tekst=_(
            "Een aanbieder heeft na publicatie zijn cijfers van peildatum %(peildatum)s "
            "bevestigd of gecorrigeerd. Versie %(versie)s staat als concept klaar."
        )
        % {"peildatum": peildatum.strftime("%d-%m-%Y"), "versie": concept.versie},
        url=reverse("wachtlijst:nza_detail", args=[concept.pk]),
    )


def _coordinatoren(netwerk: Netwerk):
    return User.objects.filter(
        is_active=True,
        memberships__rol=Role.NETWERKCOORDINATOR,
        memberships__netwerk=netwerk,
        memberships__actief=True,
    ).distinct()


def _mensen_van(netwerk: Netwerk, organisatie_id: int):
    """Who acts for the provider in this network: its casemanagers there."""
    return User.objects.filter(
        is_active=True,
        memberships__rol=Role.CASEMANAGER,
        memberships__netwerk=netwerk,
        memberships__organisatie_id=organisatie_id,
        memberships__actief=True,
    ).distinct()


@dataclass
class HerinneringResultaat:
    peildatum: dt.date
    verstuurd: int = 0
    al_verstuurd: int = 0


def nza_herinneringen_versturen(*, vandaag: dt.date) -> HerinneringResultaat:
    """The reminder job (beat, on the 5th and the 9th): every provider that has not
    confirmed all its vestigingen of the current quarter gets an in-app notification and,
    if they want notifications by e-mail, an e-mail, for each of its people in the network.
    Idempotent: once per provider per network per day (NzaHerinnering). Nothing after the
    providers' deadline or outside the peildatum's month."""
    peildatum = laatste_peildatum(vandaag)
    resultaat = HerinneringResultaat(peildatum=peildatum)
    if vandaag.month != peildatum.month or vandaag > aanbieders_uiterlijk(peildatum):
        return resultaat
    for netwerk in Netwerk.objects.order_by("pk"):
        stand = cyclus_stand(netwerk, peildatum, vandaag)
        for aanbieder in stand.aanbieders:
            if aanbieder.status in (AanbiederStatus.BEVESTIGD, AanbiederStatus.GEEN_VESTIGING):
                continue
            if _herinner(netwerk, peildatum, aanbieder.organisatie, vandaag):
                resultaat.verstuurd += 1
            else:
                resultaat.al_verstuurd += 1
    return resultaat


def _herinner(netwerk: Netwerk, peildatum: dt.date, organisatie: Organisatie, vandaag) -> bool:
    try:
        with transaction.atomic():
            herinnering, nieuw = NzaHerinnering.objects.get_or_create(
                netwerk=netwerk,
                organisatie=organisatie,
                datum=vandaag,
                defaults={"peildatum": peildatum},
            )
            if not nieuw:
                return False
            herinnering.ontvangers = notificatie_send(
                users=_mensen_van(netwerk, organisatie.pk),
                titel=_("Herinnering: bevestig uw NZa-cijfers voor %(datum)s")
                % {"datum": aanbieders_uiterlijk(peildatum).strftime("%d-%m-%Y")},
                tekst=_(
                    "De NZa-cijfers van %(organisatie)s in %(netwerk)s (peildatum %(peildatum)s) "
                    "zijn nog niet bevestigd. Bevestig of corrigeer ze per vestiging."
                )
                % {
                    "organisatie": organisatie.naam,
                    "netwerk": netwerk.naam,
                    "peildatum": peildatum.strftime("%d-%m-%Y"),
                },
                url=reverse("wachtlijst:nza_aanbieder", args=[netwerk.pk, organisatie.pk]),
            )
            herinnering.save(update_fields=["ontvangers"])
    except IntegrityError:
        return False  # a concurrent run sent it
    logger.info(
        "nza_herinnering netwerk=%s organisatie=%s ontvangers=%s",
        netwerk.pk,
        organisatie.pk,
        herinnering.ontvangers,
    )
    return True


@transaction.atomic
def nza_portaal_aangeleverd(*, kwartaal: NzaKwartaal, actor: Actor) -> NzaPortaalAanlevering:
    """Record that the coordinator delivered this published version to the NZa's
    Zorgbeeldportaal. Idempotent: a version is delivered once (the first record stays)."""
    require(can_deliver_to_nza(actor.user, kwartaal.netwerk))
    services.lock_netwerk(kwartaal.netwerk_id)
    kwartaal = NzaKwartaal.objects.get(pk=kwartaal.pk)
    if not kwartaal.is_gepubliceerd:
        raise ValidationError(
            _("Alleen de gepubliceerde versie van een kwartaal wordt aan de NZa aangeleverd.")
        )
    aanlevering, nieuw = NzaPortaalAanlevering.objects.get_or_create(
        kwartaal=kwartaal,
        defaults={"aangeleverd_op": timezone.now(), "aangeleverd_door": actor.user},
    )
    if nieuw:
        logger.info(
            "nza_portaal_aangeleverd kwartaal=%s versie=%s user=%s",
            kwartaal.pk,
            kwartaal.versie,
            actor.user.pk,
        )
    return aanlevering
