import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import User
from netwerk.models import Membership, Netwerk


@pytest.mark.django_db
def test_seed_demo_creates_one_login_per_role_and_can_run_twice(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    output = capsys.readouterr().out
    for role, (email, _naam) in DEMO_USERS.items():
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_PASSWORD)
        assert Membership.objects.filter(user=user, rol=role).count() == 1
        assert email in output
    assert Netwerk.objects.filter(naam="Dementienetwerk Haaglanden").count() == 1


@pytest.mark.django_db
def test_demo_user_logs_in_on_the_login_page(client):
    call_command("seed_demo")
    email = DEMO_USERS["casemanager"][0]
    response = client.post("/account/inloggen/", {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
