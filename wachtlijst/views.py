"""The coordinator's waitlist page and the list of waitlist alerts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.actor import actor_of
from accounts.models import AccessAction
from accounts.roles import acting_membership
from accounts.services import access_log_record_many
from accounts.web import get_visible_or_404, require
from casemanagement.models import Aanmelding, Traject
from casemanagement.permissions import is_coordinator_of
from netwerk.models import Netwerk
from netwerk.selectors import casemanagement_aanbieders, werkgebied_gemeenten

from . import charts, selectors
from .clock import Gebeurtenissen, norm_overschreden_vanaf, status_voor
from .forms import WachtlijstFilterForm
from .models import WachtlijstMelding


def _met_klok(page, peildatum, signaal_dagen: int) -> None:
    """What each row shows beside the clock: its Treeknorm status, the day the norm will be
    passed if the client keeps waiting, the assigned casemanager."""
    for aanmelding in page:
        aanmelding.status = status_voor(aanmelding.gecorrigeerd_dagen, signaal_dagen)
        aanmelding.norm_voorbij = norm_overschreden_vanaf(
            Gebeurtenissen(
                aanmelddatum=aanmelding.datum,
                uitstellen=tuple((u.van, u.tot) for u in aanmelding.uitstellen.all()),
            ),
            peildatum,
        )
        aanmelding.casemanager = getattr(getattr(aanmelding, "traject", None), "casemanager", None)


def _gestart(aanmeldingen, peildatum) -> dict:
    totaal, binnen_4, binnen_6 = selectors.gestart_binnen(aanmeldingen, peildatum)
    return {
        "totaal": totaal,
        "binnen_4": binnen_4,
        "binnen_6": binnen_6,
        "pct_4": selectors.percentage(binnen_4, totaal),
        "pct_6": selectors.percentage(binnen_6, totaal),
    }


def _grafiek(trend: list[selectors.Trendpunt]):
    return charts.line_chart(
        points=[(t.peildatum, {"wachtend": t.wachtend, "boven": t.boven_treeknorm}) for t in trend],
        series=[
            charts.Series("wachtend", _("Wachtend")),
            charts.Series("boven", _("Langer dan de Treeknorm")),
        ],
        title=_("Wachtenden per week"),
        description=_(
            "Aantal wachtenden en aantal wachtenden boven de Treeknorm op elke maandag "
            "van de afgelopen 26 weken; de cijfers staan ook in de tabel eronder."
        ),
    )


@login_required
@require_GET
def wachtlijst(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    """Every waiting client with the clock, filters, the figures at the top, a weekly trend
    and the share started within 4 and 6 weeks. Client-level: the coordinator only."""
    netwerk = get_visible_or_404(Netwerk.objects.visible_to(request.user), pk=netwerk_pk)
    require(is_coordinator_of(request.user, netwerk.pk))
    vandaag = timezone.localdate()
    form = WachtlijstFilterForm(
        request.GET or None,
        organisaties=casemanagement_aanbieders(netwerk, vandaag).order_by("naam"),
        gemeenten=werkgebied_gemeenten(netwerk, vandaag),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    peildatum = filters.get("peildatum") or vandaag
    signaal = netwerk.treeknorm_signaal_dagen
    alle = Aanmelding.objects.filter(netwerk=netwerk)
    wachtenden = selectors.wachtenden_lijst(
        alle,
        peildatum,
        signaal_dagen=signaal,
        organisatie=filters.get("organisatie"),
        gemeente=filters.get("gemeente"),
        status=filters.get("status") or "",
        sortering=filters.get("sortering") or "",
    )
    page = Paginator(wachtenden, 100).get_page(request.GET.get("pagina"))
    _met_klok(page, peildatum, signaal)
    access_log_record_many(
        actor=actor_of(request),
        action=AccessAction.LEZEN,
        object_type="wachtlijst",
        client_ids=[a.client_id for a in page],
    )
    trend = selectors.trend_per_week(netwerk, peildatum)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "wachtlijst/wachtlijst.html",
        {
            "netwerk": netwerk,
            "form": form,
            "peildatum": peildatum,
            "page": page,
            "query": query.urlencode(),
            "samenvatting": selectors.samenvatting(alle, peildatum, signaal),
            "gestart": _gestart(alle, peildatum),
            "trend": trend,
            "grafiek": _grafiek(trend),
        },
    )


@login_required
@require_GET
def meldingen(request: HttpRequest) -> HttpResponse:
    """The coordinator's list of clients reported by the daily job (in-app alerts)."""
    membership = acting_membership(request.user)
    netwerk_id = membership.netwerk_id if membership is not None else None
    require(netwerk_id is not None and is_coordinator_of(request.user, netwerk_id))
    page = Paginator(
        WachtlijstMelding.objects.filter(netwerk_id=netwerk_id)
        .select_related("aanmelding__client", "aanmelding__organisatie")
        .order_by("-peildatum", "drempel", "-gecorrigeerd_dagen"),
        50,
    ).get_page(request.GET.get("pagina"))
    access_log_record_many(
        actor=actor_of(request),
        action=AccessAction.LEZEN,
        object_type="wachtlijstmelding",
        client_ids=[m.aanmelding.client_id for m in page],
    )
    huidig = set(
        Traject.objects.filter(aanmelding__in=[m.aanmelding_id for m in page]).values_list(
            "aanmelding_id", flat=True
        )
    )
    return render(
        request,
        "wachtlijst/meldingen.html",
        {"page": page, "query": "", "toegewezen": huidig, "netwerk_id": netwerk_id},
    )
