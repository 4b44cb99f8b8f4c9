import pytest

from tests.casemanagement.factories import TrajectFactory


@pytest.mark.django_db
def test_traject_factory_builds_a_consistent_traject():
    traject = TrajectFactory()
    assert traject.client.netwerk == traject.netwerk == traject.aanmelding.netwerk
    assert traject.organisatie == traject.casemanager.organisatie
    assert traject.client.bsn_masked.endswith(traject.client.bsn[-3:])
