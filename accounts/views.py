from __future__ import annotations

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import spraying
from .actor import actor_of
from .forms import (
    AccessLogFilterForm,
    EmailAuthenticationForm,
    MeldingenVoorkeurForm,
    TokenForm,
)
from .models import AccessAction, AccessOutcome
from .permissions import can_view_access_log
from .roles import SESSION_KEY, memberships_of
from .selectors import access_log_search
from .services import access_log_record
from .web import next_path


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        # Before any password is checked: a locked-out address learns nothing, not even
        # whether a password was right (accounts.spraying).
        if spraying.is_locked_out(spraying.client_ip(request)):
            return render(
                request,
                "accounts/lockout_ip.html",
                {"minuten": settings.LOGIN_SPRAYING_LOCKOUT_MINUTES},
                status=429,
            )
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    pass


def _svg_qr(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


# From this many wrong codes in a row on, the message says so (django-otp makes each next
# try wait twice as long as the one before: 1, 2, 4, 8, ... seconds).
TE_VEEL_ONJUISTE_CODES = 3


def _token_error(device, *, was_throttled: bool) -> str:
    """Why a code was refused. django-otp blocks a device for a second after a single wrong
    code, so being blocked after an attempt says nothing by itself: one wrong code is "this
    code is wrong"; a code sent while the device was still blocked (it was not checked) is
    "wait a moment"; only a run of wrong codes is "too many"."""
    failures = device.throttling_failure_count
    if failures >= TE_VEEL_ONJUISTE_CODES:
        return _(
            "Te veel onjuiste codes achter elkaar. Wacht een halve minuut en probeer het opnieuw."
        )
    if was_throttled:
        return _(
            "U vulde net een onjuiste code in; de volgende wordt pas na een paar seconden "
            "gecontroleerd. Wacht even en probeer het opnieuw."
        )
    return _("Deze code klopt niet of is verlopen. Controleer of de tijd op uw telefoon klopt.")


def _throttled(device) -> bool:
    allowed, _details = device.verify_is_allowed()
    return not allowed


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Link an authenticator app: show the secret as QR code, confirm with a first code."""
    if any(True for _ in devices_for_user(request.user, confirmed=True)):
        return redirect("accounts:otp_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=_("Authenticator-app"), confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        was_throttled = _throttled(device)
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("De tweede factor is ingesteld."))
            return redirect(next_path(request, "/"))
        form.add_error("token", _token_error(device, was_throttled=was_throttled))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr": _svg_qr(device.config_url), "secret": secret},
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        devices = list(devices_for_user(request.user, confirmed=True))
        was_throttled = bool(devices) and _throttled(devices[0])
        for device in devices:
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(next_path(request, "/"))
        form.add_error(
            "token",
            _token_error(devices[0], was_throttled=was_throttled)
            if devices
            else _("Geen app gekoppeld."),
        )
    return render(request, "accounts/otp_verify.html", {"form": form})


@login_required
@require_POST
def switch_membership(request: HttpRequest) -> HttpResponse:
    """Act in another of one's own memberships (a person can be casemanager and coordinator)."""
    wanted = request.POST.get("membership", "")
    for membership in memberships_of(request.user):
        if str(membership.pk) == wanted:
            request.session[SESSION_KEY] = membership.pk
            messages.success(request, _("U werkt nu als %(rol)s.") % {"rol": membership})
            return redirect("start")
    messages.error(request, _("Die rol hoort niet bij uw account."))
    return redirect("start")


@login_required
@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """The NEN 7513 log, for a beheerder with a verified second factor. Reading it is logged."""
    if not can_view_access_log(request.user):
        access_log_record(
            actor=actor_of(request),
            action=AccessAction.LEZEN,
            object_type="toegangslog",
            outcome=AccessOutcome.GEWEIGERD,
        )
        raise PermissionDenied
    form = AccessLogFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "user_email": data["gebruiker"],
            "client_id": data["client"],
            "action": data["actie"],
            "outcome": data["uitkomst"],
            "date_from": data["van"],
            "date_to": data["tot"],
        }
    access_log_record(
        actor=actor_of(request),
        action=AccessAction.ZOEKEN if filters else AccessAction.LEZEN,
        object_type="toegangslog",
    )
    page = Paginator(access_log_search(**filters), 50).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "accounts/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def notificaties(request: HttpRequest) -> HttpResponse:
    """The user's in-app notifications; POST marks them all as read."""
    from .services import notificaties_mark_read

    if request.method == "POST":
        notificaties_mark_read(actor=actor_of(request))
        return redirect("accounts:notificaties")
    page = Paginator(request.user.notificaties.all(), 30).get_page(request.GET.get("pagina"))
    return render(request, "accounts/notificaties.html", {"page": page, "query": ""})


@login_required
@require_http_methods(["GET", "POST"])
def instellingen(request: HttpRequest) -> HttpResponse:
    """The user's own settings: how notifications arrive (in the app always; by e-mail too,
    or not)."""
    from .actor import actor_of
    from .services import meldingen_voorkeur_set

    form = MeldingenVoorkeurForm(
        request.POST or None,
        initial={"per_email": "ja" if request.user.meldingen_per_email else "nee"},
    )
    if request.method == "POST" and form.is_valid():
        meldingen_voorkeur_set(actor=actor_of(request), per_email=form.cleaned_data["per_email"])
        messages.success(request, _("Uw instellingen zijn opgeslagen."))
        return redirect("accounts:instellingen")
    return render(request, "accounts/instellingen.html", {"form": form})
