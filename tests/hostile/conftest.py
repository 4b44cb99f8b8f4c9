import pytest

from tests.hostile.world import world_fixture


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_fixture(django_db_blocker)


@pytest.fixture
def no_rate_limits(settings):
    """Hundreds of requests from one address and user in a minute are the point here."""
    settings.SIGNAAL_MELDPUNT_LIMIET = "1000000/h"
    settings.CASEMANAGER_UITNODIGING_LIMIET = "1000000/h"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "anon": "1000000/min",
            "user": "1000000/min",
            "aanmeldingen": "1000000/min",
            "aanlevering": "1000000/min",
        },
    }
