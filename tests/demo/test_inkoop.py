import pytest

from demo import accounts, inkoop, netwerk
from inkoop.models import Contract, ContractIndicator
from netwerk.models import Aansluiting

pytestmark = pytest.mark.django_db


def test_demo_contracts_are_plausible_and_seeding_twice_changes_nothing():
    context: dict = {}
    accounts.seed(context)
    netwerk.seed(context)
    if not Aansluiting.objects.filter(levert_casemanagement=True).exists():
        pytest.skip("the netwerk demo has no casemanagement providers yet")

    inkoop.seed(context)
    contracts = {c.pk: (c.volume_clienten, c.volume_uren) for c in Contract.objects.all()}
    inkoop.seed(context)

    assert contracts
    assert {c.pk: (c.volume_clienten, c.volume_uren) for c in Contract.objects.all()} == contracts
    assert ContractIndicator.objects.count() == 2 * len(contracts)
    for contract in Contract.objects.all():
        assert 100 <= contract.volume_clienten <= 600
        assert 20 <= contract.volume_uren / contract.volume_clienten <= 30
        assert 80 <= contract.tarief_per_uur <= 95
    preferent = Contract.objects.filter(
        zorgverzekeraar=Contract.objects.first().netwerk.preferente_zorgverzekeraar
    )
    assert preferent.exists()
