"""Writes of the inkoop app: one function per use case, transactional, taking the acting user.

Changes are recorded by django-simple-history with the acting user as ``_history_user``.
Authorization is checked by the caller (views, API) through inkoop.permissions; these
functions enforce the domain rules (full_clean and the database constraints).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model

from accounts.models import User
from netwerk.models import Netwerk, Organisatie, Zorgverzekeraar

from .models import (
    UNIQUE_CONTRACT_MESSAGE,
    UNIQUE_INDICATOR_MESSAGE,
    Contract,
    ContractIndicator,
    ContractStatus,
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
    "status",
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
    user: User | None,
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
    status: str = ContractStatus.CONCEPT,
) -> Contract:
    """A new contract. Refused (ValidationError, in Dutch) when the insurer already has one
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
        status=status,
    )
    return _save(contract, user)


@transaction.atomic
def contract_update(*, contract: Contract, user: User | None, **fields) -> Contract:
    """Change a contract's terms; the row is locked so concurrent edits apply one by one."""
    unknown = set(fields) - CONTRACT_FIELDS
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    for name, value in fields.items():
        setattr(contract, name, value)
    return _save(contract, user)


@transaction.atomic
def contractindicator_create(
    *, contract: Contract, user: User | None, naam: str, eenheid: str, streefwaarde: Decimal
) -> ContractIndicator:
    indicator = ContractIndicator(
        contract=contract, naam=naam, eenheid=eenheid, streefwaarde=streefwaarde
    )
    return _save(indicator, user)
