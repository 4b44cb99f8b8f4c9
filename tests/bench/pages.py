"""What the benchmark requests, as whom, and the bare SQL that produces the same figures.

Each page names the demo user it is requested as, its URL (some rotate over the demo
casemanager's caseload), its target, and ``bare_sql``: the statements the page's selectors
(or, for the contact POST, its service) run to produce what the page shows, captured once
and replayed as raw SQL with a cursor. That is the database's share of the page without the
ORM, the Python around it and the template: the floor the page is measured against.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.test import Client as TestClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.actor import Actor
from accounts.models import User
from casemanagement import selectors as cm_selectors
from casemanagement import services as cm_services
from casemanagement.models import (
    Aanmelding,
    Casemanager,
    Client,
    ContactType,
    MetWie,
    Traject,
)
from demo.accounts import DEMO_USERS
from inkoop import selectors as inkoop_selectors
from inkoop.models import Contract
from netwerk import selectors as netwerk_selectors
from netwerk.models import Netwerk
from signaalteam import selectors as signaal_selectors
from signaalteam.models import Signaal
from wachtlijst import selectors as wl
from wachtlijst.landelijk import selectors as landelijk

LARGEST = "Dementienetwerk Haaglanden"
SEARCH = "wachtlijst"


@dataclass
class Context:
    """The data the pages are requested on, looked up once."""

    vandaag: dt.date
    netwerk: Netwerk
    users: dict[str, User]
    clients: list[int]  # the demo casemanager's caseload
    trajecten: list[int]  # of those, the trajecten in care (a contact can be logged)

    @classmethod
    def load(cls) -> Context:
        users = {role: User.objects.get(email=email) for role, (email, _n) in DEMO_USERS.items()}
        casemanager = Casemanager.objects.get(user=users["casemanager"])
        caseload = list(
            Traject.objects.filter(casemanager=casemanager, einddatum__isnull=True).order_by("pk")
        )
        return cls(
            vandaag=timezone.localdate(),
            netwerk=Netwerk.objects.get(naam=LARGEST),
            users=users,
            clients=[t.client_id for t in caseload],
            trajecten=[t.pk for t in caseload if t.startdatum is not None],
        )

    @property
    def caseload(self) -> int:
        return len(self.clients)


@dataclass
class Page:
    key: str
    title: str
    role: str
    url: Callable[[Context, int], str]
    bare_sql: Callable[[Context], list[str]]
    bare_sql_doc: str
    target_ms: float | None = None
    method: str = "GET"
    data: Callable[[Context, int], dict] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    writes: bool = False  # bare SQL changes data: replayed in a rolled-back transaction
    second_factor: bool = False  # the page asks for the second factor (TOTP) in the session

    @property
    def sessie(self) -> str:
        """The logged-in client the page is requested with (and its trivial view)."""
        return f"{self.role}+2fa" if self.second_factor else self.role


def logged_in(ctx: Context, role: str, *, second_factor: bool = False) -> TestClient:
    """A test client logged in as the role's demo user; with ``second_factor`` as after a
    valid TOTP code (a confirmed device of the benchmark's own, kept)."""
    client = TestClient()
    user = ctx.users[role]
    client.force_login(user)
    if second_factor:
        device, _made = TOTPDevice.objects.get_or_create(
            user=user, name="benchmark", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def captured(run: Callable[[], object]) -> list[str]:
    """The SQL statements ``run`` executes, as executed (parameters filled in)."""
    with CaptureQueriesContext(connection) as queries:
        run()
    return [q["sql"] for q in queries.captured_queries]


# --- bare SQL per page ------------------------------------------------------------------------


def _wachtlijst_sql(ctx: Context) -> list[str]:
    netwerk, peildatum = ctx.netwerk, ctx.vandaag
    alle = Aanmelding.objects.filter(netwerk=netwerk)

    def run():
        wachtenden = wl.met_wachttijd(wl.wachtend_op(alle, peildatum), peildatum)
        wachtenden.count()
        list(
            wachtenden.select_related(
                "client__gemeente", "organisatie", "traject__casemanager__user"
            ).order_by("-gecorrigeerd_dagen", "datum", "id")[:100]
        )
        wl.samenvatting(alle, peildatum, netwerk.treeknorm_signaal_dagen)
        wl.gestart_binnen(alle, peildatum)
        wl.trend_per_week(netwerk, peildatum)

    return captured(run)


def _netwerk_wachtlijst_api_sql(ctx: Context) -> list[str]:
    return captured(lambda: landelijk.netwerk_cijfers(ctx.netwerk, ctx.vandaag))


def _landelijk_sql(ctx: Context) -> list[str]:
    return captured(lambda: landelijk.inventarisatie(Netwerk.objects.all(), ctx.vandaag))


def _mijn_clienten_sql(ctx: Context) -> list[str]:
    casemanager = Casemanager.objects.get(user=ctx.users["casemanager"])

    def run():
        list(cm_selectors.mijn_trajecten(casemanager))
        list(cm_selectors.open_medeondertekeningen(casemanager))
        list(cm_selectors.eigen_ongeldige_indicaties(casemanager))

    return captured(run)


def _client_detail_sql(ctx: Context) -> list[str]:
    client_id = ctx.clients[0]
    user = ctx.users["casemanager"]

    def run():
        client = Client.objects.visible_to(user).get(pk=client_id)
        list(cm_selectors.dossier_trajecten(client, user))
        list(cm_selectors.dossier_aanmeldingen(client, user))
        list(client.mantelzorgers.all())

    return captured(run)


def _netwerk_detail_sql(ctx: Context) -> list[str]:
    netwerk, vandaag = ctx.netwerk, ctx.vandaag

    def run():
        list(netwerk_selectors.werkgebied_gemeenten(netwerk, vandaag))
        list(netwerk_selectors.actieve_aansluitingen(netwerk, vandaag))
        plan = netwerk_selectors.huidig_plan(netwerk)
        if plan is not None:
            netwerk_selectors.plan_voortgang(plan)
        netwerk_selectors.laatste_en_gepland_gesprek(netwerk, vandaag)
        netwerk_selectors.open_afspraken(netwerk)

    return captured(run)


def _capaciteit_paneel_sql(ctx: Context) -> list[str]:
    return captured(lambda: inkoop_selectors.capaciteit(ctx.netwerk, ctx.vandaag.year))


def _wachtlijst_paneel_sql(ctx: Context) -> list[str]:
    return captured(lambda: wl.samenvatting_netwerk(ctx.netwerk, ctx.vandaag))


def _capaciteit_sql(ctx: Context) -> list[str]:
    netwerk, jaar = ctx.netwerk, ctx.vandaag.year

    def run():
        inkoop_selectors.capaciteit(netwerk, jaar)
        list(inkoop_selectors.capaciteit_contracten(Contract.objects.all(), netwerk, jaar))

    return captured(run)


def _signalen_sql(ctx: Context) -> list[str]:
    def run():
        alle = Signaal.objects.all()
        lijst = signaal_selectors.signaal_list(alle, q=SEARCH)
        lijst.count()
        list(lijst[:50])
        signaal_selectors.telling(signaal_selectors.filter_signalen(alle, q=SEARCH))

    return captured(run)


def _contact_sql(ctx: Context) -> list[str]:
    """The service's statements (row lock, insert, access-log row), captured in a
    transaction that is rolled back."""
    user = ctx.users["casemanager"]
    casemanager = Casemanager.objects.get(user=user)
    traject = Traject.objects.get(pk=ctx.trajecten[0])
    statements: list[str] = []
    with transaction.atomic():
        statements = captured(
            lambda: cm_services.contact_log(
                actor=Actor.of(user),
                traject=traject,
                casemanager=casemanager,
                datum=ctx.vandaag,
                type=ContactType.TELEFONISCH,
                minuten=15,
                met_wie=[MetWie.MANTELZORGER],
            )
        )
        transaction.set_rollback(True)
    return [s for s in statements if not s.startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def _as_requested(
    role: str, path: Callable[[Context], str], *, second_factor: bool = False
) -> Callable[[Context], list[str]]:
    """For a page whose figures come from many selectors (the werkbak, the comparison, the
    access view): the statements its request runs, less those the trivial view runs for the
    same session (session, user, membership, device). Its access-log rows are among them, so
    the page is replayed in a rolled-back transaction (``writes``)."""

    def bare_sql(ctx: Context) -> list[str]:
        client = logged_in(ctx, role, second_factor=second_factor)
        client.get(path(ctx))  # first request: caches warm, as in the timed ones
        basis = Counter(captured(lambda: client.get("/bench/trivial/")))
        statements = []
        for statement in captured(lambda: client.get(path(ctx))):
            if basis[statement]:
                basis[statement] -= 1
            else:
                statements.append(statement)
        return statements

    return bare_sql


def _werkbak_path(ctx: Context) -> str:
    return "/werkbak/"


def _vergelijking_path(ctx: Context) -> str:
    return "/rapporten/vergelijking/"


def _toegangslog_path(ctx: Context) -> str:
    return f"/netwerken/{ctx.netwerk.pk}/toegangslog/"


# --- the pages --------------------------------------------------------------------------------


def _client_url(ctx: Context, i: int) -> str:
    return f"/clienten/{ctx.clients[i % len(ctx.clients)]}/"


def _contact_url(ctx: Context, i: int) -> str:
    return f"/trajecten/{ctx.trajecten[i % len(ctx.trajecten)]}/contact/"


def _contact_data(ctx: Context, i: int) -> dict:
    return {
        "datum": ctx.vandaag.isoformat(),
        "type": ContactType.TELEFONISCH,
        "minuten": "15",
        "met_wie": [MetWie.MANTELZORGER],
        # the form's hidden key (a repeated POST saves once): without it the form is shown
        # again unsaved, and the timing would be of that
        "idempotentie_sleutel": str(uuid.uuid4()),
    }


PAGES = [
    Page(
        key="wachtlijst",
        title="Wachtlijst van het grootste netwerk",
        role="netwerkcoordinator",
        url=lambda ctx, i: f"/netwerken/{ctx.netwerk.pk}/wachtlijst/",
        bare_sql=_wachtlijst_sql,
        bare_sql_doc="wachtlijst.selectors: COUNT and first page (100) of the waiting "
        "aanmeldingen with their clock (met_wachttijd), samenvatting, gestart_binnen, "
        "trend_per_week",
        target_ms=150,
    ),
    Page(
        key="landelijk",
        title="Landelijke inventarisatie (70 netwerken)",
        role="signaalteam",
        url=lambda ctx, i: "/wachtlijst/landelijk/",
        bare_sql=_landelijk_sql,
        bare_sql_doc="wachtlijst.landelijk.selectors.inventarisatie: the networks, "
        "samenvatting_per_netwerk, gestart_binnen_per_netwerk",
        target_ms=300,
    ),
    Page(
        key="mijn_clienten",
        title="Mijn cliënten (volle caseload)",
        role="casemanager",
        url=lambda ctx, i: "/mijn-clienten/",
        bare_sql=_mijn_clienten_sql,
        bare_sql_doc="casemanagement.selectors: mijn_trajecten (caseload with last contact "
        "and last measurements), open_medeondertekeningen, eigen_ongeldige_indicaties",
        target_ms=100,
    ),
    Page(
        key="client_detail",
        title="Cliëntdossier",
        role="casemanager",
        url=_client_url,
        bare_sql=_client_detail_sql,
        bare_sql_doc="the visible client, its trajecten with contacts, measurements and "
        "indications, its aanmeldingen with postponements, its carers",
    ),
    Page(
        key="netwerk_dashboard",
        title="Netwerkdashboard",
        role="netwerkcoordinator",
        url=lambda ctx, i: f"/netwerken/{ctx.netwerk.pk}/",
        bare_sql=_netwerk_detail_sql,
        bare_sql_doc="netwerk.selectors: werkgebied, actieve_aansluitingen, huidig_plan + "
        "plan_voortgang, laatste_en_gepland_gesprek, open_afspraken (the capacity and "
        "waitlist cards are panels, measured below)",
    ),
    Page(
        key="capaciteit_paneel",
        title="Netwerkdashboard: capaciteitspaneel (HTMX)",
        role="netwerkcoordinator",
        url=lambda ctx, i: f"/inkoop/netwerken/{ctx.netwerk.pk}/capaciteit/paneel/",
        headers={"HTTP_HX_REQUEST": "true"},
        bare_sql=_capaciteit_paneel_sql,
        bare_sql_doc="inkoop.selectors.capaciteit",
    ),
    Page(
        key="wachtlijst_paneel",
        title="Netwerkdashboard: wachtlijstpaneel (HTMX)",
        role="netwerkcoordinator",
        url=lambda ctx, i: f"/netwerken/{ctx.netwerk.pk}/wachtlijst/paneel/",
        headers={"HTTP_HX_REQUEST": "true"},
        bare_sql=_wachtlijst_paneel_sql,
        bare_sql_doc="wachtlijst.selectors.samenvatting_netwerk",
    ),
    Page(
        key="capaciteit",
        title="Capaciteit (zorgplicht)",
        role="netwerkcoordinator",
        url=lambda ctx, i: f"/inkoop/netwerken/{ctx.netwerk.pk}/capaciteit/",
        bare_sql=_capaciteit_sql,
        bare_sql_doc="inkoop.selectors.capaciteit (inhabitants 65+, contracted volume), "
        "capaciteit_contracten",
    ),
    Page(
        key="signalen_zoeken",
        title=f"Signalen zoeken ({SEARCH!r})",
        role="signaalteam",
        url=lambda ctx, i: f"/signalen/?q={SEARCH}",
        bare_sql=_signalen_sql,
        bare_sql_doc="signaalteam.selectors: signaal_list (full-text, ranked) COUNT and first "
        "page, telling",
    ),
    Page(
        key="api_netwerk_wachtlijst",
        title="API: wachtlijst van het grootste netwerk",
        role="netwerkcoordinator",
        url=lambda ctx, i: f"/api/v1/netwerken/{ctx.netwerk.pk}/wachtlijst/",
        bare_sql=_netwerk_wachtlijst_api_sql,
        bare_sql_doc="wachtlijst.landelijk.selectors.netwerk_cijfers: gestart_binnen, samenvatting",
    ),
    Page(
        key="api_landelijk",
        title="API: landelijke inventarisatie",
        role="signaalteam",
        url=lambda ctx, i: "/api/v1/wachtlijst/landelijk/",
        bare_sql=_landelijk_sql,
        bare_sql_doc="as the inventory page",
    ),
    Page(
        key="contact_post",
        title="Contact vastleggen (POST, HTMX)",
        role="casemanager",
        url=_contact_url,
        method="POST",
        data=_contact_data,
        headers={"HTTP_HX_REQUEST": "true"},
        bare_sql=_contact_sql,
        bare_sql_doc="casemanagement.services.contact_log: traject row lock, insert of the "
        "contact, access-log row (replayed in a rolled-back transaction)",
        target_ms=60,
        writes=True,
    ),
    Page(
        key="werkbak",
        title="Werkbak van de coördinator",
        role="netwerkcoordinator",
        url=lambda ctx, i: _werkbak_path(ctx),
        bare_sql=_as_requested("netwerkcoordinator", _werkbak_path),
        bare_sql_doc="the request's own statements (rapportage.werkbak: the quarter's NZa "
        "steps, the aanmeldingen to assign, signals, deadlines; its access-log row), less "
        "the trivial view's",
        writes=True,
    ),
    Page(
        key="vergelijking",
        title="Landelijke vergelijking (70 netwerken)",
        role="signaalteam",
        url=lambda ctx, i: _vergelijking_path(ctx),
        bare_sql=_as_requested("signaalteam", _vergelijking_path),
        bare_sql_doc="the request's own statements (rapportage.vergelijking: the measures per "
        "network and quarter), less the trivial view's",
        writes=True,
    ),
    Page(
        key="toegangslog",
        title="Toegangslog van het netwerk (met tweede factor)",
        role="netwerkcoordinator",
        url=lambda ctx, i: _toegangslog_path(ctx),
        bare_sql=_as_requested("netwerkcoordinator", _toegangslog_path, second_factor=True),
        bare_sql_doc="the request's own statements (casemanagement.levensloop.toegang: the "
        "network's access-log rows, first page, with who looked outside their caseload; its "
        "own access-log row), less the trivial view's",
        writes=True,
        second_factor=True,
    ),
]
