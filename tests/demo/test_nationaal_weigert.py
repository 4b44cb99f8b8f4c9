"""`seed_demo --scale` refuses what it cannot do well, with a Dutch message (a separate module
from test_nationaal: its seeded data stays in place for that whole module)."""

import io

import pytest
from django.core.management import CommandError, call_command

from casemanagement.models import Client
from tests.casemanagement.factories import ClientFactory


@pytest.mark.django_db
def test_scale_refuses_a_database_with_other_clients():
    ClientFactory()

    with pytest.raises(CommandError, match="al andere cliënten"):
        call_command("seed_demo", "--scale", "klein", stdout=io.StringIO())

    assert Client.objects.count() == 1


@pytest.mark.django_db
def test_scale_and_scenario_together_are_refused():
    with pytest.raises(CommandError, match="niet allebei"):
        call_command(
            "seed_demo", "--scale", "klein", "--scenario", "landelijk-2016", stdout=io.StringIO()
        )
