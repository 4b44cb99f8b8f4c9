"""Project-level pages: the start page that sends each role to its own place, health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.roles import acting_membership, acting_role


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Each role's start page after login: a coordinator's werkbak (docs/decisions/0019)."""
    role = acting_role(request.user)
    membership = acting_membership(request.user)
    if role == Role.NETWERKCOORDINATOR:
        return redirect("rapportage:werkbak")
    if role == Role.SIGNAALTEAM:
        return redirect("signaalteam:mijn_signalen")
    if role == Role.VERZEKERAAR:
        return redirect("netwerk:list")
    if role == Role.CASEMANAGER and hasattr(request.user, "casemanager"):
        return redirect("casemanagement:mijn_clienten")
    return render(request, "start.html", {"role": role, "membership": membership})


@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for docker-compose and load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
