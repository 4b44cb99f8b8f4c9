"""The public page where an invited casemanager accepts (docs/decisions/0010). No login is
needed for someone without an account: the link's token is the credential. Someone with an
account logs in as that account first and confirms.

What the page tells is for the person holding the link, who received it at the invited
address: whether that address has an account, and why the account cannot accept."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from accounts.actor import Actor
from accounts.models import Role, User
from accounts.roles import SESSION_KEY
from accounts.web import apply_validation_error
from netwerk.models import Membership

from . import services
from .forms import UitnodigingAccountForm
from .models import CasemanagerUitnodiging

logger = logging.getLogger(__name__)

DEFAULT_LIMIET = "10/h"
TEMPLATE = "casemanagement/uitnodiging_aannemen.html"


def uitnodiging_limiet(group: str, request: HttpRequest) -> str:
    """POSTs per IP address (settings.CASEMANAGER_UITNODIGING_LIMIET, default 10 an hour)."""
    return getattr(settings, "CASEMANAGER_UITNODIGING_LIMIET", DEFAULT_LIMIET)


class BevestigForm(forms.Form):
    """A logged-in account confirms: nothing to fill in."""


def _page(request, context: dict, status: int = 200) -> HttpResponse:
    return render(request, TEMPLATE, context, status=status)


def _state(request, uitnodiging: CasemanagerUitnodiging) -> str:
    """Which page the holder of a usable link gets."""
    if request.user.is_authenticated:
        if request.user.email.lower() != uitnodiging.email.lower():
            return "ander_account"
        return "bevestigen"
    if User.objects.filter(email__iexact=uitnodiging.email).exists():
        return "inloggen"
    return "account"


@never_cache
@sensitive_post_parameters("password", "password_confirm")
@require_http_methods(["GET", "POST"])
@ratelimit(
    key="ip", rate=uitnodiging_limiet, method="POST", block=False, group="casemanager_uitnodiging"
)
def uitnodiging_aannemen(request: HttpRequest, token: str) -> HttpResponse:
    """Public. An unknown token gets 404, a used, revoked or expired one 410, both with a
    plain explanation; too many POSTs from one address a friendly 429."""
    if request.method == "POST" and getattr(request, "limited", False):
        logger.info("casemanager_invitation rate_limited")
        return render(request, "casemanagement/uitnodiging_te_vaak.html", status=429)
    uitnodiging = (
        CasemanagerUitnodiging.objects.select_related("netwerk", "organisatie")
        .prefetch_related("werkgebied")
        .for_token(token)
    )
    refusal = services.invitation_refusal(uitnodiging, timezone.now())
    if refusal:
        return _page(
            request,
            {"state": "ongeldig", "fouten": [refusal]},
            status=404 if uitnodiging is None else 410,
        )
    state = _state(request, uitnodiging)
    context = {"state": state, "uitnodiging": uitnodiging}
    if state in ("ander_account", "inloggen"):
        # nothing to post here: log in (or out) first
        status = 403 if request.method == "POST" else 200
        return _page(request, context, status=status)
    # bound on every POST, also an empty one: confirming has no fields
    data = request.POST if request.method == "POST" else None
    if state == "account":
        form = UitnodigingAccountForm(data, initial={"naam": uitnodiging.naam})
    else:
        form = BevestigForm(data)
    context["form"] = form
    if request.method != "POST" or not form.is_valid():
        return _page(request, context)
    account = request.user if state == "bevestigen" else None
    try:
        casemanager = services.casemanager_invitation_accept(
            token=token,
            actor=Actor.of(account),
            naam=form.cleaned_data.get("naam", ""),
            password=form.cleaned_data.get("password", ""),
        )
    except ValidationError as error:
        uitnodiging.refresh_from_db()
        if not uitnodiging.is_open():
            # the account may not become a casemanager; the invitation is closed for good
            return _page(request, {"state": "geweigerd", "fouten": error.messages}, status=403)
        apply_validation_error(form, error)
        return _page(request, context)
    return _aangenomen(request, account, casemanager)


def _aangenomen(request: HttpRequest, account, casemanager) -> HttpResponse:
    """A new account logs in first; an existing one acts as casemanager from now on."""
    waar = {"org": casemanager.organisatie, "netwerk": casemanager.netwerk}
    if account is None:
        messages.success(
            request,
            _(
                "Uw account is aangemaakt: u bent casemanager bij %(org)s in %(netwerk)s. Log "
                "in met uw e-mailadres en het wachtwoord dat u net koos."
            )
            % waar,
        )
        return redirect("accounts:login")
    membership = Membership.objects.filter(
        user=account,
        rol=Role.CASEMANAGER,
        netwerk=casemanager.netwerk,
        organisatie=casemanager.organisatie,
    ).first()
    if membership is not None:
        request.session[SESSION_KEY] = membership.pk
    messages.success(request, _("U bent nu casemanager bij %(org)s in %(netwerk)s.") % waar)
    return redirect("casemanagement:mijn_clienten")
