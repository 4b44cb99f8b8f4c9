"""Destroying one client's record: what identifies the person goes, what the figures count
stays.

The client row is kept as an anonymous shell (no name, BSN, address, huisarts, day and month
of birth) with its aanmeldingen and trajecten stripped of every free text: the waitlist clock,
care counts and caseloads of periods not yet published count the same as before, and figures
already published are snapshots that no change here can reach (NzaKwartaal, Rapport). Carers
and every historical version (django-simple-history) are deleted outright. The access-log
rows about the client stay: they hold only the internal id and are kept for their own term.

Higher apps hold free text that may name the client (the signaalteam's signals): they
register an ``Opruimer`` here in their ``AppConfig.ready()`` (decision 0014: a lower app
declares the hook, the higher app fills it), called in the same transaction before the name
and BSN are emptied. The receipt counts what each removed, under a Dutch label
(``telling_weergave``): never the data, never an internal key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

if TYPE_CHECKING:
    from accounts.actor import Actor

ACHTERNAAM_VERNIETIGD = "Vernietigd"
REDEN_VERNIETIGD = "(vernietigd)"

# What the receipt says per kind of record, in the order it lists them.
TELLING_LABELS = {
    "clienten": gettext_lazy("Cliënt: naam, BSN, adres, huisarts en geboortedag gewist"),
    "mantelzorgers": gettext_lazy("Mantelzorgers verwijderd"),
    "aanmeldingen": gettext_lazy("Aanmeldingen: notitie en verwijzer gewist"),
    "uitstel": gettext_lazy("Uitstelperiodes: reden gewist"),
    "trajecten": gettext_lazy("Trajecten: redenen van wissel en overdracht gewist"),
    "contactmomenten": gettext_lazy("Contactmomenten: notitie gewist"),
    "eerdere_versies": gettext_lazy("Eerdere versies verwijderd"),
}


@dataclass(frozen=True)
class Opruimer:
    """A higher app's cleaning of free text that may name a client being destroyed:
    ``opruimen(client, actor)`` returns how many records it changed (``actor`` is None for
    the retention job: the system)."""

    sleutel: str
    label: str
    opruimen: Callable[[Client, Actor | None], int]


_OPRUIMERS: dict[str, Opruimer] = {}


def opruimer_registreren(opruimer: Opruimer) -> None:
    """Called from a higher app's ``AppConfig.ready()``; registering twice is harmless."""
    _OPRUIMERS[opruimer.sleutel] = opruimer


def telling_weergave(telling: dict[str, int]) -> list[tuple[str, int]]:
    """A receipt's counts as (Dutch label, count), in a fixed order; a kind this version no
    longer knows reads as "Overige gegevens", never as its internal key."""
    labels = TELLING_LABELS | {o.sleutel: o.label for o in _OPRUIMERS.values()}
    volgorde = list(labels)
    regels = sorted(
        telling.items(), key=lambda item: volgorde.index(item[0]) if item[0] in labels else 99
    )
    return [(str(labels.get(soort, _("Overige gegevens"))), aantal) for soort, aantal in regels]


def open_zorg(client_id: int) -> bool:
    """True while the client waits or is in care: such a record is not destroyed (close the
    traject or afmelden first)."""
    return (
        Traject.objects.filter(client_id=client_id, einddatum__isnull=True).exists()
        or Aanmelding.objects.filter(client_id=client_id).wachtend().exists()
    )


def _eerdere_versies_wissen(client_id: int, aanmelding_ids: list, traject_ids: list) -> int:
    """Delete the change history of the client's records (it holds the old values)."""
    return sum(
        deleted[0]
        for deleted in (
            Client.history.filter(id=client_id).delete(),
            Mantelzorger.history.filter(client_id=client_id).delete(),
            Aanmelding.history.filter(id__in=aanmelding_ids).delete(),
            Uitstel.history.filter(aanmelding_id__in=aanmelding_ids).delete(),
            Traject.history.filter(id__in=traject_ids).delete(),
            Indicatie.history.filter(traject_id__in=traject_ids).delete(),
        )
    )


def client_vernietigen(
    client: Client, *, nu: dt.datetime, actor: Actor | None = None
) -> dict[str, int]:
    """Destroy the client's identifying data; returns how many records of each kind were
    destroyed or stripped. The caller runs this inside its transaction, holds the client's row
    lock, and writes the access-log row (the registered ``Opruimer``s write their own, as
    ``actor`` or the system). Refuses a client who waits or is in care."""
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
    telling["eerdere_versies"] = _eerdere_versies_wissen(client.pk, aanmelding_ids, traject_ids)
    for opruimer in _OPRUIMERS.values():
        telling[opruimer.sleutel] = opruimer.opruimen(client, actor)
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
