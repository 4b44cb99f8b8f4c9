"""The coordinator's import page and its templates (sjabloon.csv / sjabloon.xlsx).

The uploaded file is kept in memory only, never written to a temporary file on disk: it
holds BSNs. Bytes past the import's size limit are read but dropped, so the import still
sees that the file is too large.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from accounts import exports
from accounts.actor import actor_of
from accounts.roles import acting_membership
from accounts.web import require

from . import importeren
from .permissions import can_import

MAX_FOUTEN_OP_PAGINA = 500


class ImportForm(forms.Form):
    bestand = forms.FileField(
        label=gettext_lazy("Bestand (Excel of CSV)"),
        help_text=gettext_lazy(
            "Een .xlsx-bestand (eerste tabblad) of CSV met komma of puntkomma, met de "
            "kolomnamen in de eerste rij. Hoogstens 5 MB en 10.000 rijen."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )
    override_reden = forms.CharField(
        label=gettext_lazy("Reden om boven de caseloadnorm toe te wijzen"),
        required=False,
        max_length=300,
        help_text=gettext_lazy(
            "Alleen nodig als een casemanager in het bestand meer cliënten krijgt dan de "
            "caseloadnorm; elke toewijzing boven de norm wordt met deze reden vastgelegd."
        ),
    )


class InMemoryUploadHandler(MemoryFileUploadHandler):
    """Always in memory, up to the import limit; the reported size stays the real one."""

    def handle_raw_input(self, *args, **kwargs) -> None:
        self.activated = True

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        room = importeren.MAX_BYTES + 1 - start
        if room > 0:
            self.file.write(raw_data[:room])


def _netwerk(request: HttpRequest):
    return acting_membership(request.user).netwerk


@csrf_exempt  # checked by _import_page, after the in-memory upload handler is in place
@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Import clients with their aanmelding (and open traject) from a spreadsheet: only the
    network coordinator, into their own network."""
    require(can_import(request.user))
    request.upload_handlers = [InMemoryUploadHandler(request)]
    return _import_page(request)


@csrf_protect
def _import_page(request: HttpRequest) -> HttpResponse:
    netwerk = _netwerk(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    resultaat = None
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        resultaat = importeren.import_clienten(
            actor=actor_of(request),
            netwerk=netwerk,
            data=bestand.read(),
            filename=bestand.name,
            override_reden=form.cleaned_data["override_reden"],
        )
        if resultaat.ok:
            messages.success(request, _("De import is gelukt. %s") % resultaat.samenvatting())
            if resultaat.boven_norm:
                messages.warning(
                    request,
                    _(
                        "%(n)s toewijzingen liggen boven de caseloadnorm; ze zijn met uw reden "
                        "vastgelegd."
                    )
                    % {"n": resultaat.boven_norm},
                )
            return redirect(request.path)
    rijfouten = resultaat.rijfouten if resultaat else []
    return render(
        request,
        "casemanagement/import.html",
        {
            "form": form,
            "netwerk": netwerk,
            "resultaat": resultaat,
            "rijfouten": rijfouten[:MAX_FOUTEN_OP_PAGINA],
            "verborgen_fouten": max(0, len(rijfouten) - MAX_FOUTEN_OP_PAGINA),
            "kolommen": importeren.KOLOMMEN,
        },
    )


SJABLONEN = {"csv": importeren.sjabloon_csv, "xlsx": importeren.sjabloon_xlsx}


@login_required
@require_GET
def import_template(request: HttpRequest, ext: str) -> HttpResponse:
    """The import template with the header row and one fictional example row."""
    require(can_import(request.user))
    if ext not in SJABLONEN:
        raise Http404
    return exports.download(
        SJABLONEN[ext](_netwerk(request), timezone.localdate()),
        filename=f"clienten-import-sjabloon.{ext}",
    )


# One route per format, without URL parameters: a parameter would be mistaken for a party's
# object by the authorization tests, and the template belongs to no party.
def import_template_csv(request: HttpRequest) -> HttpResponse:
    return import_template(request, "csv")


def import_template_xlsx(request: HttpRequest) -> HttpResponse:
    return import_template(request, "xlsx")
