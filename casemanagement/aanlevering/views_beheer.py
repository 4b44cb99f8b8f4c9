"""The beheerder's page of the delivery keys of every network: filter, issue (the plain key
shown once), revoke after a confirmation. A coordinator keeps the page of their own network
(views.sleutels); both go through the same services (docs/decisions/0018)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.actor import actor_of, require
from netwerk.models import Netwerk, Organisatie
from netwerk.selectors import casemanagement_aanbieders_per_netwerk

from .models import AanleverSleutel, AanleverStatus
from .permissions import can_manage_alle_sleutels
from .selectors import GEBRUIK_DAGEN, sleutels_overzicht
from .sleutels import sleutel_revoke
from .views import SleutelNaamForm, sleutel_uitgeven

PER_PAGINA = 25
ACTIEF, INGETROKKEN = "actief", "ingetrokken"


class SleutelFilterForm(forms.Form):
    netwerk = forms.ModelChoiceField(
        queryset=Netwerk.objects.order_by("naam"),
        required=False,
        label=gettext_lazy("Netwerk"),
        empty_label=gettext_lazy("Alle netwerken"),
    )
    organisatie = forms.ModelChoiceField(
        queryset=Organisatie.objects.filter(aanlever_sleutels__isnull=False)
        .distinct()
        .order_by("naam"),
        required=False,
        label=gettext_lazy("Aanbieder"),
        empty_label=gettext_lazy("Alle aanbieders"),
    )
    status = forms.ChoiceField(
        choices=[
            ("", gettext_lazy("Actief en ingetrokken")),
            (ACTIEF, gettext_lazy("Actief")),
            (INGETROKKEN, gettext_lazy("Ingetrokken")),
        ],
        required=False,
        label=gettext_lazy("Status"),
    )

    def filters(self) -> dict:
        """The selector's arguments; none while the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        status = {ACTIEF: True, INGETROKKEN: False}.get(data["status"])
        return {
            "netwerk_id": data["netwerk"].pk if data["netwerk"] else None,
            "organisatie_id": data["organisatie"].pk if data["organisatie"] else None,
            "actief": status,
        }


class BeheerSleutelForm(SleutelNaamForm):
    """A key for one casemanagement provider in one network: the choice lists only the
    providers affiliated today, grouped by network (the service checks it again)."""

    aanbieder = forms.ChoiceField(label=gettext_lazy("Aanbieder in netwerk"))
    field_order = ["aanbieder", "naam"]

    def __init__(self, *args, paren: list[tuple[Netwerk, Organisatie]], **kwargs):
        super().__init__(*args, **kwargs)
        self._paren = {
            f"{netwerk.pk}-{organisatie.pk}": (netwerk, organisatie)
            for netwerk, organisatie in paren
        }
        groepen: dict[str, list[tuple[str, str]]] = {}
        for waarde, (netwerk, organisatie) in self._paren.items():
            groepen.setdefault(netwerk.naam, []).append((waarde, organisatie.naam))
        self.fields["aanbieder"].choices = [("", "---------"), *groepen.items()]

    def clean_aanbieder(self) -> tuple[Netwerk, Organisatie]:
        return self._paren[self.cleaned_data["aanbieder"]]


def _uitgeven(request: HttpRequest, form: BeheerSleutelForm) -> str | None:
    """Issue the key the form asks for; the plain key, or None with the refusal on the form."""
    if not form.is_valid():
        return None
    return sleutel_uitgeven(request, form, *form.cleaned_data["aanbieder"])


@login_required
@require_http_methods(["GET", "POST"])
def sleutels_beheer(request: HttpRequest) -> HttpResponse:
    require(can_manage_alle_sleutels(request.user))
    paren = casemanagement_aanbieders_per_netwerk(timezone.localdate())
    form = BeheerSleutelForm(request.POST if request.method == "POST" else None, paren=paren)
    nieuwe_sleutel = _uitgeven(request, form) if request.method == "POST" else None
    if nieuwe_sleutel:
        form = BeheerSleutelForm(paren=paren)
    filters = SleutelFilterForm(request.GET or None)
    page = Paginator(sleutels_overzicht(**filters.filters()), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    statussen = dict(AanleverStatus.choices)
    for sleutel in page:
        sleutel.laatste_status_tekst = statussen.get(sleutel.laatste_status, "")
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "casemanagement/aanlevering/sleutels_beheer.html",
        {
            "filters": filters,
            "form": form,
            "nieuwe_sleutel": nieuwe_sleutel,
            "page": page,
            "query": query.urlencode(),
            "gebruik_dagen": GEBRUIK_DAGEN,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sleutel_intrekken_beheer(request: HttpRequest, sleutel_pk: int) -> HttpResponse:
    """Revoking is final (the provider's system stops delivering at once): a confirmation
    page first."""
    require(can_manage_alle_sleutels(request.user))
    sleutel = get_object_or_404(
        AanleverSleutel.objects.select_related("netwerk", "organisatie"), pk=sleutel_pk
    )
    terug = reverse("casemanagement:aanlevering_sleutels_beheer")
    if not sleutel.is_actief:
        messages.info(request, _("Deze sleutel was al ingetrokken."))
        return redirect(terug)
    if request.method == "POST":
        sleutel_revoke(actor=actor_of(request), sleutel=sleutel)
        messages.success(
            request,
            _("De sleutel dnk_%(prefix)s_… van %(organisatie)s is ingetrokken.")
            % {"prefix": sleutel.prefix, "organisatie": sleutel.organisatie},
        )
        return redirect(terug)
    return render(
        request,
        "components/bevestigen.html",
        {
            "title": _("Aanleversleutel intrekken"),
            "uitleg": _(
                "Met de sleutel dnk_%(prefix)s_… (%(naam)s) levert %(organisatie)s aan bij "
                "%(netwerk)s. Na intrekken weigert de API elke aanlevering met deze sleutel; "
                "dat is niet terug te draaien. De aanbieder heeft dan een nieuwe sleutel nodig."
            )
            % {
                "prefix": sleutel.prefix,
                "naam": sleutel.naam,
                "organisatie": sleutel.organisatie,
                "netwerk": sleutel.netwerk,
            },
            "knop": _("Ja, sleutel intrekken"),
            "terug_url": terug,
            "terug_tekst": _("Aanleversleutels van alle netwerken"),
        },
    )
