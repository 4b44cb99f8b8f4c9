"""When a client's record is destroyed (casemanagement.levensloop), the free text of the
signals about the client's networks may still name them: a coordinator or melder wrote
"mevrouw Jansen wacht al vier maanden". This module finds the client's name (first and last
name in the usual combinations, case-insensitive) and BSN in those texts and replaces each
occurrence by "[vernietigd]": in the signal, its actions, and its change history. Each
changed signal gets a line on its timeline (without the name) and an access-log row; the
destruction receipt counts the signals (decision 0017).

Registered as an ``Opruimer`` in ``SignaalteamConfig.ready()``.
"""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor
from accounts.models import AccessAction
from accounts.services import access_log_record
from casemanagement.models import Aanmelding, Traject

from ..models import ActieType, Signaal, SignaalActie
from .common import zoekvector_bijwerken

VERVANGING = "[vernietigd]"
SIGNAAL_VELDEN = ("titel", "omschrijving", "regio", "betrokken_partijen", "oplossing")
AANSPREEKVORMEN = r"(?:mevrouw|mevr\.?|mw\.?|meneer|mijnheer|dhr\.?|de heer|mr\.?)"


def _woorden(tekst: str) -> str:
    """A name part as a pattern: its words apart by any whitespace."""
    return r"\s+".join(re.escape(w) for w in tekst.split())


def naam_patroon(voornaam: str, tussenvoegsel: str, achternaam: str, bsn: str) -> re.Pattern | None:
    """The ways a text names the client: "Voornaam [tussenvoegsel] Achternaam",
    "Achternaam, Voornaam", "V. [tussenvoegsel] Achternaam", "mevrouw/dhr. [tussenvoegsel]
    Achternaam", and the BSN with or without spaces or dots; case-insensitive, whole words."""
    vormen = []
    achter = _woorden(" ".join(p for p in (tussenvoegsel, achternaam) if p.strip()))
    if voornaam.strip() and achternaam.strip():
        voor = _woorden(voornaam)
        vormen += [
            rf"{voor}\s+{achter}",
            rf"{voor}\s+{_woorden(achternaam)}",
            rf"{_woorden(achternaam)}\s*,\s*{voor}(?:\s+{_woorden(tussenvoegsel)})?"
            if tussenvoegsel.strip()
            else rf"{_woorden(achternaam)}\s*,\s*{voor}",
            rf"{re.escape(voornaam.strip()[0])}\.\s*{achter}",
        ]
    if achternaam.strip():
        vormen.append(rf"{AANSPREEKVORMEN}\s+{achter}")
    cijfers = re.sub(r"\D", "", bsn or "")
    if len(cijfers) >= 8:
        vormen.append(r"[\s.\-]?".join(cijfers))
    if not vormen:
        return None
    # the longest forms first, so "Voornaam tussenvoegsel Achternaam" goes as a whole
    vormen.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(vormen) + r")(?!\w)", re.IGNORECASE)


def _netwerken(client) -> set[int]:
    ids = {client.netwerk_id}
    ids |= set(Aanmelding.objects.filter(client=client).values_list("netwerk_id", flat=True))
    ids |= set(Traject.objects.filter(client=client).values_list("netwerk_id", flat=True))
    ids.discard(None)
    return ids


def _vervang(obj, velden, patroon: re.Pattern) -> list[str]:
    """Replace the name in these fields of ``obj``; the fields that changed."""
    veranderd = []
    for veld in velden:
        oud = getattr(obj, veld) or ""
        nieuw = patroon.sub(VERVANGING, oud)
        if nieuw != oud:
            setattr(obj, veld, nieuw)
            veranderd.append(veld)
    return veranderd


def signalen_opschonen(client, actor: Actor | None) -> int:
    """Remove the client's name and BSN from the signals about the client's networks;
    returns how many signals changed. Runs in the destroying transaction."""
    patroon = naam_patroon(client.voornaam, client.tussenvoegsel, client.achternaam, client.bsn)
    if patroon is None:
        return 0
    actor = actor or Actor.system()
    netwerken = _netwerken(client)
    signalen = Signaal.objects.filter(
        Q(netwerken__in=netwerken) | Q(automatisch_netwerk__in=netwerken)
    ).distinct()
    veranderd: set[int] = set()
    for signaal in Signaal.objects.select_for_update().filter(pk__in=signalen.values("pk")):
        velden = _vervang(signaal, SIGNAAL_VELDEN, patroon)
        if velden:
            # update(): no new history row that would keep the old text next to the new
            Signaal.objects.filter(pk=signaal.pk).update(**{v: getattr(signaal, v) for v in velden})
            veranderd.add(signaal.pk)
    for actie in SignaalActie.objects.filter(signaal__in=signalen):
        if _vervang(actie, ("tekst",), patroon):
            SignaalActie.objects.filter(pk=actie.pk).update(tekst=actie.tekst)
            veranderd.add(actie.signaal_id)
    for versie in Signaal.history.filter(id__in=signalen.values("pk")):
        velden = _vervang(versie, SIGNAAL_VELDEN, patroon)
        if velden:
            Signaal.history.filter(pk=versie.pk).update(**{v: getattr(versie, v) for v in velden})
            veranderd.add(versie.id)
    if not veranderd:
        return 0
    _vastleggen(sorted(veranderd), client, actor)
    return len(veranderd)


def _vastleggen(ids: list[int], client, actor: Actor) -> None:
    """A timeline line per signal (no name), the search vector, an access-log row each."""
    tekst = _(
        "De naam of het BSN van een cliënt is uit dit signaal verwijderd: het dossier van de "
        "cliënt is op verzoek of na de bewaartermijn vernietigd."
    )
    vandaag = timezone.localdate()
    SignaalActie.objects.bulk_create(
        [
            SignaalActie(signaal_id=pk, type=ActieType.SYSTEEM, datum=vandaag, tekst=tekst)
            for pk in ids
        ]
    )
    zoekvector_bijwerken(ids)
    for signaal in Signaal.objects.filter(pk__in=ids).only("referentie"):
        access_log_record(
            actor=actor,
            action=AccessAction.WIJZIGEN,
            object_type="signaal",
            object_id=f"{signaal.referentie} naam vernietigd",
            client_id=client.pk,
        )
