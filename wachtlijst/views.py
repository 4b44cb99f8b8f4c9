"""The coordinator's waitlist page and the list of waitlist alerts."""

from __future__ import annotations

import datetime as dt

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
from accounts.web import UrlPerPk, get_visible_or_404, require
from casemanagement.models import Aanmelding, Traject, Urgentie
from casemanagement.permissions import is_coordinator_of
from netwerk.models import Netwerk
from netwerk.selectors import casemanagement_aanbieders, werkgebied_gemeenten

from . import charts, selectors
from .clock import Gebeurtenissen, norm_overschreden_vanaf, status_voor
from .forms import WachtlijstFilterForm
from .models import WachtlijstMelding


def _datum(datum: dt.date | None, formaat: str = "%d-%m-%Y") -> str:
    """As the template filter ``date:"d-m-Y"`` shows a date (empty for none)."""
    return "" if datum is None else datum.strftime(formaat)


def _rijen(page, peildatum: dt.date, signaal_dagen: int) -> list[dict]:
    """What each row of the list shows, as plain values: the client, the dates as shown, the
    Treeknorm status on the network's threshold, the day the norm will be passed if the
    client keeps waiting, the postponements, the assigned casemanager (or the link to assign
    one). Built once here so the row template only prints values (the same HTML as
    formatting each in the template, for a fraction of its cost at 100 rows)."""
    client_url = UrlPerPk("casemanagement:client_detail")
    toewijzen_url = UrlPerPk("casemanagement:aanmelding_assign")
    centraal = _("centraal")
    rijen = []
    for aanmelding in page:
        client = aanmelding.client
        uitstellen = aanmelding.uitstellen.all()
        status = status_voor(aanmelding.gecorrigeerd_dagen, signaal_dagen)
        traject = getattr(aanmelding, "traject", None)
        casemanager = traject.casemanager if traject is not None else None
        rijen.append(
            {
                "naam": client.naam,
                "client_url": client_url(aanmelding.client_id),
                "datum": _datum(aanmelding.datum),
                "gemeente": client.gemeente.naam,
                "aanbieder": str(aanmelding.organisatie or centraal),
                "gecorrigeerd_dagen": aanmelding.gecorrigeerd_dagen,
                "nza_dagen": aanmelding.nza_dagen,
                "status_css": status.css,
                "status_label": status.label,
                "urgentie": (
                    str(aanmelding.get_urgentie_display())
                    if aanmelding.urgentie != Urgentie.NORMAAL
                    else ""
                ),
                "wenswachtend": aanmelding.wenswachtend,
                "uitstellen": [(_datum(u.van, "%d-%m"), _datum(u.tot)) for u in uitstellen],
                "norm_voorbij": _datum(
                    norm_overschreden_vanaf(
                        Gebeurtenissen(
                            aanmelddatum=aanmelding.datum,
                            uitstellen=tuple((u.van, u.tot) for u in uitstellen),
                        ),
                        peildatum,
                    )
                ),
                "casemanager": str(casemanager) if casemanager is not None else "",
                "toewijzen_url": toewijzen_url(aanmelding.pk),
            }
        )
    return rijen


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
            "rijen": _rijen(page, peildatum, signaal),
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
