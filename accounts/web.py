"""Small helpers every app's views share: fetching through visible_to, mapping a service's
ValidationError onto a form, a safe ``next``, answering HTMX and normal requests alike, and
a row's link without resolving the URL pattern per row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .actor import require as require  # views import it from here


def get_visible_or_404(queryset: QuerySet, **lookup) -> Model:
    """The object if the user may see it (queryset is already ``visible_to(user)``), else
    404, so the existence of other parties' objects is not revealed."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as error:
        raise Http404 from error


def get_visible_or_404_logged(
    request: HttpRequest,
    queryset: QuerySet,
    pk: int,
    client_of: Callable[[Model], int | None],
    *,
    visible: Callable[[QuerySet, Any], QuerySet] | None = None,
) -> Model:
    """An object that carries a client's data, for a page or an API answer that shows it:
    the read is written to the access log (toegestaan). When the user may not see it (by
    ``visible_to``, or the ``visible`` rule given), 404, and a refused attempt on an existing
    object is written as geweigerd: the one place that says "refused read -> row + 404"."""
    from .actor import actor_of
    from .models import AccessAction, AccessOutcome
    from .services import access_log_record

    actor = actor_of(request)
    model = queryset.model
    shown = visible(queryset, request.user) if visible else queryset.visible_to(request.user)
    obj = shown.filter(pk=pk).first()
    if obj is None:
        existing = model._default_manager.filter(pk=pk).first()
        if existing is not None:
            access_log_record(
                actor=actor,
                action=AccessAction.LEZEN,
                object_type=model._meta.model_name,
                object_id=pk,
                client_id=client_of(existing),
                outcome=AccessOutcome.GEWEIGERD,
            )
        raise Http404
    access_log_record(
        actor=actor,
        action=AccessAction.LEZEN,
        object_type=model._meta.model_name,
        object_id=pk,
        client_id=client_of(obj),
    )
    return obj


def next_path(request: HttpRequest, fallback: str) -> str:
    """The ``next`` the form posted (or the query string gave) when it is a path on this
    site, else ``fallback``: never a redirect off the site, and never a bare word, which
    redirect() would try to reverse as a URL name."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def run_action(request: HttpRequest, action: Callable[[], object], success: str) -> bool:
    """Run a service for a button without a form: its refusal becomes error messages, its
    success the ``success`` message. True when it went through."""
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def apply_validation_error(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields where they exist, else on
    the form as a whole, so the user sees every message next to what they typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_form(form: Form, action: Callable[[dict[str, Any]], Any]) -> Any | None:
    """Validate the form and run the service; returns its result or None when the form (or
    the service) refused the input, with the messages on the form. Nothing typed is lost:
    the caller re-renders the bound form."""
    if not form.is_valid():
        return None
    try:
        return action(form.cleaned_data)
    except ValidationError as error:
        apply_validation_error(form, error)
        return None


class UrlPerPk:
    """A URL with one integer argument, reversed once; calling it with a pk gives the same
    URL as ``reverse(name, args=[pk])`` (and ``{% url name pk %}``). For tables that link
    every row: resolving the pattern per row was the largest part of their row template."""

    _PLACEHOLDER = "2147483647"

    def __init__(self, name: str) -> None:
        self.voor, _placeholder, self.na = reverse(name, args=[self._PLACEHOLDER]).rpartition(
            self._PLACEHOLDER
        )

    def __call__(self, pk: int) -> str:
        return f"{self.voor}{pk}{self.na}"
