"""Pages of casemanagement. Every read of identifiable client data writes an access-log row
(refused attempts too); every change goes through a service that writes its own row."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import exports
from accounts.actor import actor_of
from accounts.models import AccessAction
from accounts.roles import acting_membership
from accounts.services import access_log_record_many
from accounts.web import (
    apply_validation_error,
    get_visible_or_404_logged,
    require,
    run_action,
    save_form,
)
from netwerk.models import Netwerk
from netwerk.selectors import casemanagement_aanbieders, werkgebied_gemeenten

from . import selectors, services
from .forms import (
    AanmeldingForm,
    AfmeldForm,
    AfsluitForm,
    CasemanagerForm,
    CasemanagerUitnodigingForm,
    ClientForm,
    ClientRegistrationForm,
    ContactForm,
    IndicatieForm,
    IntensiteitForm,
    MantelzorgerForm,
    MetingenForm,
    NetwerkWijzigForm,
    OverdrachtForm,
    ToewijzingForm,
    UitstelForm,
    VerhuisForm,
    WisselForm,
    ZoekForm,
)
from .models import (
    Aanmelding,
    Achtergrond,
    Casemanager,
    CasemanagerUitnodiging,
    Client,
    Indicatie,
    Mantelzorger,
    Traject,
)
from .permissions import (
    can_assign,
    can_log_contact,
    can_manage_casemanagers,
    can_manage_traject,
    can_reassign,
    can_register_client,
    filter_cosignable_indicaties,
    is_coordinator_of,
    own_casemanager,
    works_with_clients,
)

GET_POST = ["GET", "POST"]


# --- Fetching with access logging ----------------------------------------------------------


def _client(request, pk) -> Client:
    return get_visible_or_404_logged(request, Client.objects.all(), pk, lambda c: c.pk)


def _aanmelding(request, pk) -> Aanmelding:
    qs = Aanmelding.objects.select_related("client", "netwerk", "organisatie")
    return get_visible_or_404_logged(request, qs, pk, lambda a: a.client_id)


def _traject(request, pk) -> Traject:
    qs = Traject.objects.select_related(
        "client", "netwerk", "casemanager__user", "organisatie", "aanmelding"
    )
    return get_visible_or_404_logged(request, qs, pk, lambda t: t.client_id)


def _acting_netwerk(request) -> Netwerk | None:
    membership = acting_membership(request.user)
    return membership.netwerk if membership is not None else None


def _form_page(request, template_context: dict) -> HttpResponse:
    return render(request, "casemanagement/form_page.html", template_context)


def _back_to_client(client_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("casemanagement:client_detail", args=[client_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- Mijn cliënten and search --------------------------------------------------------------


@login_required
@require_GET
def mijn_clienten(request: HttpRequest) -> HttpResponse:
    """The casemanager's start page: own caseload, contacts, measurements, co-signatures."""
    casemanager = own_casemanager(request.user)
    if casemanager is None:
        raise Http404
    vandaag = timezone.localdate()
    trajecten = selectors.mijn_clienten_rows(casemanager, vandaag)
    medeondertekenen = list(selectors.open_medeondertekeningen(casemanager))
    wachten_op = list(selectors.eigen_ongeldige_indicaties(casemanager))
    access_log_record_many(
        actor=actor_of(request),
        action=AccessAction.LEZEN,
        object_type="caseload",
        client_ids=[t.client_id for t in trajecten]
        + [i.traject.client_id for i in medeondertekenen + wachten_op],
    )
    load = len(trajecten)
    capaciteit = casemanager.capaciteit(casemanager.netwerk.caseload_norm)
    return render(
        request,
        "casemanagement/mijn_clienten.html",
        {
            "casemanager": casemanager,
            "trajecten": trajecten,
            "caseload": load,
            "capaciteit": capaciteit,
            "medeondertekenen": medeondertekenen,
            "wachten_op": wachten_op,
            "zoek_form": ZoekForm(),
            "vandaag": vandaag,
        },
    )


@login_required
@require_http_methods(GET_POST)
def client_list(request: HttpRequest) -> HttpResponse:
    """Search over the clients the user may see (name, date of birth or BSN). The search is
    posted, never put in the URL: a BSN typed here must not end up in a server's access log
    or the browser's history."""
    require(works_with_clients(request.user))
    form = ZoekForm(request.POST or None)
    clients = Client.objects.none()
    query = ""
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        clients = selectors.client_search(
            Client.objects.visible_to(request.user).select_related("gemeente"), query
        )
    page = Paginator(clients.order_by("achternaam", "voornaam", "id"), 25).get_page(
        request.POST.get("pagina")
    )
    if query:
        access_log_record_many(
            actor=actor_of(request),
            action=AccessAction.ZOEKEN,
            object_type="client",
            client_ids=[c.pk for c in page],
        )
    template = "casemanagement/client_list.html"
    if request.htmx:
        template += "#resultaten"
    return render(request, template, {"form": form, "page": page, "query": query})


def _client_export(request: HttpRequest, extension: str) -> HttpResponse:
    """The coordinator's list of the network's clients with their status, as CSV or XLSX.
    Every exported client is written to the access log (exporteren)."""
    netwerk = _acting_netwerk(request)
    require(netwerk is not None and is_coordinator_of(request.user, netwerk.pk))
    clients = (
        Client.objects.visible_to(request.user)
        .select_related("gemeente")
        .order_by("achternaam", "voornaam", "id")
    )
    header = [_("Naam"), _("Geboortedatum"), _("Gemeente"), _("Fase"), _("Diagnose")]
    ids: list[int] = []

    def rows():
        for client in clients.iterator(chunk_size=500):
            ids.append(client.pk)
            yield [
                client.naam,
                client.geboortedatum,
                client.gemeente.naam,
                client.get_fase_display(),
                client.get_diagnose_status_display(),
            ]

    filename = f"clienten.{extension}"
    if extension == "xlsx":
        sheet = exports.Sheet(
            title=_("Cliënten"), header=header, rows=rows(), widths={0: 32, 1: 14, 2: 24}
        )
        response = exports.xlsx_response(sheet, filename=filename)
    else:
        response = exports.csv_response(filename=filename, header=header, rows=rows())
    access_log_record_many(
        actor=actor_of(request),
        action=AccessAction.EXPORTEREN,
        object_type="client",
        client_ids=ids,
    )
    return response


@login_required
@require_GET
def client_export(request: HttpRequest) -> HttpResponse:
    return _client_export(request, "csv")


@login_required
@require_GET
def client_export_xlsx(request: HttpRequest) -> HttpResponse:
    return _client_export(request, "xlsx")


# --- Registration and the client record ----------------------------------------------------


def _aanbieders(netwerk: Netwerk):
    return casemanagement_aanbieders(netwerk, timezone.localdate()).order_by("naam")


@login_required
@require_http_methods(GET_POST)
def client_create(request: HttpRequest) -> HttpResponse:
    """Register a client with their aanmelding. A known BSN leads to the existing record."""
    require(can_register_client(request.user))
    netwerk = _acting_netwerk(request)
    casemanager = own_casemanager(request.user)
    form = ClientRegistrationForm(request.POST or None)
    form.setup_aanmelding_fields(
        aanbieders=_aanbieders(netwerk),
        eigen_organisatie=casemanager.organisatie if casemanager else None,
    )
    form.setup_werkgebied(netwerk=netwerk)
    if request.method == "POST":
        registratie = save_form(
            form,
            lambda data: services.client_register(
                actor=actor_of(request),
                bsn=data["bsn"],
                client_fields=form.client_data(),
                aanmelding_fields=form.aanmelding_data(),
            ),
        )
        if registratie is not None:
            messages.success(request, _registratie_melding(registratie))
            if registratie.zichtbaar:
                return _back_to_client(registratie.client.pk)
            return redirect("start")
    return _form_page(
        request, {"form": form, "title": _("Cliënt aanmelden"), "submit": _("Aanmelden")}
    )


def _registratie_melding(registratie: services.Registratie) -> str:
    """What the registrant is told: where the aanmelding went, and nothing about a known
    client they may not see."""
    if not registratie.zichtbaar:
        if registratie.bestond_al:
            return _(
                "De aanmelding is ontvangen en doorgestuurd naar de netwerkcoördinator die haar "
                "toewijst. U krijgt inzage in deze cliënt zodra die aan uw organisatie is "
                "toegewezen."
            )
        return _(
            "De cliënt woont in %(gemeente)s, dat hoort bij %(netwerk)s. De aanmelding staat "
            "daar centraal op de wachtlijst en de netwerkcoördinator van %(netwerk)s is op de "
            "hoogte gebracht. U kunt deze cliënt zelf niet inzien."
        ) % {"gemeente": registratie.client.gemeente.naam, "netwerk": registratie.netwerk}
    if registratie.bestond_al:
        return _(
            "Deze cliënt was al geregistreerd. Er is geen tweede registratie gemaakt; de "
            "aanmelding is aan de bestaande cliënt toegevoegd."
        )
    return _("De cliënt en de aanmelding zijn geregistreerd.")


@login_required
@require_GET
def client_detail(request: HttpRequest, client_pk: int) -> HttpResponse:
    # the dossier shows the gemeente and the network: fetched with the client, not lazily
    client = get_visible_or_404_logged(
        request, Client.objects.select_related("gemeente", "netwerk"), client_pk, lambda c: c.pk
    )
    casemanager = own_casemanager(request.user)
    return render(
        request,
        "casemanagement/client_detail.html",
        {
            "client": client,
            "mantelzorgers": client.mantelzorgers.all(),
            "aanmeldingen": selectors.dossier_aanmeldingen(client, request.user),
            "trajecten": selectors.dossier_trajecten(client, request.user),
            "is_coordinator": is_coordinator_of(request.user, client.netwerk_id),
            "casemanager": casemanager,
        },
    )


@login_required
@require_http_methods(GET_POST)
def client_update(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = _client(request, client_pk)
    form = ClientForm(request.POST or None, instance=Client.objects.get(pk=client.pk))
    if request.method == "POST" and save_form(
        form,
        lambda data: services.client_update(actor=actor_of(request), client=client, **data),
    ):
        messages.success(request, _("De gegevens zijn opgeslagen."))
        return _back_to_client(client.pk)
    return _form_page(request, {"form": form, "client": client, "title": _("Gegevens wijzigen")})


@login_required
@require_http_methods(GET_POST)
def mantelzorger_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = _client(request, client_pk)
    form = MantelzorgerForm(request.POST or None, instance=Mantelzorger(client=client))
    if request.method == "POST" and save_form(
        form,
        lambda data: services.mantelzorger_save(
            actor=actor_of(request), mantelzorger=form.instance
        ),
    ):
        messages.success(request, _("De mantelzorger is toegevoegd."))
        return _back_to_client(client.pk, "mantelzorgers")
    return _form_page(
        request, {"form": form, "client": client, "title": _("Mantelzorger toevoegen")}
    )


@login_required
@require_http_methods(GET_POST)
def mantelzorger_update(request: HttpRequest, mantelzorger_pk: int) -> HttpResponse:
    mantelzorger = Mantelzorger.objects.select_related("client").filter(pk=mantelzorger_pk).first()
    if mantelzorger is None:
        raise Http404
    client = _client(request, mantelzorger.client_id)
    form = MantelzorgerForm(request.POST or None, instance=mantelzorger)
    if request.method == "POST" and save_form(
        form,
        lambda data: services.mantelzorger_save(
            actor=actor_of(request), mantelzorger=form.instance
        ),
    ):
        messages.success(request, _("De mantelzorger is bijgewerkt."))
        return _back_to_client(client.pk, "mantelzorgers")
    return _form_page(
        request, {"form": form, "client": client, "title": _("Mantelzorger wijzigen")}
    )


# --- Aanmeldingen ---------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def aanmelding_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = _client(request, client_pk)
    require(can_register_client(request.user))
    casemanager = own_casemanager(request.user)
    form = AanmeldingForm(request.POST or None)
    form.setup_aanmelding_fields(
        aanbieders=_aanbieders(client.netwerk),
        eigen_organisatie=casemanager.organisatie if casemanager else None,
    )
    if request.method == "POST" and save_form(
        form,
        lambda data: services.aanmelding_create(
            actor=actor_of(request), client=client, **form.aanmelding_data()
        ),
    ):
        messages.success(request, _("De aanmelding is geregistreerd."))
        return _back_to_client(client.pk, "aanmeldingen")
    return _form_page(request, {"form": form, "client": client, "title": _("Nieuwe aanmelding")})


def _aanmelding_action(request, aanmelding_pk, form_class, title, action, success, allowed=None):
    aanmelding = _aanmelding(request, aanmelding_pk)
    require(allowed(request.user, aanmelding) if allowed else can_register_client(request.user))
    form = form_class(request.POST or None)
    if request.method == "POST" and save_form(
        form, lambda data: action(aanmelding=aanmelding, data=data)
    ):
        messages.success(request, success)
        return _back_to_client(aanmelding.client_id, "aanmeldingen")
    return _form_page(request, {"form": form, "client": aanmelding.client, "title": title})


@login_required
@require_http_methods(GET_POST)
def uitstel_create(request: HttpRequest, aanmelding_pk: int) -> HttpResponse:
    return _aanmelding_action(
        request,
        aanmelding_pk,
        UitstelForm,
        _("Uitstel op verzoek van de cliënt"),
        lambda aanmelding, data: services.uitstel_add(
            actor=actor_of(request), aanmelding=aanmelding, **data
        ),
        _("Het uitstel is vastgelegd."),
    )


@login_required
@require_http_methods(GET_POST)
def aanmelding_afmelden(request: HttpRequest, aanmelding_pk: int) -> HttpResponse:
    return _aanmelding_action(
        request,
        aanmelding_pk,
        AfmeldForm,
        _("Afmelden van de wachtlijst"),
        lambda aanmelding, data: services.aanmelding_afmelden(
            actor=actor_of(request), aanmelding=aanmelding, **data
        ),
        _("De cliënt is afgemeld."),
    )


@login_required
@require_http_methods(GET_POST)
def aanmelding_netwerk(request: HttpRequest, aanmelding_pk: int) -> HttpResponse:
    return _aanmelding_action(
        request,
        aanmelding_pk,
        NetwerkWijzigForm,
        _("Ander netwerk"),
        lambda aanmelding, data: services.aanmelding_change_netwerk(
            actor=actor_of(request), aanmelding=aanmelding, **data
        ),
        _("Het netwerk van de aanmelding is gewijzigd."),
        allowed=lambda user, aanmelding: is_coordinator_of(user, aanmelding.netwerk_id),
    )


# --- Toewijzing -----------------------------------------------------------------------------


@login_required
@require_GET
def toewijzing_list(request: HttpRequest) -> HttpResponse:
    """Waiting aanmeldingen of the coordinator's network that have no casemanager yet."""
    netwerk = _acting_netwerk(request)
    require(netwerk is not None and is_coordinator_of(request.user, netwerk.pk))
    page = Paginator(selectors.wachtend_zonder_casemanager(netwerk.pk), 50).get_page(
        request.GET.get("pagina")
    )
    vandaag = timezone.localdate()
    for aanmelding in page:
        aanmelding.dagen = (vandaag - aanmelding.datum).days
    access_log_record_many(
        actor=actor_of(request),
        action=AccessAction.LEZEN,
        object_type="aanmelding",
        client_ids=[a.client_id for a in page],
    )
    return render(
        request,
        "casemanagement/toewijzing_list.html",
        {"netwerk": netwerk, "page": page, "vandaag": vandaag},
    )


@login_required
@require_http_methods(GET_POST)
def aanmelding_assign(request: HttpRequest, aanmelding_pk: int) -> HttpResponse:
    aanmelding = _aanmelding(request, aanmelding_pk)
    require(can_assign(request.user, aanmelding))
    aanbieder_ids = set(_aanbieders(aanmelding.netwerk).values_list("pk", flat=True))
    suggesties = selectors.toewijzing_suggesties(aanmelding, aanbieder_ids)
    candidates = Casemanager.objects.filter(pk__in=[s.casemanager.pk for s in suggesties])
    form = ToewijzingForm(request.POST or None, casemanagers=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.aanmelding_assign(
                actor=actor_of(request), aanmelding=aanmelding, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(client)s is toegewezen aan %(cm)s.")
                % {"client": aanmelding.client, "cm": form.cleaned_data["casemanager"]},
            )
            return redirect("casemanagement:toewijzing_list")
    return render(
        request,
        "casemanagement/toewijzing.html",
        {"aanmelding": aanmelding, "suggesties": suggesties, "form": form},
    )


# --- Trajecten ------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def contact_create(request: HttpRequest, traject_pk: int) -> HttpResponse:
    """The quick contact form: date (today), kind and minutes (the kind's usual length). With
    HTMX it answers with the confirmation, and the row of Mijn cliënten around it is brought
    up to date (in care, last contact); or with the form again, keeping what was typed and
    with the focus on the first field to correct."""
    traject = _traject(request, traject_pk)
    casemanager = own_casemanager(request.user)
    require(casemanager is not None and can_log_contact(request.user, traject))
    form = ContactForm(request.POST or None)
    contact = request.method == "POST" and save_form(
        form,
        lambda data: services.contact_log(
            actor=actor_of(request), traject=traject, casemanager=casemanager, **data
        ),
    )
    if request.htmx:
        if contact:
            return render(
                request,
                "casemanagement/contact_form.html#opgeslagen",
                {
                    "traject": traject,
                    "contact": contact,
                    "rij": selectors.mijn_clienten_rij(casemanager, traject.pk),
                },
            )
        form.focus_first()
        return render(
            request, "casemanagement/contact_form.html#form", {"traject": traject, "form": form}
        )
    if contact:
        messages.success(request, _("Het contact is vastgelegd."))
        return _back_to_client(traject.client_id, f"traject-{traject.pk}")
    return render(request, "casemanagement/contact_form.html", {"traject": traject, "form": form})


def _traject_action(request, traject, form, title, action, success):
    if request.method == "POST" and save_form(form, action):
        messages.success(request, success)
        return _back_to_client(traject.client_id, f"traject-{traject.pk}")
    return _form_page(request, {"form": form, "client": traject.client, "title": title})


@login_required
@require_http_methods(GET_POST)
def intensiteit_update(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    require(can_manage_traject(request.user, traject))
    form = IntensiteitForm(request.POST or None, initial={"intensiteit": traject.intensiteit})
    return _traject_action(
        request,
        traject,
        form,
        _("Intensiteit wijzigen"),
        lambda data: services.traject_set_intensiteit(
            actor=actor_of(request), traject=traject, **data
        ),
        _("De intensiteit is gewijzigd."),
    )


def _netwerk_casemanagers(traject: Traject):
    aanbieder_ids = _aanbieders(traject.netwerk).values_list("pk", flat=True)
    return Casemanager.objects.filter(
        netwerk=traject.netwerk, actief=True, organisatie_id__in=aanbieder_ids
    ).select_related("user", "organisatie")


@login_required
@require_http_methods(GET_POST)
def casemanager_wissel(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    require(can_reassign(request.user, traject))
    form = WisselForm(
        request.POST or None,
        casemanagers=_netwerk_casemanagers(traject).exclude(pk=traject.casemanager_id),
    )
    return _traject_action(
        request,
        traject,
        form,
        _("Andere casemanager"),
        lambda data: services.traject_change_casemanager(
            actor=actor_of(request), traject=traject, **data
        ),
        _("De casemanager is gewijzigd."),
    )


@login_required
@require_http_methods(GET_POST)
def traject_transfer(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    require(can_reassign(request.user, traject))
    form = OverdrachtForm(
        request.POST or None,
        organisaties=_aanbieders(traject.netwerk).exclude(pk=traject.organisatie_id),
        casemanagers=_netwerk_casemanagers(traject),
    )
    return _traject_action(
        request,
        traject,
        form,
        _("Overdragen aan een andere organisatie"),
        lambda data: services.traject_transfer(actor=actor_of(request), traject=traject, **data),
        _("Het traject is overgedragen."),
    )


@login_required
@require_http_methods(GET_POST)
def traject_close(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    require(can_manage_traject(request.user, traject))
    form = AfsluitForm(request.POST or None)
    return _traject_action(
        request,
        traject,
        form,
        _("Traject afsluiten"),
        lambda data: services.traject_close(actor=actor_of(request), traject=traject, **data),
        _("Het traject is afgesloten."),
    )


@login_required
@require_http_methods(GET_POST)
def indicatie_create(request: HttpRequest, traject_pk: int) -> HttpResponse:
    traject = _traject(request, traject_pk)
    casemanager = own_casemanager(request.user)
    require(casemanager is not None)
    verpleegkundigen = (
        Casemanager.objects.filter(
            netwerk=traject.netwerk, actief=True, achtergrond=Achtergrond.VERPLEEGKUNDIGE
        )
        .exclude(pk=casemanager.pk)
        .select_related("user")
    )
    form = IndicatieForm(
        request.POST or None,
        verpleegkundigen=verpleegkundigen,
        opsteller_is_verpleegkundige=casemanager.is_verpleegkundige,
    )
    return _traject_action(
        request,
        traject,
        form,
        _("Indicatie casemanagement"),
        lambda data: services.indicatie_create(
            actor=actor_of(request), traject=traject, opgesteld_door=casemanager, **data
        ),
        _("De indicatie is vastgelegd."),
    )


@login_required
@require_http_methods(GET_POST)
def indicatie_cosign(request: HttpRequest, indicatie_pk: int) -> HttpResponse:
    """The verpleegkundige asked to co-sign sees the indication and what identifies the client
    (name, birth date), not the rest of the record, which may be another organisation's."""
    indicatie = get_visible_or_404_logged(
        request,
        Indicatie.objects.select_related(
            "traject__client", "opgesteld_door__user", "opgesteld_door__organisatie"
        ),
        indicatie_pk,
        lambda i: i.traject.client_id,
        visible=filter_cosignable_indicaties,
    )
    if request.method == "POST" and run_action(
        request,
        lambda: services.indicatie_cosign(
            actor=actor_of(request),
            indicatie=indicatie,
            door=own_casemanager(request.user),
        ),
        _("U heeft de indicatie medeondertekend; ze is nu geldig."),
    ):
        return redirect("casemanagement:mijn_clienten")
    return render(request, "casemanagement/indicatie_cosign.html", {"indicatie": indicatie})


@login_required
@require_http_methods(GET_POST)
def meting_create(request: HttpRequest, traject_pk: int) -> HttpResponse:
    """The outcome measurements in one form, one submit. ``?type=`` (a badge on Mijn
    cliënten) puts the focus on that instrument's field."""
    traject = _traject(request, traject_pk)
    require(works_with_clients(request.user))
    form = MetingenForm(request.POST or None)
    if request.method == "POST":
        metingen = save_form(
            form,
            lambda data: services.metingen_add(
                actor=actor_of(request),
                traject=traject,
                datum=data["datum"],
                waarden=form.waarden(),
            ),
        )
        if metingen:
            messages.success(
                request,
                ngettext(
                    "De meting is vastgelegd.", "De %(n)s metingen zijn vastgelegd.", len(metingen)
                )
                % {"n": len(metingen)},
            )
            return _back_to_client(traject.client_id, f"traject-{traject.pk}")
    else:
        gekozen = request.GET.get("type", "")
        if gekozen in form.fields and gekozen != "datum":
            form.fields[gekozen].widget.attrs["autofocus"] = True
    return render(
        request,
        "casemanagement/metingen_form.html",
        {"form": form, "traject": traject, "client": traject.client},
    )


# --- Casemanagers (coordinator) -------------------------------------------------------------


@login_required
@require_GET
def casemanager_list(request: HttpRequest) -> HttpResponse:
    netwerk = _acting_netwerk(request)
    require(netwerk is not None and can_manage_casemanagers(request.user, netwerk.pk))
    casemanagers = list(
        Casemanager.objects.filter(netwerk=netwerk)
        .with_caseload()
        .order_by("organisatie__naam", "user__naam")
    )
    now = timezone.now()
    uitnodigingen = list(
        selectors.casemanager_uitnodigingen(
            CasemanagerUitnodiging.objects.visible_to(request.user), now
        )
    )
    for uitnodiging in uitnodigingen:
        uitnodiging.verlopen = uitnodiging.is_verlopen(now)
    return render(
        request,
        "casemanagement/casemanager_list.html",
        {"netwerk": netwerk, "casemanagers": casemanagers, "uitnodigingen": uitnodigingen},
    )


def _casemanager_form(request, netwerk, instance):
    form = CasemanagerForm(
        request.POST or None,
        instance=instance,
        organisaties=_aanbieders(netwerk),
        gemeenten=werkgebied_gemeenten(netwerk, timezone.localdate()),
    )

    def save(data):
        return services.casemanager_save(
            actor=actor_of(request),
            casemanager=form.save(commit=False),
            werkgebied=data["werkgebied"],
        )

    if request.method == "POST" and save_form(form, save):
        messages.success(request, _("Het casemanagerprofiel is opgeslagen."))
        return redirect("casemanagement:casemanager_list")
    return _form_page(request, {"form": form, "title": _("Casemanager wijzigen")})


def uitnodiging_verstuurd(email: str) -> str:
    """The one answer to an invitation, whatever account the address has or lacks."""
    return _(
        "Uitnodiging verstuurd aan %(email)s; het profiel wordt actief zodra de casemanager de "
        "uitnodiging aanneemt."
    ) % {"email": email}


@login_required
@require_http_methods(GET_POST)
def casemanager_create(request: HttpRequest) -> HttpResponse:
    """Invite a casemanager: the coordinator never links an existing account (0010)."""
    netwerk = _acting_netwerk(request)
    require(netwerk is not None and can_manage_casemanagers(request.user, netwerk.pk))
    form = CasemanagerUitnodigingForm(
        request.POST or None,
        initial={"fte": "0.8"},
        organisaties=_aanbieders(netwerk),
        gemeenten=werkgebied_gemeenten(netwerk, timezone.localdate()),
    )
    uitnodiging = request.method == "POST" and save_form(
        form,
        lambda data: services.casemanager_invite(actor=actor_of(request), netwerk=netwerk, **data),
    )
    if uitnodiging:
        messages.success(request, uitnodiging_verstuurd(uitnodiging.email))
        return redirect("casemanagement:casemanager_list")
    return _form_page(
        request,
        {"form": form, "title": _("Casemanager uitnodigen"), "submit": _("Uitnodiging versturen")},
    )


def _own_network_uitnodiging(request, uitnodiging_pk) -> CasemanagerUitnodiging:
    netwerk = _acting_netwerk(request)
    require(netwerk is not None and can_manage_casemanagers(request.user, netwerk.pk))
    uitnodiging = (
        CasemanagerUitnodiging.objects.visible_to(request.user)
        .filter(pk=uitnodiging_pk, netwerk=netwerk)
        .first()
    )
    if uitnodiging is None:
        raise Http404
    return uitnodiging


@login_required
@require_POST
def casemanager_uitnodiging_resend(request: HttpRequest, uitnodiging_pk: int) -> HttpResponse:
    uitnodiging = _own_network_uitnodiging(request, uitnodiging_pk)
    run_action(
        request,
        lambda: services.casemanager_invitation_resend(
            actor=actor_of(request), uitnodiging=uitnodiging
        ),
        _("Uitnodiging opnieuw verstuurd aan %(email)s; de vorige link werkt niet meer.")
        % {"email": uitnodiging.email},
    )
    return redirect("casemanagement:casemanager_list")


@login_required
@require_POST
def casemanager_uitnodiging_revoke(request: HttpRequest, uitnodiging_pk: int) -> HttpResponse:
    uitnodiging = _own_network_uitnodiging(request, uitnodiging_pk)
    run_action(
        request,
        lambda: services.casemanager_invitation_revoke(
            actor=actor_of(request), uitnodiging=uitnodiging
        ),
        _("De uitnodiging aan %(email)s is ingetrokken; de link werkt niet meer.")
        % {"email": uitnodiging.email},
    )
    return redirect("casemanagement:casemanager_list")


def _own_network_casemanager(request, casemanager_pk) -> Casemanager:
    netwerk = _acting_netwerk(request)
    require(netwerk is not None and can_manage_casemanagers(request.user, netwerk.pk))
    casemanager = Casemanager.objects.filter(pk=casemanager_pk, netwerk=netwerk).first()
    if casemanager is None:
        raise Http404
    return casemanager


@login_required
@require_http_methods(GET_POST)
def casemanager_update(request: HttpRequest, casemanager_pk: int) -> HttpResponse:
    casemanager = _own_network_casemanager(request, casemanager_pk)
    return _casemanager_form(request, casemanager.netwerk, casemanager)


@login_required
@require_http_methods(GET_POST)
def casemanager_move(request: HttpRequest, casemanager_pk: int) -> HttpResponse:
    """A casemanager moves to another provider with all their clients (continuity)."""
    casemanager = _own_network_casemanager(request, casemanager_pk)
    form = VerhuisForm(
        request.POST or None,
        organisaties=_aanbieders(casemanager.netwerk).exclude(pk=casemanager.organisatie_id),
    )
    moved = None
    if request.method == "POST":
        moved = save_form(
            form,
            lambda data: services.casemanager_move(
                actor=actor_of(request), casemanager=casemanager, **data
            ),
        )
    if moved is not None:
        messages.success(
            request,
            _("%(cm)s werkt nu bij %(org)s; %(n)s cliënten houden hun casemanager.")
            % {"cm": casemanager, "org": form.cleaned_data["naar_organisatie"], "n": moved},
        )
        return redirect("casemanagement:casemanager_list")
    return _form_page(
        request,
        {"form": form, "title": _("%(cm)s naar een andere organisatie") % {"cm": casemanager}},
    )
