from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.actor import Actor
from inkoop import services
from inkoop.models import Contract, ContractIndicator, ContractStatus
from tests.inkoop.factories import ContractFactory, ContractIndicatorFactory
from tests.netwerk.factories import OrganisatieFactory

pytestmark = pytest.mark.django_db


def _create(netwerk, user, **fields):
    data = {
        "zorgverzekeraar": netwerk.preferente_zorgverzekeraar,
        "organisatie": fields.pop("organisatie", None) or OrganisatieFactory(),
        "netwerk": netwerk,
        "jaar": 2026,
        "volume_clienten": 250,
        "volume_uren": Decimal("6000"),
        "tarief_per_uur": Decimal("88.00"),
        **fields,
    }
    return services.contract_create(actor=Actor.of(user), **data)


def test_contract_create_records_the_contract_and_who_made_it(netwerk, verzekeraar):
    contract = _create(netwerk, verzekeraar, resultaatafspraken="Binnen 6 weken in zorg")

    contract.refresh_from_db()
    assert contract.volume_clienten == 250
    assert contract.status == ContractStatus.CONCEPT
    assert contract.aansluiting_vereist is True
    assert contract.conform_zorgstandaard is True
    assert contract.history.get().history_user == verzekeraar


def test_second_contract_for_same_insurer_organisation_network_and_year_is_refused(
    netwerk, verzekeraar
):
    existing = ContractFactory(netwerk=netwerk, zorgverzekeraar=netwerk.preferente_zorgverzekeraar)

    with pytest.raises(ValidationError) as error:
        _create(netwerk, verzekeraar, organisatie=existing.organisatie, jaar=existing.jaar)

    assert "heeft voor dit jaar al een contract met deze organisatie" in str(error.value)
    assert Contract.objects.count() == 1


def test_same_organisation_may_have_contracts_for_other_years_and_networks(
    netwerk, other_netwerk, verzekeraar
):
    existing = ContractFactory(netwerk=netwerk, zorgverzekeraar=netwerk.preferente_zorgverzekeraar)

    _create(netwerk, verzekeraar, organisatie=existing.organisatie, jaar=existing.jaar + 1)
    _create(
        other_netwerk,
        verzekeraar,
        organisatie=existing.organisatie,
        zorgverzekeraar=netwerk.preferente_zorgverzekeraar,
    )

    assert Contract.objects.filter(organisatie=existing.organisatie).count() == 3


def test_contract_without_any_volume_is_refused(netwerk, verzekeraar):
    with pytest.raises(ValidationError) as error:
        _create(netwerk, verzekeraar, volume_clienten=None, volume_uren=None)

    assert "Vul een volume in" in str(error.value)
    assert not Contract.objects.exists()


def test_contract_with_only_hours_or_only_clients_is_accepted(netwerk, verzekeraar):
    _create(netwerk, verzekeraar, volume_clienten=None)
    _create(netwerk, verzekeraar, volume_uren=None)

    assert Contract.objects.count() == 2


def test_negative_tariff_is_refused(netwerk, verzekeraar):
    with pytest.raises(ValidationError) as error:
        _create(netwerk, verzekeraar, tarief_per_uur=Decimal("-1"))

    assert "tarief_per_uur" in error.value.message_dict


def test_contract_update_changes_terms_and_keeps_history(netwerk, verzekeraar):
    contract = _create(netwerk, verzekeraar)

    services.contract_update(contract=contract, actor=Actor.of(verzekeraar), volume_clienten=400)

    contract.refresh_from_db()
    assert contract.volume_clienten == 400
    assert contract.status == ContractStatus.CONCEPT
    assert contract.history.count() == 2


def test_the_status_is_not_a_term_the_insurer_can_set(netwerk, verzekeraar):
    contract = _create(netwerk, verzekeraar)

    with pytest.raises(ValueError):
        services.contract_update(
            contract=contract, actor=Actor.of(verzekeraar), status=ContractStatus.AFGESLOTEN
        )
    with pytest.raises(TypeError):
        _create(netwerk, verzekeraar, jaar=2027, status=ContractStatus.AFGESLOTEN)

    contract.refresh_from_db()
    assert contract.status == ContractStatus.CONCEPT


def test_contract_update_onto_another_contracts_key_is_refused(netwerk, verzekeraar):
    first = _create(netwerk, verzekeraar)
    second = _create(netwerk, verzekeraar, jaar=2027, organisatie=first.organisatie)

    with pytest.raises(ValidationError):
        services.contract_update(contract=second, actor=Actor.of(verzekeraar), jaar=2026)

    second.refresh_from_db()
    assert second.jaar == 2027


def test_contract_update_refuses_unknown_fields(netwerk, verzekeraar):
    contract = _create(netwerk, verzekeraar)

    with pytest.raises(ValueError):
        services.contract_update(contract=contract, actor=Actor.of(verzekeraar), aangemaakt_op=None)


def test_indicator_is_added_with_history_and_names_are_unique_per_contract(netwerk, verzekeraar):
    contract = ContractFactory(zorgverzekeraar=netwerk.preferente_zorgverzekeraar)

    indicator = services.contractindicator_create(
        contract=contract,
        actor=Actor.of(verzekeraar),
        naam="Binnen 6 weken",
        eenheid="%",
        streefwaarde=90,
    )
    with pytest.raises(ValidationError) as error:
        services.contractindicator_create(
            contract=contract,
            actor=Actor.of(verzekeraar),
            naam="Binnen 6 weken",
            eenheid="%",
            streefwaarde=1,
        )

    assert indicator.history.get().history_user == verzekeraar
    assert "al een indicator met deze naam" in str(error.value)
    assert ContractIndicator.objects.count() == 1


def test_factory_indicator_belongs_to_a_contract():
    indicator = ContractIndicatorFactory()

    assert indicator.contract.indicatoren.get() == indicator


def test_duplicate_saved_by_a_concurrent_request_gets_the_same_message(
    netwerk, verzekeraar, monkeypatch
):
    """Between full_clean and save another request may insert the same contract: the
    database constraint refuses it and the user gets the Dutch message, not a 500."""
    existing = ContractFactory(netwerk=netwerk, zorgverzekeraar=netwerk.preferente_zorgverzekeraar)
    monkeypatch.setattr(Contract, "full_clean", lambda self, *args, **kwargs: None)

    with pytest.raises(ValidationError) as error:
        _create(netwerk, verzekeraar, organisatie=existing.organisatie, jaar=existing.jaar)

    assert "heeft voor dit jaar al een contract met deze organisatie" in str(error.value)
    assert Contract.objects.count() == 1
