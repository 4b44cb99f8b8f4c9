"""The public meldpunt and the retention of the melder's personal data (no acting user:
anonymous people and the nightly job)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerk.models import Gemeente, Netwerk
from netwerk.selectors import netwerk_for_gemeente

from ..models import (
    CLOSED_STATUSES,
    MELDER_FIELDS,
    ActieType,
    Bron,
    Categorie,
    MelderType,
    Signaal,
    SignaalActie,
)
from .common import (
    DEFAULT_BEWAARTERMIJN_MELDER_DAGEN,
    _create,
    _notify_signaalteam,
    _today,
    zoekvector_bijwerken,
)

logger = logging.getLogger(__name__)

# --- The public meldpunt -------------------------------------------------------------------


def _check_melding(
    *, melder_type: str, categorie: str, email: str, telefoon: str, waar_gekozen: bool
) -> None:
    """What the meldpunt needs to follow a report up, each missing part a Dutch message."""
    if melder_type == MelderType.SYSTEEM or melder_type not in MelderType.values:
        raise ValidationError({"melder_type": _("Kies wie u bent.")})
    if categorie not in Categorie.values:
        raise ValidationError({"categorie": _("Kies wat er aan de hand is.")})
    if not (email or "").strip() and not (telefoon or "").strip():
        raise ValidationError(
            {
                "email": _(
                    "Vul een e-mailadres of een telefoonnummer in, zodat wij u kunnen bereiken."
                )
            }
        )
    if not waar_gekozen:
        raise ValidationError({"netwerk": _("Kies het netwerk of de gemeente waar het om gaat.")})


@transaction.atomic
def meldpunt_submit(
    *,
    melder_type: str,
    naam: str,
    categorie: str,
    omschrijving: str,
    email: str = "",
    telefoon: str = "",
    organisatie: str = "",
    netwerk: Netwerk | None = None,
    gemeente: Gemeente | None = None,
) -> Signaal:
    """A report from the public meldpunt (no login) as a signal in status gemeld.

    Asks no more than is needed to follow up: a name and an e-mail address or phone number,
    the network or gemeente concerned, what is wrong. When only a gemeente is given, the
    network whose werkgebied holds it today is filled in. The signaalteam members get an
    in-app notification naming the reference and the category only.
    """
    _check_melding(
        melder_type=melder_type,
        categorie=categorie,
        email=email,
        telefoon=telefoon,
        waar_gekozen=netwerk is not None or gemeente is not None,
    )
    if netwerk is None:
        netwerk = netwerk_for_gemeente(gemeente, _today())
    waar = gemeente.naam if gemeente is not None else netwerk.naam
    signaal = _create(
        user=None,
        bron=Bron.MELDPUNT,
        titel=_("Melding: %(categorie)s (%(waar)s)")
        % {"categorie": Categorie(categorie).label.lower(), "waar": waar},
        omschrijving=omschrijving,
        categorie=categorie,
        melder_type=melder_type,
        netwerken=[netwerk] if netwerk is not None else [],
        regio=gemeente.naam if gemeente is not None else "",
        melder_naam=naam.strip(),
        melder_organisatie=organisatie.strip(),
        melder_email=email.strip(),
        melder_telefoon=telefoon.strip(),
        registratie_tekst=_("Binnengekomen via het meldpunt."),
    )
    _notify_signaalteam(
        signaal,
        _("Nieuw signaal via het meldpunt: %(referentie)s") % {"referentie": signaal.referentie},
        _("Categorie: %(categorie)s. Regio: %(waar)s.")
        % {"categorie": signaal.get_categorie_display(), "waar": waar},
    )
    logger.info(
        "meldpunt_submit signaal=%s categorie=%s netwerk=%s",
        signaal.pk,
        categorie,
        netwerk.pk if netwerk is not None else None,
    )
    return signaal


# --- Retention of the melder's personal data -----------------------------------------------


def bewaartermijn_melder_dagen() -> int:
    return int(
        getattr(settings, "SIGNAAL_BEWAARTERMIJN_MELDER_DAGEN", DEFAULT_BEWAARTERMIJN_MELDER_DAGEN)
    )


@transaction.atomic
def melder_gegevens_opschonen(*, vandaag: dt.date) -> int:
    """Remove the melder's name, organisation, e-mail and phone from closed signals whose
    closing date is at least the retention period (settings.SIGNAAL_BEWAARTERMIJN_MELDER_DAGEN,
    default 365 days) before ``vandaag``: closed on 1 March with 365 days, removed from
    1 March next year (2 March in a leap year). Open signals keep them, however old.

    Idempotent: only signals that still hold melder data are touched; a second run finds
    none. Each touched signal gets a system line on its timeline. The details are not in
    the change history or the search vector, so nothing of them remains. Returns how many
    signals were cleaned.
    """
    termijn = bewaartermijn_melder_dagen()
    grens = vandaag - dt.timedelta(days=termijn)
    heeft_gegevens = Q()
    for name in MELDER_FIELDS:
        heeft_gegevens |= ~Q(**{name: ""})
    ids = list(
        Signaal.objects.select_for_update()
        .filter(heeft_gegevens, status__in=CLOSED_STATUSES, gesloten_op__lte=grens)
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    Signaal.objects.filter(pk__in=ids).update(
        **dict.fromkeys(MELDER_FIELDS, ""), melder_gegevens_verwijderd_op=timezone.now()
    )
    tekst = _(
        "De contactgegevens van de melder zijn verwijderd: de bewaartermijn van %(dagen)s dagen "
        "na het sluiten is voorbij."
    ) % {"dagen": termijn}
    SignaalActie.objects.bulk_create(
        [
            SignaalActie(signaal_id=pk, type=ActieType.SYSTEEM, datum=vandaag, tekst=tekst)
            for pk in ids
        ]
    )
    zoekvector_bijwerken(ids)
    logger.info("melder_gegevens_opschonen done signalen=%s termijn=%s", len(ids), termijn)
    return len(ids)
