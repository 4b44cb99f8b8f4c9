"""Error pages that need a view of their own (the others are templates/403.html etc.)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form that fails Django's CSRF check (settings.CSRF_FAILURE_VIEW): a Dutch page that
    says what to do, inside the normal layout, instead of Django's English one. The reason
    is for developers and stays out of the page."""
    return render(request, "403_csrf.html", status=403)
