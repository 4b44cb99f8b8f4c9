import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from demo import accounts
from demo.accounts import DEMO_USERS

pytestmark = pytest.mark.django_db


def test_demo_totp_prints_the_current_code_of_the_demo_beheerder(settings):
    settings.DEBUG = True
    accounts.seed({})
    output = io.StringIO()

    call_command("demo_totp", stdout=output)

    code = output.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    device = TOTPDevice.objects.get(user__email=DEMO_USERS["beheerder"][0])
    assert device.verify_token(code)


def test_demo_totp_is_refused_without_debug(settings):
    settings.DEBUG = False
    accounts.seed({})

    with pytest.raises(CommandError, match="Alleen beschikbaar met DEBUG aan"):
        call_command("demo_totp", stdout=io.StringIO())
