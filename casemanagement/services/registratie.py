"""Registering a client (page, API, import: one rule), their data and their carers.

A known BSN never creates a second client and never opens the known record to a registrant
who could not see it (docs/decisions/0011-threat-model.md)."""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import AccessAction, AccessLogEntry, AccessOutcome, Role, User
from accounts.roles import acting_membership, acting_role
from accounts.services import access_log_record, notificatie_send
from netwerk.models import Netwerk, Organisatie
from netwerk.selectors import (
    coordinator_users,
)

from ..identifiers import bsn_hash, validate_bsn
from ..models import (
    Aanmelding,
    Client,
    Mantelzorger,
    Urgentie,
    VerwijzerType,
)
from ..permissions import can_change_client, can_register_client
from ._common import (
    _check_event_date,
    _locked_aanmelding,
    _log,
    _save,
    _today,
    netwerk_of,
)
from .aanmeldingen import _aanmelding_create

logger = logging.getLogger(__name__)


@dataclass
class Registratie:
    """What a registration did. ``zichtbaar``: the registrant may open the client afterwards
    (a known client they could not see stays hidden until the coordinator assigns it, a
    client of another network is that network's); ``netwerk``: where the aanmelding went."""

    client: Client
    aanmelding: Aanmelding | None
    bestond_al: bool
    zichtbaar: bool = True
    netwerk: Netwerk | None = None


IDENTITEIT_ONJUIST = _(
    "Het BSN, de achternaam en de geboortedatum horen niet bij elkaar. Controleer ze met de "
    "cliënt of de verwijzer. Kloppen ze wel, neem dan contact op met de netwerkcoördinator."
)


ANDER_NETWERK = _(
    "Een aanmelding gaat naar het netwerk van de woongemeente van de cliënt. Kiest de "
    "netwerkcoördinator daarna een ander netwerk, dan legt die de reden vast."
)


TE_VAAK_ONJUIST = _(
    "U heeft vandaag te vaak een cliënt aangemeld met gegevens die niet bij elkaar hoorden. "
    "Aanmelden kan weer morgen; neem bij vragen contact op met de beheerder."
)


class _IdentiteitWijktAf(Exception):
    def __init__(self, client_id: int):
        self.client_id = client_id


def _lock_bsn(bsn: str) -> None:
    """Serialise registrations of the same BSN (a transaction-scoped advisory lock on its
    hash), so two simultaneous registrations never race: the second finds the first."""
    key = int(bsn_hash(bsn)[:15], 16)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _naam_sleutel(tussenvoegsel: str, achternaam: str) -> str:
    """The surname as letters only, without accents or case, with the tussenvoegsel: "de
    Vries", "De Vries" and "Vries" + "de" are the same person; "Vries" alone is not."""
    tekst = unicodedata.normalize("NFKD", f"{tussenvoegsel}{achternaam}").casefold()
    return "".join(teken for teken in tekst if teken.isalpha())


def identiteit_klopt(client: Client, client_fields: dict) -> bool:
    """Whether the typed identity is the stored one: the same birth date and surname. The
    first name is not compared (roepnaam and official names differ in practice)."""
    return client.geboortedatum == client_fields.get("geboortedatum") and _naam_sleutel(
        client.tussenvoegsel, client.achternaam
    ) == _naam_sleutel(client_fields.get("tussenvoegsel", ""), client_fields.get("achternaam", ""))


def registratie_weigering_log(*, actor: Actor, client_id: int | None) -> None:
    """A refused registration attempt, written outside the refused transaction, so it stays;
    counted by the daily limit of refusals per user."""
    access_log_record(
        actor=actor,
        action=AccessAction.AANMAKEN,
        object_type="registratie",
        client_id=client_id,
        outcome=AccessOutcome.GEWEIGERD,
    )


def registratie_weigeringen(user: User) -> int:
    """The user's refused registration attempts in the last 24 hours (a provider's delivery
    counts them for its service account too)."""
    sinds = timezone.now() - dt.timedelta(days=1)
    return AccessLogEntry.objects.filter(
        user=user,
        object_type="registratie",
        outcome=AccessOutcome.GEWEIGERD,
        timestamp__gte=sinds,
    ).count()


def te_vaak_geweigerd(aantal_weigeringen: int) -> bool:
    """The daily limit: this many refusals in 24 hours and registering stops for the day."""
    return aantal_weigeringen >= settings.REGISTRATIE_MAX_ONJUIST_PER_DAG


def _te_vaak_geweigerd(user: User) -> bool:
    return te_vaak_geweigerd(registratie_weigeringen(user))


def client_register(
    *,
    actor: Actor,
    bsn: str,
    client_fields: dict,
    aanmelding_fields: dict | None = None,
) -> Registratie:
    """Register a client with (optionally) their aanmelding: the one registration rule for
    the page, the API and the import.

    A BSN that is already registered never creates a second client, and never opens the
    existing record to someone who could not see it: the typed surname and birth date must
    be the stored ones (else refused, without saying what is stored), and the aanmelding is
    then ``afgeschermd`` until the receiving network's coordinator assigns it. The aanmelding
    goes to the network of the client's gemeente; at another network than the registrant's
    it is central there (no aanbieder), and that network's coordinators are told. Every
    attempt is written to the access log, a refused one too (outside the rolled-back
    transaction)."""
    require(can_register_client(actor.user))
    bsn = validate_bsn(bsn)
    if _te_vaak_geweigerd(actor.user):
        registratie_weigering_log(actor=actor, client_id=None)
        raise ValidationError(TE_VAAK_ONJUIST, code="te_vaak")
    try:
        return _client_register(
            actor=actor,
            bsn=bsn,
            client_fields=client_fields,
            aanmelding_fields=aanmelding_fields,
        )
    except _IdentiteitWijktAf as refused:
        registratie_weigering_log(actor=actor, client_id=refused.client_id)
        raise ValidationError(IDENTITEIT_ONJUIST, code="identiteit") from None


@transaction.atomic
def _client_register(
    *,
    actor: Actor,
    bsn: str,
    client_fields: dict,
    aanmelding_fields: dict | None,
) -> Registratie:
    _lock_bsn(bsn)
    client = Client.objects.filter(bsn_hash=bsn_hash(bsn)).first()
    bestond_al = client is not None
    if client is None:
        client, bestond_al = _client_create(actor=actor, bsn=bsn, client_fields=client_fields)
    if not bestond_al:
        zichtbaar_vooraf = True
    else:
        if not identiteit_klopt(client, client_fields):
            raise _IdentiteitWijktAf(client.pk)
        zichtbaar_vooraf = Client.objects.visible_to(actor.user).filter(pk=client.pk).exists()
    if aanmelding_fields is None:
        return Registratie(client=client, aanmelding=None, bestond_al=bestond_al)
    fields = dict(aanmelding_fields)
    netwerk = netwerk_of(client.gemeente, fields["datum"])
    if fields.setdefault("netwerk", netwerk) != netwerk:
        raise ValidationError({"netwerk": ANDER_NETWERK})
    fields["organisatie"] = _registrant_organisatie(actor.user, netwerk, fields.get("organisatie"))
    eigen = acting_membership(actor.user)
    doorgestuurd = eigen is None or eigen.netwerk_id != netwerk.pk
    wachtend = client.aanmeldingen.wachtend().first() if not zichtbaar_vooraf else None
    if wachtend is not None:
        referral = {key: fields[key] for key in REFERRAL_FIELDS if key in fields}
        aanmelding = _add_referral(actor=actor, aanmelding=wachtend, **referral)
    else:
        aanmelding = _aanmelding_create(
            actor=actor,
            client=client,
            afgeschermd=not zichtbaar_vooraf,
            **fields,
        )
    if doorgestuurd or not zichtbaar_vooraf:
        _notify_receiving_coordinators(aanmelding)
    return Registratie(
        client=client,
        aanmelding=aanmelding,
        bestond_al=bestond_al,
        zichtbaar=Client.objects.visible_to(actor.user).filter(pk=client.pk).exists(),
        netwerk=netwerk,
    )


def _client_create(*, actor: Actor, bsn: str, client_fields: dict) -> tuple[Client, bool]:
    """A new client, or (client, True) for the one a path without the BSN lock wrote a
    moment ago: that record is then treated as known."""
    client = Client(
        bsn=bsn,
        bsn_hash=bsn_hash(bsn),
        netwerk=netwerk_of(client_fields["gemeente"], _today()),
        aangemaakt_door=actor.user,
        **client_fields,
    )
    try:
        with transaction.atomic():
            _save(client, actor.user)
    except (IntegrityError, ValidationError):
        existing = Client.objects.filter(bsn_hash=client.bsn_hash).first()
        if existing is None:
            raise
        return existing, True
    _log(actor, AccessAction.AANMAKEN, client, client.pk)
    return client, False


def _registrant_organisatie(
    user: User, netwerk: Netwerk, organisatie: Organisatie | None
) -> Organisatie | None:
    """The aanbieder an aanmelding is made at: a casemanager's own organisation, the one a
    coordinator chose, or none (central) when the aanmelding goes to another network, whose
    coordinator then chooses."""
    membership = acting_membership(user)
    if membership is None or membership.netwerk_id != netwerk.pk:
        return None
    if acting_role(user) == Role.CASEMANAGER:
        if organisatie is not None and organisatie.pk != membership.organisatie_id:
            raise ValidationError(
                {"organisatie": _("Als casemanager meldt u aan bij uw eigen organisatie.")}
            )
        return membership.organisatie
    return organisatie


REFERRAL_FIELDS = (
    "datum",
    "verwijzer_type",
    "verwijzer_naam",
    "urgentie",
    "notitie",
    "ontvangt_wijkverpleging",
)


def _add_referral(
    *,
    actor: Actor,
    aanmelding: Aanmelding,
    datum: dt.date,
    verwijzer_type: str,
    verwijzer_naam: str = "",
    urgentie: str = "normaal",
    notitie: str = "",
    ontvangt_wijkverpleging: bool = False,
) -> Aanmelding:
    """A second referral of a client who already waits (and whom the registrant may not
    see): nothing typed is lost, it is added to the waiting aanmelding for its coordinator,
    and the registrant is told no more than after any referral."""
    aanmelding = _locked_aanmelding(aanmelding)
    _check_event_date(datum, "datum")
    verwijzer = VerwijzerType(verwijzer_type).label
    if verwijzer_naam:
        verwijzer = f"{verwijzer}, {verwijzer_naam}"
    regels = [
        _(
            "Nieuwe aanmelding ontvangen op %(vandaag)s: aangemeld op %(datum)s door "
            "%(verwijzer)s, urgentie %(urgentie)s."
        )
        % {
            "vandaag": _today().strftime("%d-%m-%Y"),
            "datum": datum.strftime("%d-%m-%Y"),
            "verwijzer": verwijzer,
            "urgentie": Urgentie(urgentie).label.lower(),
        },
    ]
    if notitie.strip():
        regels.append(notitie.strip())
    aanmelding.notitie = "\n\n".join(filter(None, [aanmelding.notitie.strip(), *regels]))
    if ontvangt_wijkverpleging:  # the newer referral knows more; "no" does not erase a "yes"
        aanmelding.ontvangt_wijkverpleging = True
    _save(aanmelding, actor.user)
    _log(actor, AccessAction.WIJZIGEN, aanmelding, aanmelding.client_id)
    return aanmelding


def _notify_receiving_coordinators(aanmelding: Aanmelding) -> None:
    """Tell the coordinators of the network an aanmelding arrived at from outside (another
    network, or a registrant who may not see the client). No client data in the text."""
    notificatie_send(
        users=coordinator_users(aanmelding.netwerk_id),
        titel=_("Aanmelding ontvangen voor uw netwerk"),
        tekst=_(
            "Er is een aanmelding binnengekomen die u moet toewijzen: aangemeld van buiten uw "
            "netwerk of door een aanbieder die de cliënt nog niet kende."
        ),
        url=reverse("casemanagement:aanmelding_assign", args=[aanmelding.pk]),
    )


@transaction.atomic
def client_update(*, actor: Actor, client: Client, **fields) -> Client:
    require(can_change_client(actor.user, client))
    return _client_update(actor=actor, client=client, **fields)


@transaction.atomic
def _client_update(*, actor: Actor, client: Client, **fields) -> Client:
    """``client_update`` without the right check, for a caller that checked its own right
    (the providers' delivery, casemanagement.aanlevering)."""
    for name, value in fields.items():
        setattr(client, name, value)
    if "gemeente" in fields:
        client.netwerk = netwerk_of(client.gemeente, _today())
    _save(client, actor.user)
    _log(actor, AccessAction.WIJZIGEN, client, client.pk)
    return client


@transaction.atomic
def mantelzorger_save(*, actor: Actor, mantelzorger: Mantelzorger) -> Mantelzorger:
    """Add or change a carer. Marking one as primary un-marks the previous primary carer."""
    require(can_change_client(actor.user, mantelzorger.client))
    if mantelzorger.pk is not None:
        stored = Mantelzorger.objects.filter(pk=mantelzorger.pk).values_list("client", flat=True)
        require(stored.first() in (None, mantelzorger.client_id))
    if mantelzorger.is_primair:
        Mantelzorger.objects.filter(client_id=mantelzorger.client_id, is_primair=True).exclude(
            pk=mantelzorger.pk
        ).update(is_primair=False)
    created = mantelzorger.pk is None
    _save(mantelzorger, actor.user)
    action = AccessAction.AANMAKEN if created else AccessAction.WIJZIGEN
    _log(actor, action, mantelzorger, mantelzorger.client_id)
    return mantelzorger
