"""Writes of the inkoop app: one function per use case, transactional, taking the ``actor``
and checking its right (inkoop.permissions) itself.

Changes are recorded by django-simple-history with the acting user as ``_history_user``.
Who may act is checked here against inkoop.permissions (PermissionDenied); these
functions also enforce the domain rules (when: the contract's status, full_clean and the
database constraints).

A contract's life (docs/decisions/0009-insurer-visibility.md): the insurer drafts it
(concept) and offers it (aangeboden); the network side accepts it (afgesloten, with who and
when) or declines it with a reason (back to concept); either side ends it (beeindigd). Any
change of the terms of an offered or accepted contract sends it back to concept: what the
network accepted is exactly what the contract says.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, require
from accounts.models import User
from netwerk.models import Netwerk, Organisatie, Zorgverzekeraar

from .models import (
    UNIQUE_CONTRACT_MESSAGE,
    UNIQUE_INDICATOR_MESSAGE,
    Contract,
    ContractIndicator,
    ContractStatus,
)
from .permissions import (
    can_change_contract,
    can_create_contract,
    can_decide_contract,
    can_end_contract,
    can_offer_contract,
)

CONTRACT_FIELDS = {
    "zorgverzekeraar",
    "organisatie",
    "netwerk",
    "jaar",
    "volume_uren",
    "volume_clienten",
    "tarief_per_uur",
    "aansluiting_vereist",
    "conform_zorgstandaard",
    "resultaatafspraken",
}
UNIQUE_CONSTRAINT_NAMES = {
    "contract_een_per_verzekeraar_organisatie_netwerk_jaar": UNIQUE_CONTRACT_MESSAGE,
    "contractindicator_naam_uniek_per_contract": UNIQUE_INDICATOR_MESSAGE,
}


def _save(instance: Model, user: User | None) -> Model:
    """full_clean + save, recording the acting user in the history. A concurrent request
    that saved the same natural key between the check and the save gets the same message as
    full_clean gives, not a server error."""
    instance.full_clean()
    instance._history_user = user
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        constraint = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
        if constraint in UNIQUE_CONSTRAINT_NAMES:
            raise ValidationError(UNIQUE_CONSTRAINT_NAMES[constraint], code="unique") from error
        raise
    return instance


@transaction.atomic
def contract_create(
    *,
    actor: Actor,
    zorgverzekeraar: Zorgverzekeraar,
    organisatie: Organisatie,
    netwerk: Netwerk,
    jaar: int,
    volume_uren: Decimal | None = None,
    volume_clienten: int | None = None,
    tarief_per_uur: Decimal | None = None,
    aansluiting_vereist: bool = True,
    conform_zorgstandaard: bool = True,
    resultaatafspraken: str = "",
) -> Contract:
    """A new contract, in concept: it counts for nothing until the insurer offers it and the
    network accepts it. Refused (ValidationError, in Dutch) when the insurer already has one
    with this organisation for this network and year, or when neither volume is given."""
    contract = Contract(
        zorgverzekeraar=zorgverzekeraar,
        organisatie=organisatie,
        netwerk=netwerk,
        jaar=jaar,
        volume_uren=volume_uren,
        volume_clienten=volume_clienten,
        tarief_per_uur=tarief_per_uur,
        aansluiting_vereist=aansluiting_vereist,
        conform_zorgstandaard=conform_zorgstandaard,
        resultaatafspraken=resultaatafspraken,
        status=ContractStatus.CONCEPT,
    )
    require(can_create_contract(actor.user) and can_change_contract(actor.user, contract))
    return _save(contract, actor.user)


def _locked(contract: Contract) -> Contract:
    """The contract's row, locked until the transaction ends, so that two changes of the same
    contract (an edit and an acceptance, say) apply one after the other on fresh data."""
    return Contract.objects.select_for_update().get(pk=contract.pk)


def _refuse_if_ended(contract: Contract) -> None:
    if contract.status == ContractStatus.BEEINDIGD:
        raise ValidationError(
            _("Dit contract is beëindigd en kan niet meer worden gewijzigd."), code="beeindigd"
        )


def _back_to_concept(contract: Contract) -> None:
    """The terms changed: what the network accepted (or was offered) no longer holds."""
    contract.status = ContractStatus.CONCEPT
    contract.geaccepteerd_door = None
    contract.geaccepteerd_op = None


@transaction.atomic
def contract_update(*, contract: Contract, actor: Actor, **fields) -> Contract:
    """Change a contract's terms. A changed offered or accepted contract goes back to concept
    (to be offered and accepted again); saving unchanged terms changes nothing. An ended
    contract is refused."""
    unknown = set(fields) - CONTRACT_FIELDS
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    contract = _locked(contract)
    require(can_change_contract(actor.user, contract))
    _refuse_if_ended(contract)
    changed = {name for name, value in fields.items() if getattr(contract, name) != value}
    if not changed:
        return contract
    for name in changed:
        setattr(contract, name, fields[name])
    _back_to_concept(contract)
    return _save(contract, actor.user)


@transaction.atomic
def contractindicator_create(
    *, contract: Contract, actor: Actor, naam: str, eenheid: str, streefwaarde: Decimal
) -> ContractIndicator:
    """A new indicator is a new term: an offered or accepted contract goes back to concept."""
    contract = _locked(contract)
    require(can_change_contract(actor.user, contract))
    _refuse_if_ended(contract)
    indicator = _save(
        ContractIndicator(contract=contract, naam=naam, eenheid=eenheid, streefwaarde=streefwaarde),
        actor.user,
    )
    if contract.status != ContractStatus.CONCEPT:
        _back_to_concept(contract)
        _save(contract, actor.user)
    return indicator


@transaction.atomic
def contract_offer(*, contract: Contract, actor: Actor) -> Contract:
    """The insurer offers its concept to the network, which may accept or decline it."""
    contract = _locked(contract)
    require(can_offer_contract(actor.user, contract))
    if contract.status != ContractStatus.CONCEPT:
        raise ValidationError(
            _("Alleen een contract in concept kan worden aangeboden."), code="status"
        )
    contract.status = ContractStatus.AANGEBODEN
    contract.afwijzing_reden = ""
    return _save(contract, actor.user)


@transaction.atomic
def contract_accept(*, contract: Contract, actor: Actor) -> Contract:
    """The network side accepts the offered contract as it stands: afgesloten, recording who
    accepted it and when. From then on it counts as capacity and lets the insurer read the
    network (netwerk.permissions)."""
    contract = _locked(contract)
    require(can_decide_contract(actor.user, contract))
    if contract.status != ContractStatus.AANGEBODEN:
        raise ValidationError(
            _(
                "Alleen een aangeboden contract kan worden geaccepteerd. Is het intussen "
                "gewijzigd of ingetrokken? Bekijk het contract opnieuw."
            ),
            code="status",
        )
    contract.status = ContractStatus.AFGESLOTEN
    contract.geaccepteerd_door = actor.user
    contract.geaccepteerd_op = timezone.now()
    contract.afwijzing_reden = ""
    return _save(contract, actor.user)


@transaction.atomic
def contract_decline(*, contract: Contract, actor: Actor, reden: str) -> Contract:
    """The network side declines the offer, with a reason the insurer reads; the contract
    goes back to concept for the insurer to change and offer again."""
    reden = reden.strip()
    if not reden:
        raise ValidationError(
            {"reden": _("Geef aan waarom het netwerk het contract niet accepteert.")},
            code="required",
        )
    contract = _locked(contract)
    require(can_decide_contract(actor.user, contract))
    if contract.status != ContractStatus.AANGEBODEN:
        raise ValidationError(
            _("Alleen een aangeboden contract kan worden afgewezen."), code="status"
        )
    contract.status = ContractStatus.CONCEPT
    contract.afwijzing_reden = reden
    return _save(contract, actor.user)


@transaction.atomic
def contract_end(*, contract: Contract, actor: Actor) -> Contract:
    """End the contract (either side). An accepted contract keeps its acceptance on record:
    the agreement existed, and the insurer keeps reading the network it had agreed with."""
    contract = _locked(contract)
    require(can_end_contract(actor.user, contract))
    _refuse_if_ended(contract)
    contract.status = ContractStatus.BEEINDIGD
    return _save(contract, actor.user)
