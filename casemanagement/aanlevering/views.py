"""Pages: the coordinator's keys of the providers (issue, revoke; the plain key is shown
once), and the delivery as files in the browser for the coordinator or a provider's
casemanager. Both in the acting membership's own network."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.actor import actor_of, require
from accounts.models import Role
from accounts.roles import acting_membership, acting_role
from accounts.web import apply_validation_error
from netwerk.selectors import casemanagement_aanbieders

from ..importeren.lezen import Bestandsfout
from .bestanden import batch_uit_bestanden
from .formaat import RECORD_SERIALIZERS
from .models import Aanlevering, AanleverSleutel
from .permissions import can_manage_sleutels
from .sleutels import sleutel_issue, sleutel_revoke
from .toepassen import aanlevering_via_upload


def _netwerk(request: HttpRequest):
    membership = acting_membership(request.user)
    if membership is None or membership.netwerk_id is None:
        raise PermissionDenied
    return membership.netwerk


class SleutelNaamForm(forms.Form):
    """What every form that issues a key asks besides whom it is for."""

    naam = forms.CharField(
        label=gettext_lazy("Omschrijving"),
        max_length=100,
        help_text=gettext_lazy("Bijvoorbeeld het ECD of de leverancier die de sleutel gebruikt."),
    )


def sleutel_uitgeven(request: HttpRequest, form: SleutelNaamForm, netwerk, organisatie):
    """Issue the key a valid form asks for: the plain key (shown once), or None with the
    service's refusal on the form."""
    try:
        _sleutel, plat = sleutel_issue(
            actor=actor_of(request),
            netwerk=netwerk,
            organisatie=organisatie,
            naam=form.cleaned_data["naam"],
        )
    except ValidationError as error:
        apply_validation_error(form, error)
        return None
    return plat


class SleutelForm(SleutelNaamForm):
    organisatie = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Aanbieder"))
    field_order = ["organisatie", "naam"]

    def __init__(self, *args, netwerk, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = casemanagement_aanbieders(
            netwerk, timezone.localdate()
        ).order_by("naam")


@login_required
@require_http_methods(["GET", "POST"])
def sleutels(request: HttpRequest) -> HttpResponse:
    netwerk = _netwerk(request)
    require(can_manage_sleutels(request.user, netwerk.pk))
    # every POST that revokes nothing issues a key: a form without its button still gets
    # its messages, never a silent page
    uitgeven = request.method == "POST" and "intrekken" not in request.POST
    form = SleutelForm(request.POST if uitgeven else None, netwerk=netwerk)
    nieuwe_sleutel = None
    if "intrekken" in request.POST:
        pk = request.POST["intrekken"]
        sleutel = get_object_or_404(
            AanleverSleutel, netwerk=netwerk, pk=int(pk) if pk.isdigit() else 0
        )
        sleutel_revoke(actor=actor_of(request), sleutel=sleutel)
        messages.success(request, _("De sleutel is ingetrokken."))
        return redirect(request.path)
    if request.method == "POST" and form.is_valid():
        nieuwe_sleutel = sleutel_uitgeven(request, form, netwerk, form.cleaned_data["organisatie"])
        if nieuwe_sleutel:
            form = SleutelForm(netwerk=netwerk)
    return render(
        request,
        "casemanagement/aanlevering/sleutels.html",
        {
            "netwerk": netwerk,
            "form": form,
            "nieuwe_sleutel": nieuwe_sleutel,
            "sleutels": AanleverSleutel.objects.filter(netwerk=netwerk).select_related(
                "organisatie"
            ),
            "aanleveringen": Aanlevering.objects.filter(netwerk=netwerk).select_related(
                "organisatie"
            )[:20],
        },
    )


class UploadForm(forms.Form):
    organisatie = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Aanbieder"))
    clienten = forms.FileField(label=gettext_lazy("Cliënten (CSV of xlsx)"), required=False)
    aanmeldingen = forms.FileField(label=gettext_lazy("Aanmeldingen (CSV of xlsx)"), required=False)
    trajecten = forms.FileField(label=gettext_lazy("Trajecten (CSV of xlsx)"), required=False)
    contactminuten = forms.FileField(
        label=gettext_lazy("Contactminuten per maand (CSV of xlsx)"), required=False
    )
    metingen = forms.FileField(
        label=gettext_lazy("Metingen (uitkomstmaten, CSV of xlsx)"), required=False
    )

    def __init__(self, *args, netwerk, user, **kwargs):
        super().__init__(*args, **kwargs)
        aanbieders = casemanagement_aanbieders(netwerk, timezone.localdate()).order_by("naam")
        if acting_role(user) == Role.CASEMANAGER:
            aanbieders = aanbieders.filter(pk=acting_membership(user).organisatie_id)
        self.fields["organisatie"].queryset = aanbieders


def _regels(ontvangstbewijs: dict | None) -> list[dict]:
    """The receipt's records; for a batch refused on its form, its refused records."""
    if not ontvangstbewijs:
        return []
    if "records" in ontvangstbewijs:
        return ontvangstbewijs["records"]
    return [
        {"soort": soort, "bron_id": bron_id, "resultaat": "geweigerd", "fouten": fouten}
        for soort in RECORD_SERIALIZERS
        for bron_id, fouten in ontvangstbewijs.get(soort, {}).items()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    netwerk = _netwerk(request)
    require(acting_role(request.user) in (Role.CASEMANAGER, Role.NETWERKCOORDINATOR))
    form = UploadForm(
        request.POST or None, request.FILES or None, netwerk=netwerk, user=request.user
    )
    ontvangstbewijs = None
    if request.method == "POST" and form.is_valid():
        try:
            batch = batch_uit_bestanden(request.FILES)
        except Bestandsfout as fout:
            form.add_error(None, fout.melding)
        else:
            ontvangstbewijs = aanlevering_via_upload(
                actor=actor_of(request),
                netwerk=netwerk,
                organisatie=form.cleaned_data["organisatie"],
                gegevens=batch,
            ).ontvangstbewijs
    return render(
        request,
        "casemanagement/aanlevering/upload.html",
        {
            "netwerk": netwerk,
            "form": form,
            "ontvangstbewijs": ontvangstbewijs,
            "regels": _regels(ontvangstbewijs),
            "velden": {
                soort: list(serializer().fields) for soort, serializer in RECORD_SERIALIZERS.items()
            },
        },
    )
