"""Writes of casemanagement: registration, referrals, assignment, trajecten, indications,
contacts and measurements. Every function runs in a transaction, takes the acting user,
validates, and writes the access-log row in the same transaction as the change.

Rules enforced here (DESIGN.md): one open traject per client (also a partial unique index);
no assignment past the caseload norm without an explicit, logged override (the casemanager
row is locked while counting, so concurrent assignments cannot both take the last place);
only casemanagers of affiliated casemanagement providers (rule 3); indications only valid
when set or co-signed by a verpleegkundige (rule 4); BSN validated, encrypted, hashed (rule 6).
"""

from __future__ import annotations

import datetime as dt
import logging
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.dates import check_field, validate_event_date
from accounts.models import AccessAction, AccessLogEntry, AccessOutcome, Role, User
from accounts.roles import acting_membership, acting_role
from accounts.services import access_log_record, notificatie_send
from netwerk.models import Gemeente, Membership, Netwerk, Organisatie, Vestiging
from netwerk.selectors import (
    coordinator_users,
    is_casemanagement_aanbieder,
    netwerk_for_gemeente,
)

from .identifiers import bsn_hash, validate_bsn
from .models import (
    Aanmelding,
    Afmeldreden,
    Casemanager,
    CasemanagerWissel,
    Client,
    Contactmoment,
    Eindreden,
    Fase,
    Indicatie,
    IntensiteitWijziging,
    Mantelzorger,
    Meting,
    MetingType,
    MetWie,
    Overdracht,
    ToewijzingOverride,
    Traject,
    Uitstel,
    Urgentie,
    VerwijzerType,
)

logger = logging.getLogger(__name__)

NAZORG_STANDAARD = {Eindreden.OPNAME: 92, Eindreden.OVERLIJDEN: 92}
FASE_BIJ_EINDE = {
    Eindreden.OPNAME: Fase.OPNAME,
    Eindreden.OVERLIJDEN: Fase.OVERLEDEN,
    Eindreden.VERHUIZING: Fase.VERHUISD,
    Eindreden.AFZIEN: Fase.AFGEZIEN,
}
AFMELDREDEN_BIJ_EINDE = {
    Eindreden.OPNAME: Afmeldreden.OPNAME,
    Eindreden.OVERLIJDEN: Afmeldreden.OVERLIJDEN,
    Eindreden.VERHUIZING: Afmeldreden.VERHUIZING,
    Eindreden.AFZIEN: Afmeldreden.AFZIEN,
    Eindreden.HUISARTS: Afmeldreden.ANDERS,
}


def _log(request: HttpRequest | None, user: User, action: str, obj: Model, client_id: int) -> None:
    access_log_record(
        request=request,
        user=user,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        client_id=client_id,
    )


def _save(instance: Model, user: User | None) -> Model:
    instance.full_clean()
    instance._history_user = user
    instance.save()
    return instance


def _today() -> dt.date:
    return timezone.localdate()


def _check_event_date(datum: dt.date, field: str) -> None:
    check_field(field, validate_event_date, datum)


# --- Registration ---------------------------------------------------------------------------


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
TE_VAAK_ONJUIST = _(
    "U heeft vandaag te vaak een cliënt aangemeld met gegevens die niet bij elkaar hoorden. "
    "Aanmelden kan weer morgen; neem bij vragen contact op met de beheerder."
)


class _IdentiteitWijktAf(Exception):
    def __init__(self, client_id: int):
        self.client_id = client_id


def netwerk_of(gemeente: Gemeente, peildatum: dt.date) -> Netwerk:
    netwerk = netwerk_for_gemeente(gemeente, peildatum)
    if netwerk is None:
        raise ValidationError(
            {"gemeente": _("Deze gemeente hoort bij geen enkel netwerk. Vraag de beheerder.")}
        )
    return netwerk


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


def registratie_weigering_log(
    *, request: HttpRequest | None, user: User, client_id: int | None
) -> None:
    """A refused registration attempt, written outside the refused transaction, so it stays;
    counted by the daily limit of refusals per user."""
    access_log_record(
        request=request,
        user=user,
        action=AccessAction.AANMAKEN,
        object_type="registratie",
        client_id=client_id,
        outcome=AccessOutcome.GEWEIGERD,
    )


def _te_vaak_geweigerd(user: User) -> bool:
    sinds = timezone.now() - dt.timedelta(days=1)
    geweigerd = AccessLogEntry.objects.filter(
        user=user,
        object_type="registratie",
        outcome=AccessOutcome.GEWEIGERD,
        timestamp__gte=sinds,
    ).count()
    return geweigerd >= settings.REGISTRATIE_MAX_ONJUIST_PER_DAG


def client_register(
    *,
    user: User,
    request: HttpRequest | None = None,
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
    bsn = validate_bsn(bsn)
    if _te_vaak_geweigerd(user):
        registratie_weigering_log(request=request, user=user, client_id=None)
        raise ValidationError(TE_VAAK_ONJUIST, code="te_vaak")
    try:
        return _client_register(
            user=user,
            request=request,
            bsn=bsn,
            client_fields=client_fields,
            aanmelding_fields=aanmelding_fields,
        )
    except _IdentiteitWijktAf as refused:
        registratie_weigering_log(request=request, user=user, client_id=refused.client_id)
        raise ValidationError(IDENTITEIT_ONJUIST, code="identiteit") from None


@transaction.atomic
def _client_register(
    *,
    user: User,
    request: HttpRequest | None,
    bsn: str,
    client_fields: dict,
    aanmelding_fields: dict | None,
) -> Registratie:
    _lock_bsn(bsn)
    client = Client.objects.filter(bsn_hash=bsn_hash(bsn)).first()
    bestond_al = client is not None
    if client is None:
        client, bestond_al = _client_create(
            user=user, request=request, bsn=bsn, client_fields=client_fields
        )
    if not bestond_al:
        zichtbaar_vooraf = True
    else:
        if not identiteit_klopt(client, client_fields):
            raise _IdentiteitWijktAf(client.pk)
        zichtbaar_vooraf = Client.objects.visible_to(user).filter(pk=client.pk).exists()
    if aanmelding_fields is None:
        return Registratie(client=client, aanmelding=None, bestond_al=bestond_al)
    fields = dict(aanmelding_fields)
    netwerk = netwerk_of(client.gemeente, fields["datum"])
    fields["organisatie"] = _registrant_organisatie(user, netwerk, fields.get("organisatie"))
    eigen = acting_membership(user)
    doorgestuurd = eigen is None or eigen.netwerk_id != netwerk.pk
    wachtend = client.aanmeldingen.wachtend().first() if not zichtbaar_vooraf else None
    if wachtend is not None:
        referral = {key: fields[key] for key in REFERRAL_FIELDS if key in fields}
        aanmelding = _add_referral(user=user, request=request, aanmelding=wachtend, **referral)
    else:
        aanmelding = aanmelding_create(
            user=user,
            request=request,
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
        zichtbaar=Client.objects.visible_to(user).filter(pk=client.pk).exists(),
        netwerk=netwerk,
    )


def _client_create(
    *, user: User, request: HttpRequest | None, bsn: str, client_fields: dict
) -> tuple[Client, bool]:
    """A new client, or (client, True) for the one a path without the BSN lock wrote a
    moment ago: that record is then treated as known."""
    client = Client(
        bsn=bsn,
        bsn_hash=bsn_hash(bsn),
        netwerk=netwerk_of(client_fields["gemeente"], _today()),
        aangemaakt_door=user,
        **client_fields,
    )
    try:
        with transaction.atomic():
            _save(client, user)
    except (IntegrityError, ValidationError):
        existing = Client.objects.filter(bsn_hash=client.bsn_hash).first()
        if existing is None:
            raise
        return existing, True
    _log(request, user, AccessAction.AANMAKEN, client, client.pk)
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


REFERRAL_FIELDS = ("datum", "verwijzer_type", "verwijzer_naam", "urgentie", "notitie")


def _add_referral(
    *,
    user: User,
    request: HttpRequest | None,
    aanmelding: Aanmelding,
    datum: dt.date,
    verwijzer_type: str,
    verwijzer_naam: str = "",
    urgentie: str = "normaal",
    notitie: str = "",
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
    _save(aanmelding, user)
    _log(request, user, AccessAction.WIJZIGEN, aanmelding, aanmelding.client_id)
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
def client_update(
    *, user: User, request: HttpRequest | None = None, client: Client, **fields
) -> Client:
    for name, value in fields.items():
        setattr(client, name, value)
    if "gemeente" in fields:
        client.netwerk = netwerk_of(client.gemeente, _today())
    _save(client, user)
    _log(request, user, AccessAction.WIJZIGEN, client, client.pk)
    return client


@transaction.atomic
def mantelzorger_save(
    *, user: User, request: HttpRequest | None = None, mantelzorger: Mantelzorger
) -> Mantelzorger:
    """Add or change a carer. Marking one as primary un-marks the previous primary carer."""
    if mantelzorger.is_primair:
        Mantelzorger.objects.filter(client_id=mantelzorger.client_id, is_primair=True).exclude(
            pk=mantelzorger.pk
        ).update(is_primair=False)
    created = mantelzorger.pk is None
    _save(mantelzorger, user)
    action = AccessAction.AANMAKEN if created else AccessAction.WIJZIGEN
    _log(request, user, action, mantelzorger, mantelzorger.client_id)
    return mantelzorger


# --- Aanmelding and its events ----------------------------------------------------------------


def _check_aanbieder(netwerk: Netwerk, organisatie: Organisatie | None, datum: dt.date) -> None:
    if organisatie is not None and not is_casemanagement_aanbieder(
        netwerk_id=netwerk.pk, organisatie_id=organisatie.pk, peildatum=datum
    ):
        raise ValidationError(
            {
                "organisatie": _(
                    "%(org)s levert geen casemanagement in %(netwerk)s: alleen aangesloten "
                    "aanbieders kunnen aanmeldingen ontvangen."
                )
                % {"org": organisatie, "netwerk": netwerk}
            }
        )


@transaction.atomic
def aanmelding_create(
    *,
    user: User,
    request: HttpRequest | None = None,
    client: Client,
    datum: dt.date,
    verwijzer_type: str,
    verwijzer_naam: str = "",
    urgentie: str = "normaal",
    notitie: str = "",
    netwerk: Netwerk | None = None,
    netwerk_reden: str = "",
    organisatie: Organisatie | None = None,
    vestiging: Vestiging | None = None,
    afgeschermd: bool = False,
) -> Aanmelding:
    """A referral. The network follows the client's gemeente unless another is chosen with a
    reason. Refused while the client is still waiting on an earlier aanmelding.
    ``afgeschermd``: the aanbieder gets no access through it until it is assigned."""
    # lock the client so a double submit waits for the first and then gets the message
    Client.objects.select_for_update().filter(pk=client.pk).first()
    _check_event_date(datum, "datum")
    eigen_netwerk = netwerk_of(client.gemeente, datum)
    netwerk = netwerk or eigen_netwerk
    if netwerk != eigen_netwerk and not netwerk_reden.strip():
        raise ValidationError(
            {
                "netwerk_reden": _(
                    "De woongemeente hoort bij %(netwerk)s. Geef een reden voor een ander netwerk."
                )
                % {"netwerk": eigen_netwerk}
            }
        )
    _check_aanbieder(netwerk, organisatie, datum)
    if (
        vestiging is not None
        and organisatie is not None
        and vestiging.organisatie_id != organisatie.pk
    ):
        raise ValidationError({"vestiging": _("Deze vestiging hoort niet bij de aanbieder.")})
    aanmelding = Aanmelding(
        client=client,
        netwerk=netwerk,
        netwerk_reden=netwerk_reden,
        organisatie=organisatie,
        vestiging=vestiging,
        datum=datum,
        verwijzer_type=verwijzer_type,
        verwijzer_naam=verwijzer_naam,
        urgentie=urgentie,
        notitie=notitie,
        afgeschermd=afgeschermd,
        aangemaakt_door=user,
    )
    try:
        with transaction.atomic():
            _save(aanmelding, user)
    except IntegrityError as error:  # only reachable when the lock above was bypassed
        raise ValidationError(_("Deze cliënt staat al op de wachtlijst.")) from error
    _log(request, user, AccessAction.AANMAKEN, aanmelding, client.pk)
    return aanmelding


def _locked_aanmelding(aanmelding: Aanmelding) -> Aanmelding:
    return (
        Aanmelding.objects.select_for_update(of=("self",))
        .select_related("client", "netwerk")
        .get(pk=aanmelding.pk)
    )


def _ensure_waiting(aanmelding: Aanmelding) -> None:
    if not aanmelding.is_wachtend:
        raise ValidationError(_("Deze aanmelding staat niet meer op de wachtlijst."))


@transaction.atomic
def aanmelding_change_netwerk(
    *,
    user: User,
    request: HttpRequest | None = None,
    aanmelding: Aanmelding,
    netwerk: Netwerk,
    reden: str,
) -> Aanmelding:
    aanmelding = _locked_aanmelding(aanmelding)
    _ensure_waiting(aanmelding)
    if hasattr(aanmelding, "traject"):
        raise ValidationError(_("De aanmelding is al toegewezen; wijzig eerst de toewijzing."))
    if not reden.strip():
        raise ValidationError({"reden": _("Geef een reden voor het andere netwerk.")})
    aanmelding.netwerk = netwerk
    aanmelding.netwerk_reden = reden
    if aanmelding.organisatie is not None:
        _check_aanbieder(netwerk, aanmelding.organisatie, aanmelding.datum)
    _save(aanmelding, user)
    _log(request, user, AccessAction.WIJZIGEN, aanmelding, aanmelding.client_id)
    return aanmelding


@transaction.atomic
def uitstel_add(
    *,
    user: User,
    request: HttpRequest | None = None,
    aanmelding: Aanmelding,
    van: dt.date,
    tot: dt.date,
    reden: str = "",
) -> Uitstel:
    """Postponement at the client's own request while waiting (from ``van`` until ``tot``,
    the day the client is available again)."""
    aanmelding = _locked_aanmelding(aanmelding)
    _ensure_waiting(aanmelding)
    if van < aanmelding.datum:
        raise ValidationError({"van": _("Het uitstel begint voor de datum van aanmelding.")})
    uitstel = _save(Uitstel(aanmelding=aanmelding, van=van, tot=tot, reden=reden), user)
    _log(request, user, AccessAction.WIJZIGEN, aanmelding, aanmelding.client_id)
    return uitstel


@transaction.atomic
def aanmelding_afmelden(
    *,
    user: User,
    request: HttpRequest | None = None,
    aanmelding: Aanmelding,
    datum: dt.date,
    reden: str,
) -> Aanmelding:
    """The client leaves the waitlist without being taken into care (not counted as helped).
    An assigned but not yet started traject ends with it."""
    aanmelding = _locked_aanmelding(aanmelding)
    _ensure_waiting(aanmelding)
    _check_event_date(datum, "datum")
    aanmelding.afgemeld_op = datum
    aanmelding.afmeldreden = reden
    _save(aanmelding, user)
    traject = Traject.objects.select_for_update(of=("self",)).filter(aanmelding=aanmelding).first()
    if traject is not None and traject.is_open:
        traject.einddatum = max(datum, traject.toegewezen_op)
        traject.eindreden = _eindreden_for(reden)
        _save(traject, user)
    _set_fase(user, aanmelding.client_id, _eindreden_for(reden) if reden != "anders" else None)
    _log(request, user, AccessAction.WIJZIGEN, aanmelding, aanmelding.client_id)
    return aanmelding


def _set_fase(user: User, client_id: int, eindreden: str | None) -> None:
    """After opname, overlijden, verhuizing or afzien the client's fase follows."""
    if eindreden not in FASE_BIJ_EINDE:
        return
    client = Client.objects.select_for_update().get(pk=client_id)
    client.fase = FASE_BIJ_EINDE[eindreden]
    client.wlz_indicatie = client.wlz_indicatie or eindreden == Eindreden.OPNAME
    _save(client, user)


def _eindreden_for(afmeldreden: str) -> str:
    for eindreden, reden in AFMELDREDEN_BIJ_EINDE.items():
        if reden == afmeldreden and eindreden != Eindreden.HUISARTS:
            return eindreden
    return Eindreden.AFZIEN


# --- Casemanagers ---------------------------------------------------------------------------


def check_casemanager_organisatie(*, netwerk_id: int, organisatie_id: int) -> None:
    """Rule 3 for a casemanager's profile: the organisation provides casemanagement in the
    network today. Checked when a profile changes, when an invitation is sent and again
    when it is accepted."""
    if not is_casemanagement_aanbieder(
        netwerk_id=netwerk_id, organisatie_id=organisatie_id, peildatum=_today()
    ):
        raise ValidationError(
            {
                "organisatie": _(
                    "Deze organisatie is niet aangesloten als aanbieder van casemanagement in dit "
                    "netwerk."
                )
            }
        )


@transaction.atomic
def casemanager_save(
    *, user: User, casemanager: Casemanager, werkgebied: Iterable[Gemeente] | None = None
) -> Casemanager:
    """Change an existing casemanager profile. The organisation must provide casemanagement
    in the network (rule 3); the user gets the matching casemanager membership. A new
    profile comes only from an accepted invitation (services_uitnodiging), which checks
    that the account may become a casemanager."""
    if casemanager.pk is None:
        raise ValueError("casemanager_save changes a profile; invite to create one")
    check_casemanager_organisatie(
        netwerk_id=casemanager.netwerk_id, organisatie_id=casemanager.organisatie_id
    )
    _save(casemanager, user)
    if werkgebied is not None:
        casemanager.werkgebied.set(werkgebied)
    Membership.objects.get_or_create(
        user_id=casemanager.user_id,
        rol=Role.CASEMANAGER,
        netwerk_id=casemanager.netwerk_id,
        organisatie_id=casemanager.organisatie_id,
        defaults={"actief": True},
    )
    return casemanager


def caseload(casemanager: Casemanager) -> int:
    return Traject.objects.filter(casemanager=casemanager, einddatum__isnull=True).count()


class CaseloadVol(ValidationError):
    """The casemanager has no free place; an explicit override with a reason is needed."""

    def __init__(self, casemanager: Casemanager, load: int, capaciteit: int):
        super().__init__(
            _(
                "%(cm)s heeft al %(load)s cliënten bij een norm van %(cap)s. Toewijzen boven de "
                "norm kan alleen met een reden, die wordt vastgelegd."
            )
            % {"cm": casemanager, "load": load, "cap": capaciteit},
            code="caseload_vol",
        )
        self.load = load
        self.capaciteit = capaciteit


def _record_override(
    traject: Traject, casemanager: Casemanager, load: int, capaciteit: int, reden: str, user: User
) -> None:
    """Log an assignment past the caseload norm (rule 2): who, why, at which load."""
    if load < capaciteit:
        return
    ToewijzingOverride.objects.create(
        traject=traject,
        casemanager=casemanager,
        caseload=load,
        capaciteit=capaciteit,
        reden=reden.strip(),
        door=user,
    )
    logger.info(
        "assignment_over_norm traject=%s casemanager=%s caseload=%s capaciteit=%s",
        traject.pk,
        casemanager.pk,
        load,
        capaciteit,
    )


def _claim_place(
    *, user: User, casemanager: Casemanager, override_reden: str
) -> tuple[Casemanager, int, int]:
    """Lock the casemanager row, then count: concurrent assignments to the same casemanager
    queue here, so only as many succeed as there are free places."""
    locked = (
        Casemanager.objects.select_for_update(of=("self",))
        .select_related("netwerk", "organisatie")
        .get(pk=casemanager.pk)
    )
    if not locked.actief:
        raise ValidationError({"casemanager": _("Deze casemanager is niet meer actief.")})
    load = caseload(locked)
    capaciteit = locked.capaciteit(locked.netwerk.caseload_norm)
    if load >= capaciteit and not override_reden.strip():
        raise CaseloadVol(locked, load, capaciteit)
    return locked, load, capaciteit


@transaction.atomic
def aanmelding_assign(
    *,
    user: User,
    request: HttpRequest | None = None,
    aanmelding: Aanmelding,
    casemanager: Casemanager,
    override_reden: str = "",
    op: dt.date | None = None,
) -> Traject:
    """Toewijzing: give a waiting aanmelding a vaste casemanager, creating the traject."""
    op = op or _today()
    aanmelding = _locked_aanmelding(aanmelding)
    _ensure_waiting(aanmelding)
    _check_event_date(op, "op")
    if op < aanmelding.datum:
        raise ValidationError({"op": _("De toewijzing ligt voor de datum van aanmelding.")})
    if Traject.objects.filter(aanmelding=aanmelding).exists():
        raise ValidationError(_("Deze aanmelding is al toegewezen."))
    if casemanager.netwerk_id != aanmelding.netwerk_id:
        raise ValidationError({"casemanager": _("Deze casemanager werkt niet in dit netwerk.")})
    _check_aanbieder(aanmelding.netwerk, casemanager.organisatie, op)
    locked, load, capaciteit = _claim_place(
        user=user, casemanager=casemanager, override_reden=override_reden
    )
    traject = Traject(
        client=aanmelding.client,
        aanmelding=aanmelding,
        netwerk_id=aanmelding.netwerk_id,
        organisatie_id=locked.organisatie_id,
        casemanager=locked,
        toegewezen_op=op,
    )
    try:
        with transaction.atomic():
            traject.full_clean(validate_constraints=False)
            traject._history_user = user
            traject.save()
    except IntegrityError as error:
        raise ValidationError(_("Deze cliënt heeft al een lopend traject.")) from error
    _record_override(traject, locked, load, capaciteit, override_reden, user)
    aanmelding.toegewezen_op = op
    if aanmelding.organisatie_id is None:
        aanmelding.organisatie_id = locked.organisatie_id
    _save(aanmelding, user)
    _log(request, user, AccessAction.AANMAKEN, traject, aanmelding.client_id)
    return traject


# --- Trajecten ------------------------------------------------------------------------------


def _locked_traject(traject: Traject, *, nazorg_on: dt.date | None = None) -> Traject:
    """The traject row locked (only that row, not the joined ones). Refused when closed,
    unless ``nazorg_on`` falls within the nazorg period for the carer."""
    locked = (
        Traject.objects.select_for_update(of=("self",))
        .select_related("casemanager", "aanmelding", "client", "netwerk")
        .get(pk=traject.pk)
    )
    in_nazorg = nazorg_on is not None and locked.nazorg_tot and nazorg_on <= locked.nazorg_tot
    if not locked.is_open and not in_nazorg:
        raise ValidationError(_("Dit traject is afgesloten."))
    return locked


@transaction.atomic
def contact_log(
    *,
    user: User,
    request: HttpRequest | None = None,
    traject: Traject,
    casemanager: Casemanager,
    datum: dt.date,
    type: str,
    minuten: int,
    met_wie: Iterable[str] = (MetWie.CLIENT,),
    notitie: str = "",
    idempotentie_sleutel: uuid.UUID | None = None,
) -> Contactmoment:
    """Log a contact. The first contact of the traject's own casemanager with the client takes
    the client into care: the traject starts and the waitlist clock stops on that date (also
    when an earlier contact is entered later). After the traject ended, contacts can still be
    logged during the nazorg period for the carer.

    With ``idempotentie_sleutel`` (the form's key, or a sender's own key) a second call with
    the same key returns the contact of the first instead of adding one: the traject row is
    locked first, so even simultaneous submits find each other."""
    traject = _locked_traject(traject, nazorg_on=datum)
    if idempotentie_sleutel is not None:
        eerder = Contactmoment.objects.filter(idempotentie_sleutel=idempotentie_sleutel).first()
        if eerder is not None:
            if eerder.traject_id != traject.pk or eerder.casemanager_id != casemanager.pk:
                raise ValidationError(
                    _("Dit formulier is al gebruikt. Open het opnieuw en vul het nog eens in.")
                )
            return eerder
    _check_event_date(datum, "datum")
    if datum < traject.aanmelding.datum:
        raise ValidationError({"datum": _("Dit contact ligt voor de datum van aanmelding.")})
    if not casemanager.actief or casemanager.netwerk_id != traject.netwerk_id:
        raise ValidationError(
            _("U werkt niet (meer) als casemanager in het netwerk van deze cliënt.")
        )
    contact = _save(
        Contactmoment(
            traject=traject,
            casemanager=casemanager,
            organisatie_id=traject.organisatie_id,
            datum=datum,
            type=type,
            minuten=minuten,
            met_wie=list(met_wie),
            notitie=notitie,
            idempotentie_sleutel=idempotentie_sleutel,
        ),
        user,
    )
    aanmelding = traject.aanmelding
    is_first = (
        traject.is_open
        and casemanager.pk == traject.casemanager_id
        and MetWie.CLIENT in contact.met_wie
        and (aanmelding.eerste_contact_op is None or datum < aanmelding.eerste_contact_op)
    )
    if is_first:
        aanmelding = _locked_aanmelding(aanmelding)
        aanmelding.eerste_contact_op = datum
        _save(aanmelding, user)
        traject.startdatum = max(datum, traject.toegewezen_op)
        _save(traject, user)
    _log(request, user, AccessAction.AANMAKEN, contact, traject.client_id)
    return contact


@transaction.atomic
def traject_set_intensiteit(
    *,
    user: User,
    request: HttpRequest | None = None,
    traject: Traject,
    intensiteit: str,
    datum: dt.date | None = None,
) -> Traject:
    """Scale up or down; the same casemanager stays, the change is kept with its date."""
    traject = _locked_traject(traject)
    datum = datum or _today()
    if intensiteit == traject.intensiteit:
        raise ValidationError({"intensiteit": _("Het traject heeft deze intensiteit al.")})
    traject.intensiteit = intensiteit
    _save(traject, user)
    IntensiteitWijziging.objects.create(
        traject=traject, datum=datum, intensiteit=intensiteit, door=user
    )
    _log(request, user, AccessAction.WIJZIGEN, traject, traject.client_id)
    return traject


@transaction.atomic
def traject_change_casemanager(
    *,
    user: User,
    request: HttpRequest | None = None,
    traject: Traject,
    casemanager: Casemanager,
    reden: str,
    override_reden: str = "",
) -> Traject:
    """Another casemanager of the same organisation, with a reason (continuity is the rule,
    a change the exception). A casemanager of another organisation: use traject_transfer."""
    traject = _locked_traject(traject)
    if casemanager.organisatie_id != traject.organisatie_id:
        raise ValidationError(
            {
                "casemanager": _(
                    "Deze casemanager werkt bij een andere organisatie. Draag het traject over "
                    "aan die organisatie; dan wordt de overdracht vastgelegd."
                )
            }
        )
    _change_casemanager(
        user=user,
        traject=traject,
        casemanager=casemanager,
        reden=reden,
        override_reden=override_reden,
    )
    _log(request, user, AccessAction.WIJZIGEN, traject, traject.client_id)
    return traject


def _change_casemanager(
    *, user: User, traject: Traject, casemanager: Casemanager, reden: str, override_reden: str
) -> None:
    """Give a locked traject another casemanager: reason required, norm checked, logged."""
    if not reden.strip():
        raise ValidationError({"reden": _("Geef de reden voor de wissel van casemanager.")})
    if casemanager.pk == traject.casemanager_id:
        raise ValidationError({"casemanager": _("Dit is al de casemanager van dit traject.")})
    if casemanager.netwerk_id != traject.netwerk_id:
        raise ValidationError({"casemanager": _("Deze casemanager werkt niet in dit netwerk.")})
    _check_aanbieder(traject.netwerk, casemanager.organisatie, _today())
    locked, load, capaciteit = _claim_place(
        user=user, casemanager=casemanager, override_reden=override_reden
    )
    CasemanagerWissel.objects.create(
        traject=traject,
        datum=_today(),
        van=traject.casemanager,
        naar=locked,
        reden=reden,
        door=user,
    )
    _record_override(traject, locked, load, capaciteit, override_reden, user)
    traject.casemanager = locked
    traject.organisatie_id = locked.organisatie_id
    _save(traject, user)


def _follow_not_started(traject: Traject, organisatie: Organisatie, user: User) -> None:
    """While the client waits for the first contact, the aanmelding (and with it the NZa
    waitlist of the provider) moves along with the traject."""
    if traject.startdatum is None:
        aanmelding = _locked_aanmelding(traject.aanmelding)
        aanmelding.organisatie = organisatie
        aanmelding.vestiging = None
        _save(aanmelding, user)


@transaction.atomic
def casemanager_move(
    *, user: User, casemanager: Casemanager, naar_organisatie: Organisatie, reden: str
) -> int:
    """A casemanager moves to another provider (e.g. theirs stops) and takes their open
    trajecten along: the clients keep their own casemanager. Returns how many moved."""
    casemanager = Casemanager.objects.select_for_update(of=("self",)).get(pk=casemanager.pk)
    if naar_organisatie.pk == casemanager.organisatie_id:
        raise ValidationError({"organisatie": _("De casemanager werkt al bij deze organisatie.")})
    if not reden.strip():
        raise ValidationError({"reden": _("Geef de reden van de overgang.")})
    van = casemanager.organisatie
    casemanager.organisatie = naar_organisatie
    casemanager_save(user=user, casemanager=casemanager)
    # they act for the new organisation from now on, no longer for the old one
    Membership.objects.filter(
        user_id=casemanager.user_id,
        rol=Role.CASEMANAGER,
        netwerk_id=casemanager.netwerk_id,
        organisatie=van,
    ).update(actief=False)
    Membership.objects.filter(
        user_id=casemanager.user_id,
        rol=Role.CASEMANAGER,
        netwerk_id=casemanager.netwerk_id,
        organisatie=naar_organisatie,
    ).update(actief=True)
    moved = 0
    for traject in Traject.objects.select_for_update(of=("self",)).filter(
        casemanager=casemanager, einddatum__isnull=True
    ):
        Overdracht.objects.create(
            traject=traject,
            datum=_today(),
            van_organisatie=van,
            naar_organisatie=naar_organisatie,
            casemanager_behouden=True,
            reden=reden,
            door=user,
        )
        traject.organisatie = naar_organisatie
        _save(traject, user)
        _follow_not_started(traject, naar_organisatie, user)
        access_log_record(
            request=None,
            user=user,
            action=AccessAction.WIJZIGEN,
            object_type="traject",
            object_id=traject.pk,
            client_id=traject.client_id,
        )
        moved += 1
    return moved


@transaction.atomic
def traject_transfer(
    *,
    user: User,
    request: HttpRequest | None = None,
    traject: Traject,
    naar_organisatie: Organisatie,
    reden: str,
    casemanager: Casemanager | None = None,
    override_reden: str = "",
) -> Traject:
    """Transfer one traject to another provider. The casemanager stays when they work for the
    new provider; otherwise a casemanager of the new provider takes over (with the reason)."""
    traject = _locked_traject(traject)
    if not reden.strip():
        raise ValidationError({"reden": _("Geef de reden van de overdracht.")})
    _check_aanbieder(traject.netwerk, naar_organisatie, _today())
    nieuwe = casemanager or traject.casemanager
    if nieuwe.organisatie_id != naar_organisatie.pk:
        raise ValidationError(
            {
                "casemanager": _(
                    "De huidige casemanager werkt niet bij %(org)s. Kies een casemanager van die "
                    "organisatie, of laat de casemanager eerst meeverhuizen."
                )
                % {"org": naar_organisatie}
            }
        )
    behouden = nieuwe.pk == traject.casemanager_id
    Overdracht.objects.create(
        traject=traject,
        datum=_today(),
        van_organisatie=traject.organisatie,
        naar_organisatie=naar_organisatie,
        casemanager_behouden=behouden,
        reden=reden,
        door=user,
    )
    if not behouden:
        _change_casemanager(
            user=user,
            traject=traject,
            casemanager=nieuwe,
            reden=reden,
            override_reden=override_reden,
        )
    traject.organisatie = naar_organisatie
    _save(traject, user)
    _follow_not_started(traject, naar_organisatie, user)
    _log(request, user, AccessAction.WIJZIGEN, traject, traject.client_id)
    return traject


@transaction.atomic
def traject_close(
    *,
    user: User,
    request: HttpRequest | None = None,
    traject: Traject,
    datum: dt.date,
    reden: str,
    nazorg_dagen: int | None = None,
) -> Traject:
    """End the traject with a reason. After opname or overlijden, nazorg for the carer runs for
    a set period (default 3 months). A traject that never started ends the waitlist too."""
    traject = _locked_traject(traject)
    _check_event_date(datum, "datum")
    if datum < (traject.startdatum or traject.toegewezen_op):
        raise ValidationError(
            {"datum": _("Het traject kan niet eindigen voor het begon of werd toegewezen.")}
        )
    traject.einddatum = datum
    traject.eindreden = reden
    dagen = NAZORG_STANDAARD.get(reden, 0) if nazorg_dagen is None else nazorg_dagen
    traject.nazorg_tot = datum + dt.timedelta(days=dagen) if dagen else None
    _save(traject, user)
    if traject.startdatum is None:
        aanmelding = _locked_aanmelding(traject.aanmelding)
        if aanmelding.is_wachtend:
            aanmelding.afgemeld_op = datum
            aanmelding.afmeldreden = AFMELDREDEN_BIJ_EINDE[reden]
            _save(aanmelding, user)
    _set_fase(user, traject.client_id, reden)
    _log(request, user, AccessAction.WIJZIGEN, traject, traject.client_id)
    return traject


# --- Indicatie ------------------------------------------------------------------------------


@transaction.atomic
def indicatie_create(
    *,
    user: User,
    request: HttpRequest | None = None,
    traject: Traject,
    opgesteld_door: Casemanager,
    uren: Decimal,
    periode_van: dt.date,
    periode_tot: dt.date,
    medeondertekening_door: Casemanager | None = None,
) -> Indicatie:
    """A verpleegkundige sets a valid indication; a sociaal-werk casemanager prepares one and
    asks a verpleegkundige to co-sign it (rule 4)."""
    traject = _locked_traject(traject)
    if not opgesteld_door.is_verpleegkundige:
        if medeondertekening_door is None:
            raise ValidationError(
                {
                    "medeondertekening_door": _(
                        "Een indicatie van een casemanager met achtergrond sociaal werk is pas "
                        "geldig na medeondertekening. Kies de verpleegkundige die meetekent."
                    )
                }
            )
        _check_cosigner(medeondertekening_door, traject, opgesteld_door, "medeondertekening_door")
    else:
        medeondertekening_door = None
    indicatie = _save(
        Indicatie(
            traject=traject,
            uren=uren,
            periode_van=periode_van,
            periode_tot=periode_tot,
            opgesteld_door=opgesteld_door,
            medeondertekening_door=medeondertekening_door,
        ),
        user,
    )
    _log(request, user, AccessAction.AANMAKEN, indicatie, traject.client_id)
    return indicatie


def _check_cosigner(
    cosigner: Casemanager, traject: Traject, author: Casemanager, field: str
) -> None:
    if not cosigner.is_verpleegkundige:
        raise ValidationError(
            {field: _("Alleen een verpleegkundige kan een indicatie medeondertekenen.")}
        )
    if cosigner.pk == author.pk:
        raise ValidationError({field: _("De opsteller kan niet zelf medeondertekenen.")})
    if cosigner.netwerk_id != traject.netwerk_id or not cosigner.actief:
        raise ValidationError({field: _("Deze verpleegkundige werkt niet (meer) in dit netwerk.")})


@transaction.atomic
def indicatie_cosign(
    *,
    user: User,
    request: HttpRequest | None = None,
    indicatie: Indicatie,
    door: Casemanager | None,
) -> Indicatie:
    """Co-sign an indication: only the verpleegkundige it was asked of (rule 4)."""
    indicatie = (
        Indicatie.objects.select_for_update()
        .select_related("traject", "opgesteld_door")
        .get(pk=indicatie.pk)
    )
    if indicatie.medeondertekend_door_id is not None or indicatie.opgesteld_door.is_verpleegkundige:
        raise ValidationError(_("Deze indicatie is al geldig."))
    if door is None or door.pk != indicatie.medeondertekening_door_id:
        raise ValidationError(
            _(
                "Alleen de verpleegkundige aan wie het gevraagd is, kan deze indicatie "
                "medeondertekenen."
            )
        )
    _check_cosigner(door, indicatie.traject, indicatie.opgesteld_door, "door")
    indicatie.medeondertekend_door = door
    indicatie.medeondertekend_op = timezone.now()
    _save(indicatie, user)
    _log(request, user, AccessAction.WIJZIGEN, indicatie, indicatie.traject.client_id)
    return indicatie


# --- Metingen -------------------------------------------------------------------------------


@transaction.atomic
def meting_add(
    *,
    user: User,
    request: HttpRequest | None = None,
    traject: Traject,
    datum: dt.date,
    type: str,
    score: Decimal | None = None,
    volhoudtijd: str = "",
) -> Meting:
    _check_event_date(datum, "datum")
    if type == MetingType.VOLHOUDTIJD:
        score = None
        if not volhoudtijd:
            raise ValidationError({"volhoudtijd": _("Kies hoe lang de mantelzorger het volhoudt.")})
    else:
        volhoudtijd = ""
        if score is None:
            raise ValidationError({"score": _("Vul de score in.")})
    meting = _save(
        Meting(
            traject=traject, datum=datum, type=type, score=score, volhoudtijd=volhoudtijd, door=user
        ),
        user,
    )
    _log(request, user, AccessAction.AANMAKEN, meting, traject.client_id)
    return meting
