"""Inviting a casemanager (security issue #12, item 3; docs/decisions/0010): the coordinator
invites an address and learns nothing about its account; the profile and membership appear
only when the person accepts, on an account that may become a casemanager."""

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from casemanagement.models import Casemanager, CasemanagerUitnodiging, UitnodigingStatus
from casemanagement.models.uitnodigingen import token_hash
from netwerk.models import Aansluiting, Membership
from tests.accounts.factories import UserFactory
from tests.casemanagement.factories import (
    CasemanagerFactory,
    CasemanagerUitnodigingFactory,
    ClientFactory,
    aanbieder_in,
    gemeente_in,
)
from tests.netwerk.factories import coordinator_of, national_user, verzekeraar_user

pytestmark = pytest.mark.django_db

NIEUW_WACHTWOORD = "Lentebloesem-aan-de-Vliet-42"
LINK = re.compile(r"https?://[^\s/]+(/uitnodiging/[A-Za-z0-9_-]+/)")


def _unique_ip() -> str:
    raw = uuid.uuid4().bytes
    return f"10.{raw[0]}.{raw[1]}.{raw[2] or 1}"


@pytest.fixture
def client(client):
    """Each test its own address: the rate limit's counters live in the shared cache."""
    client.defaults["REMOTE_ADDR"] = _unique_ip()
    return client


@pytest.fixture
def aanbieder(netwerk):
    return aanbieder_in(netwerk)


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _invite_data(netwerk, aanbieder, email, **overrides):
    data = {
        "email": email,
        "naam": "Anouk de Wit",
        "organisatie": aanbieder.pk,
        "achtergrond": "verpleegkundige",
        "fte": "0.78",
        "werkgebied": [gemeente_in(netwerk).pk],
        "big_nummer": "",
        "registratie": "",
    }
    return {**data, **overrides}


def _invite(client, netwerk, aanbieder, email, capture, **overrides):
    with capture(execute=True):
        return client.post(
            reverse("casemanagement:casemanager_create"),
            _invite_data(netwerk, aanbieder, email, **overrides),
            follow=True,
        )


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _link_in_last_mail(to: str) -> str:
    message = mail.outbox[-1]
    assert message.to == [to]
    return LINK.search(message.body)[1]


def _row(response, email: str) -> str:
    """The invitation's row on the list, with what differs between any two rows (the
    address, the id in the buttons' URLs, the minute it was sent, the masked CSRF token)
    taken out."""
    page = response.content.decode()
    row = re.search(
        rf"<tr><th scope=\"row\">[^<]*</th><td>{re.escape(email)}</td>.*?</tr>", page, re.S
    )[0]
    row = row.replace(email, "ADRES")
    row = re.sub(r"uitnodigingen/\d+/", "uitnodigingen/N/", row)
    row = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "CSRF", row)
    return re.sub(r"\d{1,2}-\d{1,2}-\d{4}( \d{2}:\d{2})?", "DATUM", row)


def _casemanager_memberships(user):
    return Membership.objects.filter(user=user, rol=Role.CASEMANAGER)


# --- The coordinator learns nothing about the address -------------------------------------


@pytest.mark.parametrize(
    "kind", ["verzekeraar", "signaalteam", "casemanager elders", "onbekend adres"]
)
def test_answer_to_an_invitation_is_the_same_whatever_account_the_address_has(
    coordinator_client,
    netwerk,
    other_netwerk,
    aanbieder,
    django_capture_on_commit_callbacks,
    kind,
):
    """Regression: an insurer's address used to get a casemanager profile and membership at
    once, and the form told whether an address had an account."""
    bestaand = {
        "verzekeraar": lambda: verzekeraar_user(netwerk.preferente_zorgverzekeraar),
        "signaalteam": lambda: national_user(Role.SIGNAALTEAM),
        "casemanager elders": lambda: CasemanagerFactory(netwerk=other_netwerk).user,
        "onbekend adres": lambda: None,
    }[kind]()
    email = bestaand.email if bestaand else "nog.geen.account@example.nl"
    vers = "helemaal.nieuw@example.nl"

    answer = _invite(
        coordinator_client, netwerk, aanbieder, email, django_capture_on_commit_callbacks
    )
    fresh = _invite(
        coordinator_client, netwerk, aanbieder, vers, django_capture_on_commit_callbacks
    )

    assert answer.status_code == fresh.status_code == 200
    assert answer.redirect_chain == fresh.redirect_chain
    assert [m.replace(email, "ADRES") for m in _messages(answer)] == [
        m.replace(vers, "ADRES") for m in _messages(fresh)
    ]
    assert _messages(answer) == [
        f"Uitnodiging verstuurd aan {email}; het profiel wordt actief zodra de casemanager de "
        "uitnodiging aanneemt."
    ]
    assert "Er is geen account" not in answer.content.decode()
    assert "al een casemanagerprofiel" not in answer.content.decode()
    # both are pending invitations, shown alike; no profile, no membership for anyone
    assert _row(answer, email) == _row(fresh, vers)
    assert CasemanagerUitnodiging.objects.filter(status=UitnodigingStatus.OPEN).count() == 2
    if bestaand is not None:
        assert not Casemanager.objects.filter(user=bestaand, netwerk=netwerk).exists()
        assert not _casemanager_memberships(bestaand).filter(netwerk=netwerk).exists()
    assert not Casemanager.objects.filter(netwerk=netwerk).exists()
    assert [m.to for m in mail.outbox] == [[email], [vers]]


def test_insurer_cannot_become_casemanager_even_by_accepting_the_invitation(
    client, netwerk, aanbieder, coordinator, django_capture_on_commit_callbacks
):
    insurer = verzekeraar_user(netwerk.preferente_zorgverzekeraar)
    client.force_login(coordinator)
    _invite(client, netwerk, aanbieder, insurer.email, django_capture_on_commit_callbacks)
    link = _link_in_last_mail(insurer.email)
    client.logout()

    # without logging in: told to log in; a crafted POST creates no account and no profile
    page = client.get(link)
    assert page.status_code == 200
    assert "Er is al een account met dit e-mailadres" in page.content.decode()
    refused = client.post(
        link,
        {"naam": "X", "password": NIEUW_WACHTWOORD, "password_confirm": NIEUW_WACHTWOORD},
    )
    assert refused.status_code == 403
    assert User.objects.filter(email__iexact=insurer.email).count() == 1

    # logged in as the insurer: the confirmation is refused with the reason, for good
    client.force_login(insurer)
    assert client.get(link).status_code == 200
    response = client.post(link, {})
    assert response.status_code == 403
    assert "Dit account heeft al een andere rol; vraag de beheerder" in response.content.decode()
    assert not Casemanager.objects.filter(user=insurer).exists()
    assert not _casemanager_memberships(insurer).exists()
    uitnodiging = CasemanagerUitnodiging.objects.get()
    assert uitnodiging.status == UitnodigingStatus.NIET_AANGENOMEN
    again = client.post(link, {})
    assert again.status_code == 410
    assert not _casemanager_memberships(insurer).exists()

    # the coordinator sees it was not accepted, not which role the account has
    client.force_login(coordinator)
    lijst = client.get(reverse("casemanagement:casemanager_list")).content.decode()
    assert "Niet aangenomen" in lijst
    for telltale in ("verzekeraar", "Zorgverzekeraar", "andere rol", str(insurer)):
        assert telltale not in lijst


def test_account_with_a_casemanager_profile_elsewhere_cannot_accept(
    client, netwerk, other_netwerk, aanbieder
):
    elders = CasemanagerFactory(netwerk=other_netwerk)
    uitnodiging = CasemanagerUitnodigingFactory(
        netwerk=netwerk, organisatie=aanbieder, email=elders.user.email
    )
    client.force_login(elders.user)
    link = reverse("casemanagement:uitnodiging_aannemen", args=[uitnodiging.token])

    response = client.post(link, {})

    assert response.status_code == 403
    assert "werkt al als casemanager en heeft een casemanagerprofiel" in response.content.decode()
    assert Casemanager.objects.get(user=elders.user).netwerk == other_netwerk
    assert not _casemanager_memberships(elders.user).filter(netwerk=netwerk).exists()


# --- A fresh address accepts -------------------------------------------------------------------


def test_fresh_address_gets_an_email_accepts_sets_a_password_and_logs_in_as_casemanager(
    client, netwerk, aanbieder, coordinator, django_capture_on_commit_callbacks
):
    ClientFactory(netwerk=netwerk, voornaam="Geertruida", achternaam="Blom")
    gemeente = gemeente_in(netwerk)
    email = "anouk.dewit@example.nl"
    client.force_login(coordinator)
    _invite(
        client,
        netwerk,
        aanbieder,
        "Anouk.DeWit@Example.nl",
        django_capture_on_commit_callbacks,
        werkgebied=[gemeente.pk],
        achtergrond="sociaal_werk",
    )
    client.logout()

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = _link_in_last_mail(email)
    assert netwerk.naam in body and aanbieder.naam in body
    for private in ("Geertruida", "Blom", "BSN"):
        assert private not in body

    page = client.get(link)
    assert page.status_code == 200
    assert "Maak uw account aan" in page.content.decode()
    weak = client.post(link, {"naam": "Anouk", "password": "kort", "password_confirm": "kort"})
    assert weak.status_code == 200
    assert "te kort" in weak.content.decode()
    assert not User.objects.filter(email=email).exists()

    accepted = client.post(
        link,
        {
            "naam": "Anouk de Wit",
            "password": NIEUW_WACHTWOORD,
            "password_confirm": NIEUW_WACHTWOORD,
        },
    )
    assert accepted.status_code == 302
    assert accepted["Location"] == reverse("accounts:login")

    login = client.post(
        reverse("accounts:login"), {"username": email, "password": NIEUW_WACHTWOORD}
    )
    assert login.status_code == 302
    mijn = client.get(reverse("casemanagement:mijn_clienten"))
    assert mijn.status_code == 200
    account = User.objects.get(email=email)
    assert account.naam == "Anouk de Wit"
    profiel = Casemanager.objects.get(user=account)
    assert (profiel.netwerk, profiel.organisatie) == (netwerk, aanbieder)
    assert profiel.achtergrond == "sociaal_werk"
    assert profiel.fte == Decimal("0.78")
    assert list(profiel.werkgebied.all()) == [gemeente]
    assert list(
        Membership.objects.filter(user=account, actief=True).values_list(
            "rol", "netwerk", "organisatie"
        )
    ) == [(Role.CASEMANAGER, netwerk.pk, aanbieder.pk)]
    assert CasemanagerUitnodiging.objects.get().status == UitnodigingStatus.AANGENOMEN
    # the coordinator now sees a casemanager, not an invitation
    client.force_login(coordinator)
    lijst = client.get(reverse("casemanagement:casemanager_list")).content.decode()
    assert "Anouk de Wit" in lijst
    assert "Uitnodigingen die nog niet zijn aangenomen" not in lijst


def test_existing_account_without_role_logs_in_and_confirms(client, netwerk, aanbieder):
    account = UserFactory(email="zonder.rol@example.nl")
    anders = UserFactory()
    uitnodiging = CasemanagerUitnodigingFactory(
        netwerk=netwerk, organisatie=aanbieder, email=account.email
    )
    link = reverse("casemanagement:uitnodiging_aannemen", args=[uitnodiging.token])

    login_prompt = client.get(link).content.decode()
    assert f"{reverse('accounts:login')}?next={link}" in login_prompt.replace("%2F", "/")
    client.force_login(anders)
    wrong = client.get(link).content.decode()
    assert "ingelogd met een ander account" in wrong
    assert client.post(link, {}).status_code == 403
    assert not Casemanager.objects.exists()

    client.force_login(account)
    response = client.post(link, {})

    assert response.status_code == 302
    assert response["Location"] == reverse("casemanagement:mijn_clienten")
    assert Casemanager.objects.get(user=account).organisatie == aanbieder
    assert client.get(reverse("casemanagement:mijn_clienten")).status_code == 200


# --- The link: single use, expiring, revocable ------------------------------------------------


def test_used_link_is_refused(client, netwerk, aanbieder):
    uitnodiging = CasemanagerUitnodigingFactory(netwerk=netwerk, organisatie=aanbieder)
    link = reverse("casemanagement:uitnodiging_aannemen", args=[uitnodiging.token])
    data = {"naam": "Eerste", "password": NIEUW_WACHTWOORD, "password_confirm": NIEUW_WACHTWOORD}
    assert client.post(link, data).status_code == 302

    again = client.post(link, {**data, "naam": "Tweede"})

    assert again.status_code == 410
    assert "al aangenomen" in again.content.decode()
    assert User.objects.get(email=uitnodiging.email).naam == "Eerste"
    assert Casemanager.objects.count() == 1


def test_expired_link_is_refused(client, netwerk, aanbieder):
    uitnodiging = CasemanagerUitnodigingFactory(
        netwerk=netwerk,
        organisatie=aanbieder,
        uitgenodigd_op=timezone.now() - dt.timedelta(days=15),
    )
    link = reverse("casemanagement:uitnodiging_aannemen", args=[uitnodiging.token])
    data = {"naam": "Laat", "password": NIEUW_WACHTWOORD, "password_confirm": NIEUW_WACHTWOORD}

    page = client.get(link)
    posted = client.post(link, data)

    assert page.status_code == posted.status_code == 410
    assert "verlopen" in page.content.decode()
    assert not User.objects.filter(email=uitnodiging.email).exists()
    assert not Casemanager.objects.exists()


def test_revoked_link_is_refused(client, netwerk, aanbieder, coordinator):
    uitnodiging = CasemanagerUitnodigingFactory(netwerk=netwerk, organisatie=aanbieder)
    link = reverse("casemanagement:uitnodiging_aannemen", args=[uitnodiging.token])
    client.force_login(coordinator)
    revoke = client.post(
        reverse("casemanagement:casemanager_uitnodiging_revoke", args=[uitnodiging.pk]),
        follow=True,
    )
    assert "is ingetrokken" in revoke.content.decode()
    assert uitnodiging.email not in revoke.content.decode().split("Casemanagers en caseload")[1]
    client.logout()

    data = {"naam": "Te laat", "password": NIEUW_WACHTWOORD, "password_confirm": NIEUW_WACHTWOORD}
    response = client.post(link, data)

    assert response.status_code == 410
    assert "ingetrokken" in response.content.decode()
    assert not User.objects.filter(email=uitnodiging.email).exists()


def test_unknown_link_gets_a_plain_404(client):
    response = client.get(reverse("casemanagement:uitnodiging_aannemen", args=["x" * 43]))
    assert response.status_code == 404
    assert "niet (meer) geldig" in response.content.decode()


def test_sending_again_replaces_the_link_and_extends_the_term(
    client, netwerk, aanbieder, coordinator, django_capture_on_commit_callbacks
):
    uitnodiging = CasemanagerUitnodigingFactory(
        netwerk=netwerk,
        organisatie=aanbieder,
        uitgenodigd_op=timezone.now() - dt.timedelta(days=20),
    )
    oud = reverse("casemanagement:uitnodiging_aannemen", args=[uitnodiging.token])
    client.force_login(coordinator)
    lijst = client.get(reverse("casemanagement:casemanager_list")).content.decode()
    assert "Verlopen" in lijst

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("casemanagement:casemanager_uitnodiging_resend", args=[uitnodiging.pk]))
    nieuw = _link_in_last_mail(uitnodiging.email)
    client.logout()

    assert nieuw != oud
    assert client.get(oud).status_code == 404
    assert client.get(nieuw).status_code == 200
    uitnodiging.refresh_from_db()
    assert uitnodiging.geldig_tot > timezone.now() + dt.timedelta(days=13)


def test_coordinator_of_another_network_can_neither_see_nor_revoke_nor_resend(
    client, netwerk, other_netwerk, aanbieder
):
    uitnodiging = CasemanagerUitnodigingFactory(netwerk=netwerk, organisatie=aanbieder)
    client.force_login(coordinator_of(other_netwerk))

    lijst = client.get(reverse("casemanagement:casemanager_list")).content.decode()
    revoke = client.post(
        reverse("casemanagement:casemanager_uitnodiging_revoke", args=[uitnodiging.pk])
    )
    resend = client.post(
        reverse("casemanagement:casemanager_uitnodiging_resend", args=[uitnodiging.pk])
    )

    assert uitnodiging.email not in lijst
    assert revoke.status_code == resend.status_code == 404
    before = uitnodiging.token_hash
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == UitnodigingStatus.OPEN
    assert uitnodiging.token_hash == before
    assert not mail.outbox


def test_other_roles_cannot_invite(client, netwerk, aanbieder):
    for user in (
        verzekeraar_user(netwerk.preferente_zorgverzekeraar),
        CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder).user,
    ):
        client.force_login(user)
        response = client.post(
            reverse("casemanagement:casemanager_create"),
            _invite_data(netwerk, aanbieder, "iemand@example.nl"),
        )
        assert response.status_code == 403
    assert not CasemanagerUitnodiging.objects.exists()


# --- Abuse of the public page ----------------------------------------------------------------


def test_too_many_posts_from_one_address_get_a_friendly_429(client, netwerk, aanbieder, settings):
    settings.CASEMANAGER_UITNODIGING_LIMIET = "2/h"
    uitnodiging = CasemanagerUitnodigingFactory(netwerk=netwerk, organisatie=aanbieder)
    link = reverse("casemanagement:uitnodiging_aannemen", args=[uitnodiging.token])
    bad = {"naam": "X", "password": "kort", "password_confirm": "kort"}
    for _ in range(2):
        assert client.post(link, bad).status_code == 200

    response = client.post(
        link, {"naam": "X", "password": NIEUW_WACHTWOORD, "password_confirm": NIEUW_WACHTWOORD}
    )

    assert response.status_code == 429
    assert "Probeer het over een uur opnieuw" in response.content.decode()
    assert not User.objects.filter(email=uitnodiging.email).exists()
    assert client.get(link).status_code == 200  # reading the page is not limited


def test_page_of_a_usable_link_is_not_cached(client, netwerk, aanbieder):
    uitnodiging = CasemanagerUitnodigingFactory(netwerk=netwerk, organisatie=aanbieder)
    response = client.get(reverse("casemanagement:uitnodiging_aannemen", args=[uitnodiging.token]))
    assert "no-store" in response["Cache-Control"]


def test_database_keeps_only_the_hash_of_the_token(
    coordinator_client, netwerk, aanbieder, django_capture_on_commit_callbacks
):
    _invite(
        coordinator_client, netwerk, aanbieder, "a@example.nl", django_capture_on_commit_callbacks
    )
    token = _link_in_last_mail("a@example.nl").rstrip("/").rsplit("/", 1)[1]

    uitnodiging = CasemanagerUitnodiging.objects.get()

    assert uitnodiging.token_hash == token_hash(token)
    assert token not in str(CasemanagerUitnodiging.objects.values().get())


# --- The coordinator's form --------------------------------------------------------------------


def test_second_open_invitation_for_the_same_address_is_refused(
    coordinator_client, netwerk, aanbieder, django_capture_on_commit_callbacks
):
    _invite(
        coordinator_client, netwerk, aanbieder, "a@example.nl", django_capture_on_commit_callbacks
    )
    response = _invite(
        coordinator_client, netwerk, aanbieder, "A@example.nl", django_capture_on_commit_callbacks
    )
    assert "staat al een uitnodiging open" in response.content.decode()
    assert CasemanagerUitnodiging.objects.count() == 1
    assert len(mail.outbox) == 1


def test_organisation_must_provide_casemanagement_in_the_network(
    coordinator_client, netwerk, django_capture_on_commit_callbacks
):
    partner = aanbieder_in(netwerk, levert_casemanagement=False)
    response = _invite(
        coordinator_client, netwerk, partner, "a@example.nl", django_capture_on_commit_callbacks
    )
    assert response.status_code == 200
    assert not CasemanagerUitnodiging.objects.exists()
    assert not mail.outbox


def test_organisation_no_longer_affiliated_at_acceptance_is_refused(client, netwerk, aanbieder):
    uitnodiging = CasemanagerUitnodigingFactory(netwerk=netwerk, organisatie=aanbieder)
    Aansluiting.objects.filter(netwerk=netwerk, organisatie=aanbieder).update(
        geldig_tot=timezone.localdate()
    )
    link = reverse("casemanagement:uitnodiging_aannemen", args=[uitnodiging.token])

    response = client.post(
        link, {"naam": "X", "password": NIEUW_WACHTWOORD, "password_confirm": NIEUW_WACHTWOORD}
    )

    assert response.status_code == 200
    assert "niet aangesloten als aanbieder van casemanagement" in response.content.decode()
    assert not User.objects.filter(email=uitnodiging.email).exists()
    uitnodiging.refresh_from_db()
    assert uitnodiging.status == UitnodigingStatus.OPEN


def test_editing_a_profile_keeps_its_account(client, netwerk, coordinator):
    profiel = CasemanagerFactory(netwerk=netwerk)
    andere = UserFactory()
    client.force_login(coordinator)
    url = reverse("casemanagement:casemanager_update", args=[profiel.pk])
    page = client.get(url).content.decode()
    assert re.search(r'<input type="email" name="email"[^>]*disabled', page)

    response = client.post(
        url,
        {
            "email": andere.email,
            "organisatie": profiel.organisatie_id,
            "achtergrond": "verpleegkundige",
            "fte": "0.5",
            "actief": "on",
        },
    )

    assert response.status_code == 302
    profiel.refresh_from_db()
    assert profiel.user_id != andere.pk
    assert profiel.fte == Decimal("0.50")
