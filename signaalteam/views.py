"""Pages of the signaalteam app: the overview with search, figures and exports, a signal's
page with its timeline, the workflow forms and the owner's list (the public meldpunt is in
views_meldpunt.py).

Thin: services write (and check the right to), selectors read, permissions decide; every
signal is fetched through ``Signaal.objects.visible_to``, so a signal the user may not see
answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.actor import actor_of
from accounts.exports import download
from accounts.web import get_visible_or_404, next_path, require, save_form
from netwerk.selectors import history_of

from . import exports, selectors, services
from .forms import (
    ActieForm,
    CloseForm,
    PeriodeForm,
    ReopenForm,
    SignaalFilterForm,
    SignaalForm,
    TakeUpForm,
)
from .models import Signaal, SignaalActie, SignaalStatus
from .permissions import (
    actie_types_allowed,
    can_change_signaal,
    can_create_signaal,
    can_follow_up,
    can_list_signalen,
    can_view_melder_gegevens,
    is_signaalteam,
)

GET_POST = ["GET", "POST"]
PAGE_SIZE = 50


def _signaal(request: HttpRequest, pk: int) -> Signaal:
    return get_visible_or_404(
        selectors.signaal_detail(Signaal.objects.visible_to(request.user)), pk=pk
    )


def _detail_url(signaal: Signaal, anchor: str = "") -> str:
    url = reverse("signaalteam:detail", args=[signaal.pk])
    return f"{url}#{anchor}" if anchor else url


def _form_page(request: HttpRequest, context: dict) -> HttpResponse:
    return render(request, "signaalteam/form_page.html", context)


def _filter_form(request: HttpRequest, visible) -> SignaalFilterForm:
    form = SignaalFilterForm(
        request.GET or None,
        netwerken=selectors.netwerken_voor_filter(visible),
        eigenaren=selectors.eigenaren_voor_filter(visible),
    )
    if form.is_bound:
        form.is_valid()  # invalid filters are shown on the form and left out
    return form


# --- Overview and exports ------------------------------------------------------------------


@login_required
@require_GET
def signaal_list(request: HttpRequest) -> HttpResponse:
    """Filters, full-text search (ranked), counts per category and status, the average
    doorlooptijd, and links to the exports of exactly what is shown."""
    require(can_list_signalen(request.user))
    visible = Signaal.objects.visible_to(request.user)
    form = _filter_form(request, visible)
    filters = form.filters()
    page = Paginator(selectors.signaal_list(visible, **filters), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    template = "signaalteam/signaal_list.html"
    if request.htmx:
        template += "#resultaten"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": form.querystring(),
            "telling": selectors.telling(selectors.filter_signalen(visible, **filters)),
            "periode_form": PeriodeForm(auto_id="pdf_%s"),
            "kan_aanmaken": can_create_signaal(request.user),
            "vandaag": timezone.localdate(),
        },
    )


def _export(request: HttpRequest, writer, extension: str) -> HttpResponse:
    require(can_list_signalen(request.user))
    visible = Signaal.objects.visible_to(request.user)
    filters = _filter_form(request, visible).filters()
    vandaag = timezone.localdate()
    content = writer(
        selectors.signaal_list(visible, **filters),
        met_melder=can_view_melder_gegevens(request.user),
        vandaag=vandaag,
    )
    return download(content, filename=f"signalen-{vandaag}.{extension}")


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, exports.as_csv, "csv")


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, exports.as_xlsx, "xlsx")


# --- One signal ----------------------------------------------------------------------------


@login_required
@require_GET
def signaal_detail(request: HttpRequest, signaal_pk: int) -> HttpResponse:
    signaal = _signaal(request, signaal_pk)
    types = actie_types_allowed(request.user, signaal)
    return render(
        request,
        "signaalteam/signaal_detail.html",
        {
            "signaal": signaal,
            "acties": selectors.tijdlijn(signaal),
            "history": history_of([Signaal.history.filter(id=signaal.pk)]),
            "toon_melder": can_view_melder_gegevens(request.user),
            "kan_wijzigen": can_change_signaal(request.user, signaal),
            "actie_form": ActieForm(types=types) if types and signaal.is_open else None,
            "kan_opvolgen": can_follow_up(request.user, None),
            "bewaartermijn": services.bewaartermijn_melder_dagen(),
            "vandaag": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(GET_POST)
def signaal_create(request: HttpRequest) -> HttpResponse:
    require(can_create_signaal(request.user))
    form = SignaalForm(
        request.POST or None,
        eigenaren=services.signaalteam_leden(),
        initial={"eigenaar": request.user},
    )
    signaal = request.method == "POST" and save_form(
        form, lambda data: services.signaal_create(actor=actor_of(request), **data)
    )
    if signaal:
        messages.success(
            request,
            _("Het signaal is geregistreerd als %(referentie)s.")
            % {"referentie": signaal.referentie},
        )
        return redirect(_detail_url(signaal))
    return _form_page(
        request,
        {"form": form, "title": _("Nieuw signaal"), "terug": reverse("signaalteam:list")},
    )


@login_required
@require_http_methods(GET_POST)
def signaal_update(request: HttpRequest, signaal_pk: int) -> HttpResponse:
    signaal = _signaal(request, signaal_pk)
    require(can_change_signaal(request.user, signaal))
    form = SignaalForm(
        request.POST or None,
        instance=Signaal.objects.get(pk=signaal.pk),
        eigenaren=services.signaalteam_leden(),
    )
    if request.method == "POST" and save_form(
        form, lambda data: services.signaal_update(signaal=signaal, actor=actor_of(request), **data)
    ):
        messages.success(request, _("Het signaal is bijgewerkt."))
        return redirect(_detail_url(signaal))
    return _form_page(
        request,
        {
            "form": form,
            "title": _("Signaal bewerken"),
            "signaal": signaal,
            "terug": _detail_url(signaal),
        },
    )


def _workflow_page(request, signaal, *, allowed: bool, refused: str, form, title, action):
    """GET shows the form; POST runs the service. A step that the signal's status does not
    allow sends the user back to the signal with a message instead of an error."""
    if not allowed:
        messages.warning(request, refused)
        return redirect(_detail_url(signaal))
    if request.method == "POST" and save_form(form, action):
        messages.success(request, _("De status is bijgewerkt."))
        return redirect(_detail_url(signaal, "tijdlijn"))
    return _form_page(
        request,
        {
            "form": form,
            "title": title,
            "signaal": signaal,
            "terug": _detail_url(signaal),
            "submit": title,
        },
    )


@login_required
@require_http_methods(GET_POST)
def signaal_take_up(request: HttpRequest, signaal_pk: int) -> HttpResponse:
    signaal = _signaal(request, signaal_pk)
    require(can_change_signaal(request.user, signaal))
    form = TakeUpForm(
        request.POST or None,
        eigenaren=services.signaalteam_leden(),
        initial={"eigenaar": signaal.eigenaar or request.user},
    )
    return _workflow_page(
        request,
        signaal,
        allowed=signaal.status == SignaalStatus.GEMELD,
        refused=_("Dit signaal is al in behandeling genomen of gesloten."),
        form=form,
        title=_("In behandeling nemen"),
        action=lambda data: services.signaal_take_up(
            signaal=signaal, actor=actor_of(request), eigenaar=data["eigenaar"], op=data["datum"]
        ),
    )


@login_required
@require_http_methods(GET_POST)
def signaal_close(request: HttpRequest, signaal_pk: int) -> HttpResponse:
    signaal = _signaal(request, signaal_pk)
    require(can_change_signaal(request.user, signaal))
    return _workflow_page(
        request,
        signaal,
        allowed=signaal.is_open,
        refused=_("Dit signaal is al gesloten."),
        form=CloseForm(request.POST or None, signaal=signaal),
        title=_("Signaal sluiten"),
        action=lambda data: services.signaal_close(
            signaal=signaal,
            actor=actor_of(request),
            status=data["status"],
            oplossing=data["oplossing"],
            op=data["datum"],
        ),
    )


@login_required
@require_http_methods(GET_POST)
def signaal_reopen(request: HttpRequest, signaal_pk: int) -> HttpResponse:
    signaal = _signaal(request, signaal_pk)
    require(can_change_signaal(request.user, signaal))
    return _workflow_page(
        request,
        signaal,
        allowed=signaal.is_gesloten,
        refused=_("Alleen een gesloten signaal kan heropend worden."),
        form=ReopenForm(request.POST or None),
        title=_("Signaal heropenen"),
        action=lambda data: services.signaal_reopen(
            signaal=signaal, actor=actor_of(request), reden=data["reden"]
        ),
    )


@login_required
@require_http_methods(GET_POST)
def actie_create(request: HttpRequest, signaal_pk: int) -> HttpResponse:
    """Add an action (the signaalteam) or an update from the region (the coordinator)."""
    signaal = _signaal(request, signaal_pk)
    types = actie_types_allowed(request.user, signaal)
    require(bool(types))
    if not signaal.is_open:
        messages.warning(
            request, _("Dit signaal is gesloten. Heropen het om een actie toe te voegen.")
        )
        return redirect(_detail_url(signaal))
    form = ActieForm(request.POST or None, types=types)
    if request.method == "POST" and save_form(
        form, lambda data: services.actie_add(signaal=signaal, actor=actor_of(request), **data)
    ):
        messages.success(request, _("De actie staat op de tijdlijn."))
        return redirect(_detail_url(signaal, "tijdlijn"))
    title = _("Update uit de regio toevoegen") if len(types) == 1 else _("Actie toevoegen")
    return _form_page(
        request,
        {
            "form": form,
            "title": title,
            "signaal": signaal,
            "terug": _detail_url(signaal),
            "submit": _("Toevoegen"),
        },
    )


@login_required
@require_POST
def actie_opgevolgd(request: HttpRequest, signaalactie_pk: int) -> HttpResponse:
    actie = get_visible_or_404(
        SignaalActie.objects.filter(signaal__in=Signaal.objects.visible_to(request.user)),
        pk=signaalactie_pk,
    )
    require(can_follow_up(request.user, actie))
    try:
        services.afspraak_opgevolgd(actie=actie, actor=actor_of(request))
        messages.success(request, _("De afspraak is opgevolgd."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(next_path(request, reverse("signaalteam:mijn_signalen")))


@login_required
@require_GET
def mijn_signalen(request: HttpRequest) -> HttpResponse:
    """The owner's list: open signals they own, agreements due for follow-up, and new
    signals nobody has taken yet."""
    require(is_signaalteam(request.user))
    visible = Signaal.objects.visible_to(request.user)
    vandaag = timezone.localdate()
    return render(
        request,
        "signaalteam/mijn_signalen.html",
        {
            "signalen": selectors.mijn_signalen(visible, request.user),
            "opvolgen": selectors.opvolging_due(visible, request.user, vandaag),
            "zonder_eigenaar": selectors.zonder_eigenaar(visible),
            "vandaag": vandaag,
        },
    )
