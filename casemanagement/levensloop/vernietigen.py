"""Destroying one client's record: what identifies the person goes, what the figures count
stays.

The client row is kept as an anonymous shell (no name, BSN, address, huisarts, day and month
of birth) with its aanmeldingen and trajecten stripped of every free text: the waitlist clock,
care counts and caseloads of periods not yet published count the same as before, and figures
already published are snapshots that no change here can reach (NzaKwartaal, Rapport). Carers
and every historical version (django-simple-history) are deleted outright. The access-log
rows about the client stay: they hold only the internal id and are kept for their own term.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import (
    Aanmelding,
    CasemanagerWissel,
    Client,
    Contactmoment,
    Indicatie,
    Mantelzorger,
    Overdracht,
    ToewijzingOverride,
    Traject,
    Uitstel,
)

ACHTERNAAM_VERNIETIGD = "Vernietigd"
REDEN_VERNIETIGD = "(vernietigd)"


def open_zorg(client_id: int) -> bool:
    """True while the client waits or is in care: such a record is not destroyed (close the
    traject or afmelden first)."""
    return (
        Traject.objects.filter(client_id=client_id, einddatum__isnull=True).exists()
        or Aanmelding.objects.filter(client_id=client_id).wachtend().exists()
    )


def client_vernietigen(client: Client, *, nu: dt.datetime) -> dict[str, int]:
    """Destroy the client's identifying data; returns how many records of each kind were
    destroyed or stripped. The caller runs this inside its transaction, holds the client's row
    lock, and writes the access-log row. Refuses a client who waits or is in care."""
    if client.vernietigd_op is not None:
        raise ValidationError(_("Het dossier van deze cliënt is al vernietigd."))
    if open_zorg(client.pk):
        raise ValidationError(
            _(
                "Deze cliënt wacht nog of is in zorg: sluit eerst het traject af of meld de "
                "aanmelding af."
            )
        )
    aanmelding_ids = list(Aanmelding.objects.filter(client=client).values_list("pk", flat=True))
    traject_ids = list(Traject.objects.filter(client=client).values_list("pk", flat=True))
    in_trajecten = Q(traject_id__in=traject_ids)

    mantelzorgers, _details = Mantelzorger.objects.filter(client=client).delete()
    telling = {
        "mantelzorgers": mantelzorgers,
        "aanmeldingen": Aanmelding.objects.filter(pk__in=aanmelding_ids).update(
            verwijzer_naam="", notitie="", netwerk_reden=""
        ),
        "uitstel": Uitstel.objects.filter(aanmelding_id__in=aanmelding_ids).update(reden=""),
        "trajecten": len(traject_ids),
        "contactmomenten": Contactmoment.objects.filter(in_trajecten).update(notitie=""),
    }
    for model in (CasemanagerWissel, Overdracht, ToewijzingOverride):
        model.objects.filter(in_trajecten).update(reden=REDEN_VERNIETIGD)
    historie = 0
    for deleted in (
        Client.history.filter(id=client.pk).delete(),
        Mantelzorger.history.filter(client_id=client.pk).delete(),
        Aanmelding.history.filter(id__in=aanmelding_ids).delete(),
        Uitstel.history.filter(aanmelding_id__in=aanmelding_ids).delete(),
        Traject.history.filter(id__in=traject_ids).delete(),
        Indicatie.history.filter(traject_id__in=traject_ids).delete(),
    ):
        historie += deleted[0]
    telling["eerdere_versies"] = historie
    Client.objects.filter(pk=client.pk).update(
        voornaam="",
        tussenvoegsel="",
        achternaam=ACHTERNAAM_VERNIETIGD,
        bsn="",
        # unique and no person's hash: the BSN can never find this row again
        bsn_hash=f"vernietigd-{client.pk}",
        # the year stays for age statistics; day and month identify
        geboortedatum=dt.date(client.geboortedatum.year, 1, 1),
        straat_huisnummer="",
        postcode="",
        woonplaats="",
        huisarts="",
        vernietigd_op=nu,
    )
    telling["clienten"] = 1
    return telling
