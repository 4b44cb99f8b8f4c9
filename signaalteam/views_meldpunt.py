"""The public meldpunt (no login): the report form and its confirmation. The only public
pages of the signaalteam app."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.decorators import ratelimit

from accounts.web import save_form

from . import services
from .forms import HONEYPOT_FIELD, MeldpuntForm

logger = logging.getLogger(__name__)

GET_POST = ["GET", "POST"]
MELDPUNT_SESSION_KEY = "signaalteam_meldpunt_referentie"
DEFAULT_MELDPUNT_LIMIET = "5/h"


def meldpunt_limiet(group: str, request: HttpRequest) -> str:
    """Submissions per IP address (settings.SIGNAAL_MELDPUNT_LIMIET, default 5 an hour)."""
    return getattr(settings, "SIGNAAL_MELDPUNT_LIMIET", DEFAULT_MELDPUNT_LIMIET)


@require_http_methods(GET_POST)
@ratelimit(key="ip", rate=meldpunt_limiet, method="POST", block=False, group="meldpunt")
def meldpunt(request: HttpRequest) -> HttpResponse:
    """Public (no login). A filled honeypot field gets the confirmation but creates nothing;
    too many submissions from one address get a friendly page with status 429. The
    reference goes to the confirmation page through the session, never the URL."""
    if request.method == "POST" and getattr(request, "limited", False):
        logger.info("meldpunt rate_limited")
        return render(request, "signaalteam/meldpunt_te_vaak.html", status=429)
    if request.method == "POST" and request.POST.get(HONEYPOT_FIELD):
        logger.info("meldpunt honeypot_filled")
        request.session[MELDPUNT_SESSION_KEY] = ""
        return redirect("signaalteam:meldpunt_ontvangen")
    form = MeldpuntForm(request.POST or None)
    signaal = request.method == "POST" and save_form(
        form, lambda data: services.meldpunt_submit(**data)
    )
    if signaal:
        request.session[MELDPUNT_SESSION_KEY] = signaal.referentie
        return redirect("signaalteam:meldpunt_ontvangen")
    return render(
        request,
        "signaalteam/meldpunt.html",
        {
            "form": form,
            "honeypot": HONEYPOT_FIELD,
            "bewaartermijn": services.bewaartermijn_melder_dagen(),
        },
    )


@never_cache
@require_GET
def meldpunt_ontvangen(request: HttpRequest) -> HttpResponse:
    """The confirmation with the reference number of this session's last report; without
    one, back to the form."""
    if MELDPUNT_SESSION_KEY not in request.session:
        return redirect("signaalteam:meldpunt")
    return render(
        request,
        "signaalteam/meldpunt_ontvangen.html",
        {"referentie": request.session[MELDPUNT_SESSION_KEY]},
    )
