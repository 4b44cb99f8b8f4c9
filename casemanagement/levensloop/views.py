"""Pages of the client data's life cycle: the request for destruction (four eyes), the inzage
report (page, CSV, PDF) and the coordinator's access view of the network's log."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import devices_for_user

from accounts import exports
from accounts.actor import Actor, actor_of
from accounts.models import AccessAction, AccessOutcome, Role
from accounts.services import access_log_record, access_log_record_many
from accounts.web import apply_validation_error, get_visible_or_404_logged
from netwerk.models import Netwerk

from ..models import Client, Vernietigingsverzoek, VerzoekStatus
from . import toegang, vernietigen, verzoeken
from .forms import AfwijzingForm, ToegangslogFilterForm, VernietigingsverzoekForm

GET_POST = ["GET", "POST"]
PER_PAGINA = 50


def _refused(actor: Actor, object_type: str, client_id: int | None = None) -> PermissionDenied:
    access_log_record(
        actor=actor,
        action=AccessAction.LEZEN,
        object_type=object_type,
        client_id=client_id,
        outcome=AccessOutcome.GEWEIGERD,
    )
    return PermissionDenied()


def _second_factor(request: HttpRequest) -> HttpResponse:
    """To the second-factor page (set it up when there is none yet), and back here after."""
    has_device = any(True for _ in devices_for_user(request.user, confirmed=True))
    target = reverse("accounts:otp_verify" if has_device else "accounts:otp_setup")
    messages.info(request, _("Voor het toegangslog is uw tweede factor nodig."))
    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


# --- request for destruction -----------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def vernietigingsverzoek_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = get_visible_or_404_logged(request, Client.objects.all(), client_pk, lambda c: c.pk)
    actor = actor_of(request)
    if not verzoeken.can_record(actor, client):
        raise PermissionDenied
    form = VernietigingsverzoekForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verzoek = verzoeken.vernietigingsverzoek_record(
                actor=actor,
                client=client,
                verzoeker=form.cleaned_data["verzoeker"],
                ontvangen_op=form.cleaned_data["ontvangen_op"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Het verzoek is vastgelegd. Een tweede coördinator of een beheerder moet het "
                    "bevestigen; daarna wordt het dossier vernietigd."
                ),
            )
            return redirect("casemanagement:vernietigingsverzoek_detail", verzoek.pk)
    return render(
        request,
        "casemanagement/levensloop/vernietigingsverzoek_form.html",
        {"form": form, "client": client},
    )


@login_required
@require_GET
def vernietigingsverzoek_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if actor.role not in (Role.NETWERKCOORDINATOR, Role.BEHEERDER):
        raise PermissionDenied
    page = Paginator(verzoeken.verzoeken_visible_to(actor), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "casemanagement/levensloop/vernietigingsverzoek_list.html",
        {"page": page, "query": ""},
    )


def _verzoek(request: HttpRequest, pk: int) -> Vernietigingsverzoek:
    verzoek = verzoeken.verzoeken_visible_to(actor_of(request)).filter(pk=pk).first()
    if verzoek is None:
        raise Http404
    return verzoek


@login_required
@require_GET
def vernietigingsverzoek_detail(request: HttpRequest, verzoek_pk: int) -> HttpResponse:
    actor = actor_of(request)
    verzoek = _verzoek(request, verzoek_pk)
    client = None
    if verzoek.client_id is not None:
        client = Client.objects.visible_to(request.user).filter(pk=verzoek.client_id).first()
        access_log_record(
            actor=actor,
            action=AccessAction.LEZEN,
            object_type=verzoeken.OBJECT_TYPE,
            object_id=verzoek.pk,
            client_id=verzoek.client_id,
        )
    return render(
        request,
        "casemanagement/levensloop/vernietigingsverzoek_detail.html",
        {
            "verzoek": verzoek,
            "client": client,
            "open": verzoek.status == VerzoekStatus.VASTGELEGD,
            "mag_beslissen": verzoeken.can_decide(actor, verzoek),
            "zelf_vastgelegd": request.user.pk == verzoek.vastgelegd_door_id,
            "afwijzing_form": AfwijzingForm(),
            "telling": vernietigen.telling_weergave(verzoek.vernietigd),
        },
    )


@login_required
@require_POST
def vernietigingsverzoek_confirm(request: HttpRequest, verzoek_pk: int) -> HttpResponse:
    verzoek = _verzoek(request, verzoek_pk)
    try:
        verzoeken.vernietigingsverzoek_confirm(actor=actor_of(request), verzoek=verzoek)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Het dossier is vernietigd. Het ontvangstbewijs staat hieronder.")
        )
    return redirect("casemanagement:vernietigingsverzoek_detail", verzoek_pk)


@login_required
@require_POST
def vernietigingsverzoek_reject(request: HttpRequest, verzoek_pk: int) -> HttpResponse:
    verzoek = _verzoek(request, verzoek_pk)
    form = AfwijzingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef de reden van de afwijzing."))
        return redirect("casemanagement:vernietigingsverzoek_detail", verzoek_pk)
    try:
        verzoeken.vernietigingsverzoek_reject(
            actor=actor_of(request), verzoek=verzoek, reden=form.cleaned_data["reden"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Het verzoek is afgewezen."))
    return redirect("casemanagement:vernietigingsverzoek_detail", verzoek_pk)


# --- inzage report -------------------------------------------------------------------------


def _inzage_client(request: HttpRequest, client_pk: int) -> tuple[Actor, Client] | HttpResponse:
    """The client, when the actor may produce their inzage report (the coordinator of the
    client's network, or a beheerder) with a verified second factor; refused attempts on an
    existing client are logged, an unknown one is a 404."""
    actor = actor_of(request)
    client = Client.objects.filter(pk=client_pk, vernietigd_op__isnull=True).first()
    if client is None:
        raise Http404
    if not toegang.may_read_log(actor, client.netwerk_id):
        raise _refused(actor, "inzageverslag", client.pk)
    if not toegang.second_factor_ok(actor):
        return _second_factor(request)
    return actor, client


@login_required
@require_GET
def inzageverslag(request: HttpRequest, client_pk: int) -> HttpResponse:
    found = _inzage_client(request, client_pk)
    if isinstance(found, HttpResponse):
        return found
    actor, client = found
    access_log_record(
        actor=actor,
        action=AccessAction.LEZEN,
        object_type="inzageverslag",
        object_id=client.pk,
        client_id=client.pk,
    )
    entries = toegang.inzage_entries(client.pk)
    page = Paginator(entries, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "casemanagement/levensloop/inzageverslag.html",
        {"client": client, "page": page, "regels": toegang.regels(page), "query": ""},
    )


INZAGE_KOLOMMEN = [
    "Tijdstip",
    "Gebruiker",
    "Rol",
    "Organisatie",
    "Actie",
    "Object",
    "Uitkomst",
    "Pad",
    "IP-adres",
]


def _inzage_rij(regel: toegang.Regel) -> list:
    e = regel.entry
    return [
        regel.tijdstip.strftime("%d-%m-%Y %H:%M:%S"),
        regel.wie,
        regel.rol,
        regel.organisatie,
        e.get_action_display(),
        f"{e.object_type} {e.object_id}".strip(),
        e.get_outcome_display(),
        e.path,
        e.ip_address or "",
    ]


@login_required
@require_GET
def inzageverslag_csv(request: HttpRequest, client_pk: int) -> HttpResponse:
    return _inzageverslag_download(request, client_pk, "csv")


@login_required
@require_GET
def inzageverslag_pdf(request: HttpRequest, client_pk: int) -> HttpResponse:
    return _inzageverslag_download(request, client_pk, "pdf")


def _inzageverslag_download(request: HttpRequest, client_pk: int, formaat: str) -> HttpResponse:
    found = _inzage_client(request, client_pk)
    if isinstance(found, HttpResponse):
        return found
    actor, client = found
    # the report's own production is in the log before the rows are read: it is in the report
    access_log_record(
        actor=actor,
        action=AccessAction.EXPORTEREN if formaat == "csv" else AccessAction.AFDRUKKEN,
        object_type="inzageverslag",
        object_id=f"{client.pk} {formaat}",
        client_id=client.pk,
    )
    rows = toegang.regels(toegang.inzage_entries(client.pk))
    nu = timezone.localtime()
    filename = f"inzageverslag-{client.pk}-{nu:%Y%m%d}.{formaat}"
    if formaat == "csv":
        return exports.csv_response(
            filename=filename, header=INZAGE_KOLOMMEN, rows=(_inzage_rij(r) for r in rows)
        )
    html = render_to_string(
        "casemanagement/levensloop/inzageverslag_pdf.html",
        {
            "client": client,
            "regels": rows,
            "kolommen": INZAGE_KOLOMMEN,
            "nu": nu,
            "rijen": [_inzage_rij(r) for r in rows],
        },
    )
    from weasyprint import HTML

    pdf = HTML(string=html, base_url="http://pdf.local/").write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the coordinator's access view -----------------------------------------------------------


@login_required
@require_GET
def toegangslog(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    actor = actor_of(request)
    netwerk = Netwerk.objects.filter(pk=netwerk_pk).first()
    if netwerk is None:
        raise Http404
    if not toegang.may_read_log(actor, netwerk.pk):
        raise _refused(actor, "toegangslog")
    if not toegang.second_factor_ok(actor):
        return _second_factor(request)
    form = ToegangslogFilterForm(request.GET or None, netwerk_id=netwerk.pk)
    filters = toegang.Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = toegang.Filters(
            gebruiker=data["gebruiker"].strip(),
            organisatie_id=data["organisatie"].pk if data["organisatie"] else None,
            van=data["van"],
            tot=data["tot"],
            client=data["client"].strip(),
            alleen_opvallend=data["alleen_opvallend"],
        )
    access_log_record(
        actor=actor,
        action=AccessAction.ZOEKEN if request.GET else AccessAction.LEZEN,
        object_type="toegangslog",
        object_id=f"netwerk {netwerk.pk}",
    )
    entries = toegang.netwerk_log(netwerk.pk, filters)
    veel = toegang.veel_buiten_caseload(entries)
    if filters.alleen_opvallend:
        entries = toegang.alleen_opvallend(entries, veel)
    page = Paginator(entries, PER_PAGINA).get_page(request.GET.get("pagina"))
    # the page names the clients of its rows: a read of each of them
    access_log_record_many(
        actor=actor,
        action=AccessAction.LEZEN,
        object_type="toegangslog",
        client_ids=[entry.client_id for entry in page if entry.client_id is not None],
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "casemanagement/levensloop/toegangslog.html",
        {
            "netwerk": netwerk,
            "form": form,
            "page": page,
            "regels": toegang.regels(page, veel=veel),
            "query": query.urlencode(),
        },
    )
