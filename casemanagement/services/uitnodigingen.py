"""Writes of casemanager invitations (docs/decisions/0010-casemanager-invitation.md).

A coordinator invites an e-mail address; the casemanager profile and its membership are
created only when the person behind the address accepts, on an account that may become a
casemanager. What the coordinator sees never depends on whether, or for what, an account
exists for the address: inviting never looks at the accounts at all.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor
from accounts.models import Role, User
from netwerk.models import Gemeente, Membership, Netwerk, Organisatie
from netwerk.selectors import werkgebied_gemeenten

from ..models import Casemanager, CasemanagerUitnodiging, UitnodigingStatus
from ..models.uitnodigingen import token_hash, token_new
from ..permissions import can_manage_casemanagers
from .toewijzing import check_casemanager_organisatie

logger = logging.getLogger(__name__)

DEFAULT_GELDIG_DAGEN = 14


def _geldig_dagen() -> int:
    return getattr(settings, "CASEMANAGER_UITNODIGING_GELDIG_DAGEN", DEFAULT_GELDIG_DAGEN)


def _require_coordinator(user: User, netwerk_id: int) -> None:
    if not can_manage_casemanagers(user, netwerk_id):
        raise PermissionDenied


def _check_werkgebied(netwerk: Netwerk, werkgebied: list[Gemeente]) -> None:
    allowed = set(werkgebied_gemeenten(netwerk, timezone.localdate()).values_list("pk", flat=True))
    if any(gemeente.pk not in allowed for gemeente in werkgebied):
        raise ValidationError(
            {"werkgebied": _("Kies alleen gemeenten uit het werkgebied van het netwerk.")}
        )


def accept_path(token: str) -> str:
    return reverse("casemanagement:uitnodiging_aannemen", args=[token])


def _send_mail(uitnodiging: CasemanagerUitnodiging, token: str) -> None:
    """After commit, the e-mail with the link. It holds the link, the network, the
    organisation and who invited: no client data. The same text whether or not an account
    exists for the address. A failing mail server does not undo the invitation: the failure
    is logged (without the address) and the coordinator can send it again."""
    link = f"{settings.SITE_URL.rstrip('/')}{accept_path(token)}"
    geldig_tot = timezone.localtime(uitnodiging.geldig_tot)
    onderwerp = _("Uitnodiging: casemanager dementie in %(netwerk)s") % {
        "netwerk": uitnodiging.netwerk.naam
    }
    tekst = _(
        "Beste %(naam)s,\n\n"
        "%(door)s nodigt u uit om in %(netwerk)s te werken als casemanager dementie van "
        "%(organisatie)s.\n\n"
        "Neem de uitnodiging aan via deze link:\n%(link)s\n\n"
        "De link werkt één keer en is geldig tot %(datum)s om %(tijd)s. Heeft u al een account "
        "met dit e-mailadres, dan logt u in en bevestigt u; anders kiest u een wachtwoord.\n\n"
        "Verwachtte u deze uitnodiging niet? Dan kunt u dit bericht negeren: er gebeurt dan "
        "niets.\n\nDementienetwerk"
    ) % {
        "naam": uitnodiging.naam,
        "door": uitnodiging.uitgenodigd_door.naam or _("De netwerkcoördinator"),
        "netwerk": uitnodiging.netwerk.naam,
        "organisatie": uitnodiging.organisatie.naam,
        "link": link,
        "datum": f"{geldig_tot:%d-%m-%Y}",
        "tijd": f"{geldig_tot:%H:%M}",
    }
    recipient = uitnodiging.email
    pk = uitnodiging.pk

    def send() -> None:
        try:
            send_mail(onderwerp, tekst, None, [recipient], fail_silently=False)
        except Exception as error:  # the mail server's problem must not become a 500
            logger.error(
                "casemanager_invitation_mail_failed uitnodiging=%s error=%s",
                pk,
                type(error).__name__,
            )
        else:
            logger.info("casemanager_invitation_mailed uitnodiging=%s", pk)

    transaction.on_commit(send)


def _give_token(uitnodiging: CasemanagerUitnodiging, now: dt.datetime) -> str:
    token = token_new()
    uitnodiging.token_hash = token_hash(token)
    uitnodiging.uitgenodigd_op = now
    uitnodiging.geldig_tot = now + dt.timedelta(days=_geldig_dagen())
    return token


@transaction.atomic
def casemanager_invite(
    *,
    actor: Actor,
    netwerk: Netwerk,
    email: str,
    naam: str,
    organisatie: Organisatie,
    achtergrond: str,
    fte: Decimal,
    werkgebied: Iterable[Gemeente] = (),
    big_nummer: str = "",
    registratie: str = "",
) -> CasemanagerUitnodiging:
    """Invite an e-mail address to work as casemanager of the organisation in the network,
    with this profile. Creates no account, profile or membership; mails the link after
    commit. The organisation must provide casemanagement in the network (rule 3).

    Never looks up accounts: the outcome, and so what the coordinator sees, is the same for
    an unknown address, a fresh one and one of any existing account. The only refusals
    besides the form's are about the coordinator's own network: an open invitation for the
    address, or a casemanager of this network with the address (both on their own pages)."""
    _require_coordinator(actor.user, netwerk.pk)
    email = User.objects.normalize_email(email.strip()).lower()
    werkgebied = list(werkgebied)
    check_casemanager_organisatie(netwerk_id=netwerk.pk, organisatie_id=organisatie.pk)
    _check_werkgebied(netwerk, werkgebied)
    _check_adres_in_eigen_netwerk(netwerk, email)
    now = timezone.now()
    uitnodiging = CasemanagerUitnodiging(
        netwerk=netwerk,
        email=email,
        naam=naam.strip(),
        organisatie=organisatie,
        achtergrond=achtergrond,
        fte=fte,
        big_nummer=big_nummer,
        registratie=registratie,
        uitgenodigd_door=actor.user,
    )
    token = _give_token(uitnodiging, now)
    uitnodiging.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            uitnodiging.save()
    except IntegrityError as error:  # a second coordinator's invitation came first
        raise ValidationError(
            {"email": _("Voor dit e-mailadres staat al een uitnodiging open.")}
        ) from error
    uitnodiging.werkgebied.set(werkgebied)
    _send_mail(uitnodiging, token)
    logger.info("casemanager_invited uitnodiging=%s netwerk=%s", uitnodiging.pk, netwerk.pk)
    return uitnodiging


def _check_adres_in_eigen_netwerk(netwerk: Netwerk, email: str) -> None:
    """What the coordinator may be told about an address: only about their own network."""
    if Casemanager.objects.filter(netwerk=netwerk, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": _("Met dit e-mailadres werkt al een casemanager in dit netwerk.")}
        )
    if CasemanagerUitnodiging.objects.filter(
        netwerk=netwerk, email__iexact=email, status=UitnodigingStatus.OPEN
    ).exists():
        raise ValidationError(
            {
                "email": _(
                    "Voor dit e-mailadres staat al een uitnodiging open. Verstuur die opnieuw "
                    "of trek haar in."
                )
            }
        )


def _locked_open(uitnodiging: CasemanagerUitnodiging) -> CasemanagerUitnodiging:
    locked = (
        CasemanagerUitnodiging.objects.select_for_update(of=("self",))
        .select_related("netwerk", "organisatie", "uitgenodigd_door")
        .get(pk=uitnodiging.pk)
    )
    if not locked.is_open():
        raise ValidationError(_("Deze uitnodiging staat niet meer open."))
    return locked


@transaction.atomic
def casemanager_invitation_resend(
    *, actor: Actor, uitnodiging: CasemanagerUitnodiging
) -> CasemanagerUitnodiging:
    """Send an open (also an expired) invitation again: a new link with a new term; the old
    link stops working. Rule 3 is checked again."""
    _require_coordinator(actor.user, uitnodiging.netwerk_id)
    uitnodiging = _locked_open(uitnodiging)
    check_casemanager_organisatie(
        netwerk_id=uitnodiging.netwerk_id, organisatie_id=uitnodiging.organisatie_id
    )
    token = _give_token(uitnodiging, timezone.now())
    uitnodiging.uitgenodigd_door = actor.user
    uitnodiging.save(
        update_fields=["token_hash", "uitgenodigd_op", "geldig_tot", "uitgenodigd_door"]
    )
    _send_mail(uitnodiging, token)
    logger.info("casemanager_invitation_resent uitnodiging=%s", uitnodiging.pk)
    return uitnodiging


@transaction.atomic
def casemanager_invitation_revoke(
    *, actor: Actor, uitnodiging: CasemanagerUitnodiging
) -> CasemanagerUitnodiging:
    """Withdraw an open invitation: its link stops working."""
    _require_coordinator(actor.user, uitnodiging.netwerk_id)
    uitnodiging = _locked_open(uitnodiging)
    uitnodiging.status = UitnodigingStatus.INGETROKKEN
    uitnodiging.afgehandeld_op = timezone.now()
    uitnodiging.afgehandeld_door = actor.user
    uitnodiging.save(update_fields=["status", "afgehandeld_op", "afgehandeld_door"])
    logger.info("casemanager_invitation_revoked uitnodiging=%s", uitnodiging.pk)
    return uitnodiging


# --- Accepting ------------------------------------------------------------------------------


def invitation_refusal(uitnodiging: CasemanagerUitnodiging | None, now: dt.datetime) -> str:
    """Why this link cannot be used (for the person holding it), or "" when it can."""
    if uitnodiging is None:
        return _(
            "Deze uitnodiging is niet (meer) geldig. Controleer of u de hele link uit de "
            "e-mail gebruikt."
        )
    if uitnodiging.status == UitnodigingStatus.AANGENOMEN:
        return _("Deze uitnodiging is al aangenomen. Log in met uw account.")
    if uitnodiging.status == UitnodigingStatus.INGETROKKEN:
        return _("Deze uitnodiging is ingetrokken door de netwerkcoördinator.")
    if uitnodiging.status == UitnodigingStatus.NIET_AANGENOMEN:
        return _("Deze uitnodiging is al gebruikt en kan niet opnieuw worden aangenomen.")
    if not uitnodiging.is_bruikbaar(now):
        return _(
            "Deze uitnodiging is verlopen. Vraag de netwerkcoördinator om haar opnieuw te "
            "versturen."
        )
    return ""


def account_refusal(account: User, uitnodiging: CasemanagerUitnodiging) -> str:
    """Why this account may not become a casemanager through this invitation, or "" when it
    may. Only the beheerder (Django admin) combines roles or moves a casemanager: an
    invitation never adds the casemanager role to an account that acts in another role, to
    a staff or superuser account, or to an account that is a casemanager already (it has a
    profile, one per account, or a casemanager membership elsewhere). Only active
    memberships count: an ended one gives no access."""
    actief = Membership.objects.filter(user=account, actief=True)
    if account.is_staff or account.is_superuser or actief.exclude(rol=Role.CASEMANAGER).exists():
        return _(
            "Dit account heeft al een andere rol; vraag de beheerder om u daarnaast de rol "
            "casemanager te geven. Via een uitnodiging kan dat niet."
        )
    elders = actief.exclude(netwerk=uitnodiging.netwerk, organisatie=uitnodiging.organisatie)
    if Casemanager.objects.filter(user=account).exists() or elders.exists():
        return _(
            "Dit account werkt al als casemanager en heeft een casemanagerprofiel; vraag de "
            "beheerder om het over te zetten. Via een uitnodiging kan dat niet."
        )
    return ""


def _password_messages(error: ValidationError) -> list[str]:
    """Django's password validators in Dutch: its Dutch translation of the length message
    no longer matches Django 5.2's text, so it would show in English. Known codes get our
    own text; anything else keeps the validator's message."""
    teksten = {
        "password_too_short": _(
            "Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens."
        ),
        "password_too_common": _("Dit wachtwoord wordt te vaak gebruikt. Kies een ander."),
        "password_entirely_numeric": _("Een wachtwoord mag niet alleen uit cijfers bestaan."),
        "password_too_similar": _("Dit wachtwoord lijkt te veel op uw %(verbose_name)s."),
    }
    messages = []
    for item in error.error_list:
        tekst = teksten.get(item.code or "")
        try:
            messages.append(tekst % (item.params or {}) if tekst else item.messages[0])
        except (KeyError, TypeError):
            messages.append(item.messages[0])
    return messages


def _account_exists() -> str:
    return _(
        "Er is al een account met dit e-mailadres. Log in met dat account om de uitnodiging "
        "aan te nemen."
    )


def _new_account(uitnodiging: CasemanagerUitnodiging, naam: str, password: str) -> User:
    naam = naam.strip()
    if not naam:
        raise ValidationError({"naam": _("Vul uw naam in.")})
    account = User(email=uitnodiging.email, naam=naam)
    try:
        password_validation.validate_password(password, user=account)
    except ValidationError as error:
        raise ValidationError({"password": _password_messages(error)}) from error
    account.set_password(password)
    account.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as error:  # an account with this address appeared meanwhile
        raise ValidationError(_account_exists()) from error
    return account


def casemanager_invitation_accept(
    *,
    token: str,
    actor: Actor,
    naam: str = "",
    password: str = "",
) -> Casemanager:
    """Accept the invitation whose link holds ``token``.

    ``actor.user`` is the logged-in account (its e-mail address must be the invited one), or None
    for someone without an account: then an account is created with ``naam`` and
    ``password`` (Django's password validators), unless one exists for the address (log in
    first). The account gets the invited profile and the casemanager membership of the
    organisation in the network; rule 3 is checked again.

    When the account may not become a casemanager this way (``account_refusal``), the
    invitation is closed as niet aangenomen, which is committed, and then ValidationError is
    raised with the reason for the person: call this outside a transaction of your own. Any
    other refusal changes nothing."""
    with transaction.atomic():
        uitnodiging = (
            CasemanagerUitnodiging.objects.select_for_update(of=("self",))
            .select_related("netwerk", "organisatie")
            .for_token(token)
        )
        now = timezone.now()
        refusal = invitation_refusal(uitnodiging, now)
        if refusal:
            raise ValidationError(refusal)
        check_casemanager_organisatie(
            netwerk_id=uitnodiging.netwerk_id, organisatie_id=uitnodiging.organisatie_id
        )
        if actor.user is not None:
            if actor.user.email.lower() != uitnodiging.email.lower():
                raise ValidationError(
                    _(
                        "Deze uitnodiging is voor een ander e-mailadres dan dat van het account "
                        "waarmee u bent ingelogd. Log uit en open de link opnieuw."
                    )
                )
            # serialise with another acceptance (or a beheerder) on the same account
            account = User.objects.select_for_update().get(pk=actor.user.pk)
        elif User.objects.filter(email__iexact=uitnodiging.email).exists():
            raise ValidationError(_account_exists())
        else:
            account = _new_account(uitnodiging, naam, password)
        refusal = account_refusal(account, uitnodiging)
        if not refusal:
            return _create_profile(uitnodiging, account, now)
        uitnodiging.status = UitnodigingStatus.NIET_AANGENOMEN
        uitnodiging.afgehandeld_op = now
        uitnodiging.afgehandeld_door = account
        uitnodiging.save(update_fields=["status", "afgehandeld_op", "afgehandeld_door"])
        logger.info(
            "casemanager_invitation_not_accepted uitnodiging=%s user=%s",
            uitnodiging.pk,
            account.pk,
        )
    raise ValidationError(refusal)


def _create_profile(
    uitnodiging: CasemanagerUitnodiging, account: User, now: dt.datetime
) -> Casemanager:
    casemanager = Casemanager(
        user=account,
        netwerk=uitnodiging.netwerk,
        organisatie=uitnodiging.organisatie,
        achtergrond=uitnodiging.achtergrond,
        fte=uitnodiging.fte,
        big_nummer=uitnodiging.big_nummer,
        registratie=uitnodiging.registratie,
        actief=True,
    )
    casemanager.full_clean()
    casemanager._history_user = account
    casemanager.save()
    casemanager.werkgebied.set(uitnodiging.werkgebied.all())
    membership, _created = Membership.objects.get_or_create(
        user=account,
        rol=Role.CASEMANAGER,
        netwerk=uitnodiging.netwerk,
        organisatie=uitnodiging.organisatie,
        defaults={"actief": True},
    )
    if not membership.actief:
        membership.actief = True
        membership.save(update_fields=["actief"])
    uitnodiging.status = UitnodigingStatus.AANGENOMEN
    uitnodiging.afgehandeld_op = now
    uitnodiging.afgehandeld_door = account
    uitnodiging.casemanager = casemanager
    uitnodiging.save(update_fields=["status", "afgehandeld_op", "afgehandeld_door", "casemanager"])
    logger.info(
        "casemanager_invitation_accepted uitnodiging=%s user=%s membership=%s",
        uitnodiging.pk,
        account.pk,
        membership.pk,
    )
    return casemanager
