import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = "accounts:login"


def _login(client, email, password=PASSWORD):
    return client.post(reverse(LOGIN), {"username": email, "password": password})


def _current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


def test_user_logs_in_with_email_address_in_any_case(client, coordinator):
    response = _login(client, coordinator.email.upper())
    assert response.status_code == 302
    assert response["Location"] == reverse("start")
    start = client.get(reverse("start"), follow=True)
    assert "Netwerkcoördinator" in start.content.decode()


def test_wrong_password_shows_dutch_message(client, coordinator):
    response = _login(client, coordinator.email, "verkeerd-wachtwoord")
    assert response.status_code == 200
    assert "niet bekend" in response.content.decode()


def test_account_is_locked_after_five_failures_even_with_the_right_password(client, coordinator):
    for _ in range(5):
        _login(client, coordinator.email, "verkeerd-wachtwoord")
    response = _login(client, coordinator.email)
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert not client.get(reverse("start")).wsgi_request.user.is_authenticated


def test_beheerder_sets_up_totp_then_reaches_pages(client, beheerder, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no waiting between the wrong and the right code
    response = _login(client, beheerder.email)
    start = client.get(reverse("start"))
    assert start.status_code == 302
    assert start["Location"].startswith(reverse("accounts:otp_setup"))

    setup = client.get(start["Location"])
    assert setup.status_code == 200
    device = TOTPDevice.objects.get(user=beheerder, confirmed=False)

    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000"})
    assert "klopt niet" in wrong.content.decode()
    assert client.get(reverse("start")).status_code != 200

    response = client.post(
        reverse("accounts:otp_setup"), {"token": _current_code(device), "next": "/"}
    )
    assert response.status_code == 302
    assert client.get(reverse("start")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_beheerder_with_device_must_enter_code_at_each_login(client, beheerder):
    device = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    _login(client, beheerder.email)
    response = client.get(reverse("accounts:access_log"))
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    client.post(reverse("accounts:otp_verify"), {"token": _current_code(device)})
    assert client.get(reverse("accounts:access_log")).status_code == 200


def test_other_roles_need_no_second_factor_unless_configured(client, coordinator, settings):
    client.force_login(coordinator)
    assert client.get(reverse("start"), follow=True).status_code == 200
    settings.OTP_REQUIRED_FOR_ALL_ROLES = True
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_passwords_shorter_than_twelve_characters_are_refused():
    with pytest.raises(ValidationError):
        validate_password("kort-wacht1")
    validate_password("een-veel-langer-wachtwoord")


def test_user_switches_between_own_memberships_only(client, coordinator, other_netwerk):
    from tests.netwerk.factories import MembershipFactory

    second = MembershipFactory(user=coordinator, netwerk=other_netwerk)
    client.force_login(coordinator)
    client.post(reverse("accounts:switch_membership"), {"membership": second.pk})
    assert client.get(reverse("api:me")).json()["lidmaatschap"] == str(second)
    # a coordinator starts in the werkbak of the network they now act in
    assert client.get(reverse("start"))["Location"] == reverse("rapportage:werkbak")
    assert other_netwerk.naam in client.get(reverse("rapportage:werkbak")).content.decode()

    stranger = MembershipFactory()
    client.post(reverse("accounts:switch_membership"), {"membership": stranger.pk})
    assert client.get(reverse("api:me")).json()["lidmaatschap"] == str(second)


def test_one_wrong_code_says_the_code_is_wrong_not_too_many(client, beheerder):
    TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    client.force_login(beheerder)
    response = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    page = response.content.decode()
    assert "Deze code klopt niet" in page
    assert "Te veel onjuiste codes" not in page


def test_a_code_sent_right_after_a_wrong_one_is_asked_again_a_moment_later(client, beheerder):
    device = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    client.force_login(beheerder)
    client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    response = client.post(reverse("accounts:otp_verify"), {"token": _current_code(device)})
    page = response.content.decode()
    assert "Wacht even en probeer het opnieuw" in page
    assert "Te veel onjuiste codes" not in page
    assert not client.session.get("otp_device_id")


def test_repeated_wrong_codes_are_throttled_with_a_clear_message(client, beheerder):
    device = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    client.force_login(beheerder)
    for _attempt in range(3):
        # each wrong code as if sent after the previous one's wait had passed
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
        response = client.post(reverse("accounts:otp_verify"), {"token": "000000"})
    assert "Te veel onjuiste codes" in response.content.decode()
    response = client.post(reverse("accounts:otp_verify"), {"token": _current_code(device)})
    assert "Te veel onjuiste codes" in response.content.decode()
    assert not client.session.get("otp_device_id")


@pytest.mark.parametrize("next_url", ["https://evil.example/", "a b", "//evil.example/"])
def test_second_factor_sends_a_strange_next_to_the_start_page(client, beheerder, next_url):
    device = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    _login(client, beheerder.email)
    response = client.post(
        reverse("accounts:otp_verify"), {"token": _current_code(device), "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_menu_appears_only_after_the_second_factor(client, beheerder):
    device = TOTPDevice.objects.create(user=beheerder, name="app", confirmed=True)
    _login(client, beheerder.email)
    page = client.get(reverse("accounts:otp_verify")).content.decode()
    assert 'aria-label="Hoofdmenu"' not in page
    assert "Toegangslog" not in page
    assert "Uitloggen" in page
    client.post(reverse("accounts:otp_verify"), {"token": _current_code(device)})
    page = client.get(reverse("accounts:access_log")).content.decode()
    assert 'aria-label="Hoofdmenu"' in page
