import re

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from demo.accounts import DEMO_PASSWORD, DEMO_USERS
from netwerk.models import Membership, Netwerk
from tests.conftest import verify_second_factor


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """Seed the demo data once for the module, inside a transaction rolled back afterwards;
    each test runs in a savepoint of it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo")
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


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
def test_demo_user_logs_in_on_the_login_page(demo_data, client):
    email = DEMO_USERS["casemanager"][0]
    response = client.post("/account/inloggen/", {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/", follow=True).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(DEMO_USERS))
def test_every_demo_user_can_open_the_pages_their_menu_leads_to(demo_data, client, role):
    """The demo data renders on every page a role's menu links to, and on the pages those
    link to (real data, real templates, no errors)."""
    user = User.objects.get(email=DEMO_USERS[role][0])
    if role == "beheerder":
        verify_second_factor(client, user)
    else:
        client.force_login(user)
    start = client.get("/", follow=True)
    assert start.status_code == 200
    nav = start.content.decode().split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    seen = {"/beheer/"}
    pages = sorted(set(re.findall(r'href="(/[^"#?]*)"', nav)) - seen)
    assert pages
    for page in pages:
        response = client.get(page, follow=True)
        assert response.status_code == 200, page
        seen.add(page)
        links = set(re.findall(r'href="(/[^"#?]*)"', response.content.decode())) - seen
        for link in sorted(links)[:40]:
            seen.add(link)
            if link.startswith(("/static/", "/beheer/", "/account/")):
                continue
            assert client.get(link).status_code in (200, 302), link
