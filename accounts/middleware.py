from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user

from .roles import SESSION_KEY, requires_second_factor


class SecondFactorRequiredMiddleware:
    """Send users who need a second factor to set it up or enter it before anything else.

    Beheerders (and everyone, with OTP_REQUIRED_FOR_ALL_ROLES) reach only the second-factor
    pages, logout and static files until they have verified a TOTP token this session.
    """

    allowed_url_names = ("accounts:otp_setup", "accounts:otp_verify", "accounts:logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and requires_second_factor(user)
            and not self._is_allowed(request.path)
        ):
            has_device = any(True for _ in devices_for_user(user, confirmed=True))
            target = reverse("accounts:otp_verify" if has_device else "accounts:otp_setup")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _is_allowed(self, path: str) -> bool:
        if path.startswith(settings.STATIC_URL):
            return True
        return any(path == reverse(name) for name in self.allowed_url_names)


class ActingMembershipMiddleware:
    """Tell the user object which membership this session acts in (see accounts.roles)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            request.user._preferred_membership_id = request.session.get(SESSION_KEY)
        return self.get_response(request)
