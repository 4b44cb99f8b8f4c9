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


class PrivateCacheControlMiddleware:
    """No browser or proxy keeps a copy of what a logged-in user was shown.

    Every response to an authenticated user (pages, HTMX fragments, CSV and XLSX exports,
    PDFs, API answers; the user as the API's token authentication set it too) gets
    ``Cache-Control: private, no-store``, unless the view set a Cache-Control of its own.
    Responses to anonymous visitors (the login page, the meldpunt, public NZa pages, static
    files) stay as they are.
    """

    value = "private, no-store"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = self.value
        return response


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy header, from settings.CONTENT_SECURITY_POLICY.

    The setting maps a view name (``"api:docs"``) or a URL namespace (``"admin"``) to a
    policy of its own, and ``"default"`` to the policy of every other response (404 pages
    included). A response that already has the header keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Content-Security-Policy"):
            response["Content-Security-Policy"] = policy_for(request)
        return response


def policy_for(request) -> str:
    policies = settings.CONTENT_SECURITY_POLICY
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for key in (match.view_name, *match.namespaces):
            if key in policies:
                return policies[key]
    return policies["default"]
