"""Pages of the inkoop app: contracts, their indicators, and the capacity (zorgplicht) view of
a network. Thin: services write, selectors read, permissions decide; every object is fetched
through ``visible_to``."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import disclosure
from accounts.actor import actor_of
from accounts.web import get_visible_or_404, require, run_action, save_form
from netwerk import services as netwerk_services
from netwerk.models import Netwerk, Zorgverzekeraar
from netwerk.permissions import can_change_netwerk
from netwerk.selectors import history_of

from . import selectors, services
from .charts import capaciteit_svg
from .forms import (
    CapaciteitFactorenForm,
    ContractAfwijzenForm,
    ContractFilterForm,
    ContractForm,
    ContractIndicatorForm,
    JaarForm,
)
from .models import Contract, ContractIndicator, ContractStatus
from .permissions import (
    can_change_contract,
    can_create_contract,
    can_decide_contract,
    can_end_contract,
    can_list_contracten,
    can_offer_contract,
    can_view_capaciteit,
    can_view_tarief,
    decides_contracten,
    fixed_zorgverzekeraar_id,
)

GET_POST = ["GET", "POST"]
PAGE_SIZE = 50


def _contract(request: HttpRequest, pk: int) -> Contract:
    return get_visible_or_404(
        selectors.with_signalen(Contract.objects.visible_to(request.user)).select_related(
            "geaccepteerd_door"
        ),
        pk=pk,
    )


def _fixed_zorgverzekeraar(request: HttpRequest) -> Zorgverzekeraar | None:
    pk = fixed_zorgverzekeraar_id(request.user)
    return Zorgverzekeraar.objects.get(pk=pk) if pk is not None else None


# --- Contracts -----------------------------------------------------------------------------


@login_required
@require_GET
def contract_list(request: HttpRequest) -> HttpResponse:
    require(can_list_contracten(request.user))
    visible = Contract.objects.visible_to(request.user)
    form = ContractFilterForm(request.GET or None, netwerken=selectors.filter_netwerken(visible))
    if form.is_bound:
        form.is_valid()  # invalid filters are shown on the form and left out
    filters = form.filters()
    page = Paginator(selectors.contract_list(visible, **filters), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    maskeren = disclosure.moet_onderdrukken(request.user)
    realisaties = selectors.realisaties(page.object_list, onderdrukken=maskeren)
    rows = [
        {
            "contract": contract,
            "signalen": selectors.signalen(contract),
            "realisatie": realisaties.get(contract.pk) if realisaties is not None else None,
            "kan_beslissen": contract.status == ContractStatus.AANGEBODEN
            and can_decide_contract(request.user, contract),
        }
        for contract in page.object_list
    ]
    return render(
        request,
        "inkoop/contract_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": form.querystring(),
            "realisatie_beschikbaar": realisaties is not None,
            "maskeren": maskeren,
            "kan_aanmaken": can_create_contract(request.user),
            # what waits for the network side's decision (the insurer sees its offers' status)
            "aangeboden": visible.filter(status=ContractStatus.AANGEBODEN).count()
            if decides_contracten(request.user)
            else 0,
        },
    )


@login_required
@require_GET
def contract_detail(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = _contract(request, contract_pk)
    maskeren = disclosure.moet_onderdrukken(request.user)
    realisaties = selectors.realisaties([contract], onderdrukken=maskeren)
    history = history_of(
        [
            Contract.history.filter(id=contract.pk),
            ContractIndicator.history.filter(contract_id=contract.pk),
        ]
    )
    return render(
        request,
        "inkoop/contract_detail.html",
        {
            "contract": contract,
            "signalen": selectors.signalen(contract),
            "indicatoren": selectors.contract_indicatoren(contract),
            "realisatie": realisaties.get(contract.pk) if realisaties is not None else None,
            "realisatie_beschikbaar": realisaties is not None,
            "maskeren": maskeren,
            "toon_tarief": can_view_tarief(request.user, contract),
            "kan_capaciteit": can_view_capaciteit(request.user, contract.netwerk),
            "history": history,
            **_acties(request, contract),
        },
    )


def _acties(request: HttpRequest, contract: Contract) -> dict:
    """Which of the contract's buttons this user gets now: who may act (permissions) and
    whether the status allows it (the services refuse the rest with a message)."""
    status = contract.status
    return {
        "kan_wijzigen": status != ContractStatus.BEEINDIGD
        and can_change_contract(request.user, contract),
        "kan_aanbieden": status == ContractStatus.CONCEPT
        and can_offer_contract(request.user, contract),
        "kan_beslissen": status == ContractStatus.AANGEBODEN
        and can_decide_contract(request.user, contract),
        "kan_beeindigen": status != ContractStatus.BEEINDIGD
        and can_end_contract(request.user, contract),
    }


@login_required
@require_http_methods(GET_POST)
def contract_create(request: HttpRequest) -> HttpResponse:
    require(can_create_contract(request.user))
    zorgverzekeraar = _fixed_zorgverzekeraar(request)
    form = ContractForm(
        request.POST or None,
        zorgverzekeraar=zorgverzekeraar,
        initial={"jaar": timezone.localdate().year},
    )

    def create(data):
        if zorgverzekeraar is not None:
            data = {**data, "zorgverzekeraar": zorgverzekeraar}
        return services.contract_create(actor=actor_of(request), **data)

    contract = request.method == "POST" and save_form(form, create)
    if contract:
        messages.success(
            request,
            _(
                "Het contract is als concept vastgelegd. Bied het aan het netwerk aan wanneer "
                "de afspraken rond zijn."
            ),
        )
        return redirect("inkoop:contract_detail", contract_pk=contract.pk)
    return render(
        request,
        "inkoop/form_page.html",
        {"form": form, "title": _("Nieuw contract"), "terug": reverse("inkoop:contract_list")},
    )


@login_required
@require_http_methods(GET_POST)
def contract_update(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = _contract(request, contract_pk)
    require(can_change_contract(request.user, contract))
    form = ContractForm(
        request.POST or None,
        instance=Contract.objects.get(pk=contract.pk),
        zorgverzekeraar=_fixed_zorgverzekeraar(request),
    )
    updated = request.method == "POST" and save_form(
        form,
        lambda data: services.contract_update(contract=contract, actor=actor_of(request), **data),
    )
    if updated:
        if contract.status != ContractStatus.CONCEPT and updated.status == ContractStatus.CONCEPT:
            messages.warning(
                request,
                _(
                    "Het contract is gewijzigd en staat weer in concept: het netwerk moet de "
                    "nieuwe afspraken opnieuw accepteren."
                ),
            )
        else:
            messages.success(request, _("Het contract is bijgewerkt."))
        return redirect("inkoop:contract_detail", contract_pk=contract.pk)
    return render(
        request,
        "inkoop/form_page.html",
        {
            "form": form,
            "title": _("Contract bewerken"),
            "contract": contract,
            "terug": reverse("inkoop:contract_detail", args=[contract.pk]),
        },
    )


@login_required
@require_http_methods(GET_POST)
def contractindicator_create(request: HttpRequest, contract_pk: int) -> HttpResponse:
    contract = _contract(request, contract_pk)
    require(can_change_contract(request.user, contract))
    form = ContractIndicatorForm(request.POST or None)
    if request.method == "POST" and save_form(
        form,
        lambda data: services.contractindicator_create(
            contract=contract, actor=actor_of(request), **data
        ),
    ):
        messages.success(request, _("De indicator is toegevoegd."))
        return redirect("inkoop:contract_detail", contract_pk=contract.pk)
    return render(
        request,
        "inkoop/form_page.html",
        {
            "form": form,
            "title": _("Nieuwe indicator"),
            "contract": contract,
            "terug": reverse("inkoop:contract_detail", args=[contract.pk]),
        },
    )


# --- Offer, acceptance, ending ------------------------------------------------------------


def _to_detail(contract: Contract) -> HttpResponse:
    return redirect("inkoop:contract_detail", contract_pk=contract.pk)


@login_required
@require_POST
def contract_offer(request: HttpRequest, contract_pk: int) -> HttpResponse:
    """The insurer offers its concept to the network."""
    contract = _contract(request, contract_pk)
    require(can_offer_contract(request.user, contract))
    run_action(
        request,
        lambda: services.contract_offer(contract=contract, actor=actor_of(request)),
        _("Het contract is aan het netwerk aangeboden. De netwerkcoördinator accepteert het."),
    )
    return _to_detail(contract)


def _confirm_page(request, contract, *, title, uitleg, knop, form=None, gevaar=False):
    return render(
        request,
        "inkoop/contract_confirm.html",
        {
            "contract": contract,
            "title": title,
            "uitleg": uitleg,
            "knop": knop,
            "form": form,
            "gevaar": gevaar,
            "toon_tarief": can_view_tarief(request.user, contract),
        },
    )


@login_required
@require_http_methods(GET_POST)
def contract_accept(request: HttpRequest, contract_pk: int) -> HttpResponse:
    """The network side accepts an offered contract: a confirmation page, then the POST."""
    contract = _contract(request, contract_pk)
    require(can_decide_contract(request.user, contract))
    if request.method == "POST":
        run_action(
            request,
            lambda: services.contract_accept(contract=contract, actor=actor_of(request)),
            _("Het contract is geaccepteerd en afgesloten."),
        )
        return _to_detail(contract)
    return _confirm_page(
        request,
        contract,
        title=_("Contract accepteren"),
        uitleg=_(
            "Met accepteren bevestigt u namens het netwerk deze afspraken. Het contract telt "
            "dan mee in de capaciteit van het netwerk, en de zorgverzekeraar kan de plannen, "
            "capaciteit, NZa-cijfers en rapportages van het netwerk inzien."
        ),
        knop=_("Accepteren"),
    )


@login_required
@require_http_methods(GET_POST)
def contract_decline(request: HttpRequest, contract_pk: int) -> HttpResponse:
    """The network side declines an offered contract, with a reason for the insurer."""
    contract = _contract(request, contract_pk)
    require(can_decide_contract(request.user, contract))
    form = ContractAfwijzenForm(request.POST or None)
    if request.method == "POST" and save_form(
        form,
        lambda data: services.contract_decline(
            contract=contract, actor=actor_of(request), reden=data["reden"]
        ),
    ):
        messages.success(
            request, _("Het contract is afgewezen en staat weer in concept bij de verzekeraar.")
        )
        return _to_detail(contract)
    return _confirm_page(
        request,
        contract,
        title=_("Contract afwijzen"),
        uitleg=_(
            "Het contract gaat terug naar concept. De zorgverzekeraar ziet uw reden en kan "
            "een aangepast contract opnieuw aanbieden."
        ),
        knop=_("Afwijzen"),
        form=form,
    )


@login_required
@require_http_methods(GET_POST)
def contract_end(request: HttpRequest, contract_pk: int) -> HttpResponse:
    """Either party ends the contract: a confirmation page, then the POST."""
    contract = _contract(request, contract_pk)
    require(can_end_contract(request.user, contract))
    if request.method == "POST":
        run_action(
            request,
            lambda: services.contract_end(contract=contract, actor=actor_of(request)),
            _("Het contract is beëindigd."),
        )
        return _to_detail(contract)
    return _confirm_page(
        request,
        contract,
        title=_("Contract beëindigen"),
        uitleg=_(
            "Een beëindigd contract telt niet meer mee in de capaciteit en kan niet meer "
            "worden gewijzigd. Dit kan niet ongedaan worden gemaakt."
        ),
        knop=_("Beëindigen"),
        gevaar=True,
    )


# --- Capacity ------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_POST)
def capaciteit(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    """Expected demand against contracted capacity for a year (?jaar=, default this year),
    with the waitlist beside it (wachtlijst's panel, loaded with HTMX); the coordinator
    changes the factors here."""
    netwerk = get_visible_or_404(Netwerk.objects.visible_to(request.user), pk=netwerk_pk)
    require(can_view_capaciteit(request.user, netwerk))
    vandaag = timezone.localdate()
    jaar_form = JaarForm(request.GET or None)
    jaar = jaar_form.jaar_or(vandaag.year)
    kan_wijzigen = can_change_netwerk(request.user, netwerk)
    factoren_form = None
    if kan_wijzigen:
        # A copy, not a second fetch: validating fills the form's instance with the typed
        # values, which must not enter the figures below.
        factoren_form = CapaciteitFactorenForm(request.POST or None, instance=copy.copy(netwerk))
    if request.method == "POST":
        require(kan_wijzigen)
        if save_form(
            factoren_form,
            lambda data: netwerk_services.netwerk_update(
                netwerk=netwerk, actor=actor_of(request), **data
            ),
        ):
            messages.success(
                request, _("De factoren van de capaciteitsberekening zijn opgeslagen.")
            )
            return redirect(f"{reverse('inkoop:capaciteit', args=[netwerk.pk])}?jaar={jaar}")
        netwerk.refresh_from_db()  # the service may have set the refused values on it
    cijfers = selectors.capaciteit(netwerk, jaar)
    return render(
        request,
        "inkoop/capaciteit.html",
        {
            "netwerk": netwerk,
            "jaar": jaar,
            "jaar_form": jaar_form,
            "cijfers": cijfers,
            "grafiek": capaciteit_svg(cijfers),
            "contracten": selectors.capaciteit_contracten(
                Contract.objects.visible_to(request.user), netwerk, jaar
            ),
            "factoren_form": factoren_form,
            "kan_wijzigen": kan_wijzigen,
        },
    )


@login_required
@require_GET
def capaciteit_paneel(request: HttpRequest, netwerk_pk: int) -> HttpResponse:
    """The capacity of this year in short, as a panel on the network's dashboard (loaded with
    HTMX); a page of its own without HTMX. Who may see the capacity page may see this."""
    netwerk = get_visible_or_404(Netwerk.objects.visible_to(request.user), pk=netwerk_pk)
    require(can_view_capaciteit(request.user, netwerk))
    jaar = timezone.localdate().year
    template = "inkoop/capaciteit_paneel.html"
    return render(
        request,
        f"{template}#paneel" if request.htmx else template,
        {"netwerk": netwerk, "jaar": jaar, "capaciteit": selectors.capaciteit(netwerk, jaar)},
    )
