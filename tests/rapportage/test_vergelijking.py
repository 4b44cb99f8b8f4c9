"""The national comparison (rapportage.vergelijking): its figures for a small hand-built
world, what an insurer may see of them (accounts.disclosure), the page, the API and its
schema, who may open it, bad input, and a query count that does not grow with the networks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from accounts import disclosure
from accounts.models import Role
from casemanagement.models import Aanmelding, Meting, MetingType
from netwerk.models import Netwerk
from netwerk.selectors import inwoners_65_plus, inwoners_65_plus_per_netwerk
from rapportage.perioden import parse_periode
from rapportage.vergelijking.permissions import zichtbare_vergelijking
from rapportage.vergelijking.selectors import vergelijking
from tests.accounts.factories import UserFactory
from tests.casemanagement.factories import (
    AanmeldingFactory,
    CasemanagerFactory,
    ClientFactory,
    TrajectFactory,
)
from tests.inkoop.factories import ContractFactory
from tests.netwerk.factories import (
    BevolkingFactory,
    GemeenteFactory,
    NetwerkFactory,
    WerkgebiedFactory,
    ZorgverzekeraarFactory,
    casemanager_of,
    coordinator_of,
    national_user,
    verzekeraar_user,
)

pytestmark = pytest.mark.django_db

KWARTAAL = "2026Q3"  # 1 July - 30 September 2026
P = dt.date(2026, 10, 1)  # its peildatum
PAGINA = "/rapporten/vergelijking/"
API = "/api/v1/vergelijking/"


def dagen(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


@pytest.fixture(autouse=True)
def _vandaag():
    """Today is 15 November 2026: 2026Q3 is the last quarter that has ended."""
    moment = dt.datetime(2026, 11, 15, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        yield


def wachtend(netwerk, datum, *, contact=None):
    return AanmeldingFactory(
        client=ClientFactory(netwerk=netwerk),
        netwerk=netwerk,
        datum=datum,
        eerste_contact_op=contact,
    )


def in_zorg(netwerk, casemanager, aantal):
    """``aantal`` clients in care since May (their wait and start lie before the quarter)."""
    return [
        TrajectFactory(
            casemanager=casemanager,
            aanmelding__datum=dt.date(2026, 4, 20),
            aanmelding__toegewezen_op=dt.date(2026, 4, 25),
            aanmelding__eerste_contact_op=dt.date(2026, 5, 1),
            toegewezen_op=dt.date(2026, 4, 25),
            startdatum=dt.date(2026, 5, 1),
        )
        for _ in range(aantal)
    ]


def meting(traject, type_, score, door):
    return Meting.objects.create(
        traject=traject, datum=dt.date(2026, 8, 15), type=type_, score=Decimal(score), door=door
    )


class Wereld:
    """Two networks, hand-computed on P:

    noord (preferent: regio; norm 40, prevalence 5.60; 10,000 inhabitants 65+ in 2026):
      3 waiting (10, 20, 50 days): median 20.0, p90 44.0, 6 weeks+ 1; no starts in Q3.
      6 in care, one casemanager of 0.50 fte: 12.0 per fte; expected 560 people with
      dementia, reach 6/560 = 1.1 %. Belasting measured for 6 clients (4 5 6 7 8 6):
      6.0; kwaliteit van leven for 2 clients (30, 40): 35.0.
    zuid (regio has a contract there; no population figures):
      8 waiting (0, 10, ..., 70 days): median 35.0, p90 63.0, 6 weeks+ 3 (50 60 70).
      5 started in Q3 with waits 10 20 30 40 50: 2 within 4 weeks (40.0 %), 4 within 6
      (80.0 %). 10 in care, 0.25 fte: 40.0 per fte.
    Totals: 11 waiting, 4 waiting 6 weeks+, 16 in care.
    """

    def __init__(self):
        self.regio = ZorgverzekeraarFactory(naam="Verzekeraar Regio")
        self.noord = NetwerkFactory(naam="Netwerk Noord", preferente_zorgverzekeraar=self.regio)
        self.zuid = NetwerkFactory(naam="Netwerk Zuid")
        ContractFactory(netwerk=self.zuid, zorgverzekeraar=self.regio, jaar=2026)
        gemeente = GemeenteFactory()
        WerkgebiedFactory(netwerk=self.noord, gemeente=gemeente)
        BevolkingFactory(gemeente=gemeente, jaar=2026, inwoners_65_plus=10000)

        for wacht in (10, 20, 50):
            wachtend(self.noord, P - dagen(wacht))
        cm_noord = CasemanagerFactory(netwerk=self.noord, fte=Decimal("0.50"))
        trajecten = in_zorg(self.noord, cm_noord, 6)
        door = UserFactory()
        for traject, score in zip(trajecten, (4, 5, 6, 7, 8, 6), strict=True):
            meting(traject, MetingType.BELASTING, score, door)
        meting(trajecten[0], MetingType.KWALITEIT_VAN_LEVEN, 30, door)
        meting(trajecten[1], MetingType.KWALITEIT_VAN_LEVEN, 40, door)

        for wacht in range(0, 80, 10):
            wachtend(self.zuid, P - dagen(wacht))
        for wacht in (10, 20, 30, 40, 50):
            wachtend(self.zuid, dt.date(2026, 9, 1) - dagen(wacht), contact=dt.date(2026, 9, 1))
        in_zorg(self.zuid, CasemanagerFactory(netwerk=self.zuid, fte=Decimal("0.25")), 10)


@pytest.fixture
def wereld():
    return Wereld()


def regel(v, netwerk):
    return next(r for r in v.regels if r.netwerk.pk == netwerk.pk)


def uitkomst(r, type_):
    if isinstance(r.uitkomsten, dict):
        return r.uitkomsten[type_]
    return next(u for u in r.uitkomsten if u.type == type_)


# --- Figures ---------------------------------------------------------------------------------


def test_figures_per_network_match_the_hand_computed_ones(wereld):
    v = vergelijking(Netwerk.objects.all(), parse_periode(KWARTAAL))
    assert v.peildatum == P

    noord = regel(v, wereld.noord)
    s = noord.wachtlijst.samenvatting
    assert (s.aantal_wachtend, s.aantal_zes_weken_of_langer) == (3, 1)
    assert (s.mediaan_wachtdagen, s.p90_wachtdagen) == (Decimal("20.0"), Decimal("44.0"))
    assert noord.wachtlijst.gestart.aantal == 0
    assert (noord.in_zorg, noord.fte_casemanagers) == (6, Decimal("0.50"))
    assert noord.clienten_per_fte == Decimal("12.0")
    assert noord.caseload_norm == Decimal("40.0")
    assert (noord.inwoners_65_plus, noord.bevolkingsjaar) == (10000, 2026)
    assert noord.verwachte_mensen_met_dementie == 560
    assert noord.bereik_percentage == Decimal("1.1")
    belasting = uitkomst(noord, MetingType.BELASTING)
    assert (belasting.aantal_clienten, belasting.gemiddelde) == (6, Decimal("6.0"))
    qol = uitkomst(noord, MetingType.KWALITEIT_VAN_LEVEN)
    assert (qol.aantal_clienten, qol.gemiddelde) == (2, Decimal("35.0"))
    assert uitkomst(noord, MetingType.CLIENTOORDEEL).gemiddelde is None

    zuid = regel(v, wereld.zuid)
    s = zuid.wachtlijst.samenvatting
    assert (s.aantal_wachtend, s.aantal_zes_weken_of_langer) == (8, 3)
    assert (s.mediaan_wachtdagen, s.p90_wachtdagen) == (Decimal("35.0"), Decimal("63.0"))
    g = zuid.wachtlijst.gestart
    assert (g.aantal, g.binnen_4_weken, g.binnen_treeknorm) == (5, 2, 4)
    assert g.percentage_binnen_4_weken() == Decimal("40.0")
    assert g.percentage_binnen_treeknorm() == Decimal("80.0")
    assert (zuid.in_zorg, zuid.clienten_per_fte) == (10, Decimal("40.0"))
    assert (zuid.bevolkingsjaar, zuid.verwachte_mensen_met_dementie) == (None, 0)
    assert zuid.bereik_percentage is None

    assert v.inventaris.totalen.aantal_wachtend == 11
    assert v.aantal_in_zorg == 16


def test_population_per_network_agrees_with_the_single_network_selector(wereld):
    oud = GemeenteFactory()
    WerkgebiedFactory(netwerk=wereld.zuid, gemeente=oud)
    BevolkingFactory(gemeente=oud, jaar=2024, inwoners_65_plus=777)
    BevolkingFactory(gemeente=oud, jaar=2027, inwoners_65_plus=999)  # after the year asked

    per_netwerk = inwoners_65_plus_per_netwerk(Netwerk.objects.all(), 2026)

    for netwerk in (wereld.noord, wereld.zuid):
        assert per_netwerk[netwerk.pk] == inwoners_65_plus(netwerk, 2026)
    assert per_netwerk[wereld.zuid.pk] == (777, 2024)


# --- Disclosure ------------------------------------------------------------------------------


def test_insurer_view_hides_small_counts_what_is_derived_from_them_and_the_total(wereld):
    ruw = vergelijking(Netwerk.objects.all(), parse_periode(KWARTAAL))
    z = zichtbare_vergelijking(ruw, onderdrukken=True)

    noord, zuid = regel(z, wereld.noord), regel(z, wereld.zuid)
    assert noord.wachtlijst.samenvatting.aantal_wachtend == disclosure.KLEIN
    assert noord.wachtlijst.samenvatting.mediaan_wachtdagen == disclosure.AFGELEID
    assert zuid.wachtlijst.samenvatting.aantal_wachtend == 8
    # 11 - 8 would give noord's 3: the total gives way
    assert disclosure.is_onderdrukt(z.totalen.aantal_wachtend)
    assert z.totalen.aantal_wachtend.reden == disclosure.Reden.COMPLEMENTAIR
    # 40 % and 80 % of 5 starts are 2 in and 1 outside the norm
    assert zuid.wachtlijst.gestart.percentage_binnen_4_weken == disclosure.AFGELEID
    assert zuid.wachtlijst.gestart.percentage_binnen_treeknorm == disclosure.AFGELEID
    assert (noord.in_zorg, zuid.in_zorg, z.aantal_in_zorg) == (6, 10, 16)
    assert noord.clienten_per_fte == Decimal("12.0")
    assert uitkomst(noord, MetingType.BELASTING).gemiddelde == Decimal("6.0")
    assert uitkomst(noord, MetingType.KWALITEIT_VAN_LEVEN).gemiddelde == disclosure.AFGELEID
    assert uitkomst(noord, MetingType.KWALITEIT_VAN_LEVEN).aantal_clienten == disclosure.KLEIN

    heel = zichtbare_vergelijking(ruw, onderdrukken=False)
    assert regel(heel, wereld.noord).wachtlijst.samenvatting.aantal_wachtend == 3
    assert heel.totalen.aantal_wachtend == 11


def test_a_small_number_in_care_hides_clients_per_fte_reach_and_the_total(wereld):
    extra = NetwerkFactory(naam="Netwerk Klein")
    in_zorg(extra, CasemanagerFactory(netwerk=extra, fte=Decimal("1.00")), 2)

    z = zichtbare_vergelijking(
        vergelijking(Netwerk.objects.all(), parse_periode(KWARTAAL)), onderdrukken=True
    )

    klein = regel(z, extra)
    assert klein.in_zorg == disclosure.KLEIN
    assert klein.clienten_per_fte == disclosure.AFGELEID
    assert klein.fte_casemanagers == Decimal("1.00")
    assert z.aantal_in_zorg == disclosure.COMPLEMENTAIR


# --- Page ------------------------------------------------------------------------------------


def test_insurer_page_shows_suppressed_cells_gaps_and_its_own_network_highlighted(client, wereld):
    client.force_login(verzekeraar_user(wereld.regio))

    response = client.get(PAGINA, {"kwartaal": KWARTAAL})

    assert response.status_code == 200
    html = response.content.decode()
    assert "3e kwartaal 2026" in html
    zichtbaar = response.context["vergelijking"]
    assert [r.netwerk.naam for r in zichtbaar.regels] == ["Netwerk Noord", "Netwerk Zuid"]
    assert [r.gemarkeerd for r in zichtbaar.regels] == [True, False]  # preferent for noord
    assert 'class="uitgelicht"' in html
    assert '<td class="getal">&lt;5</td>' in html
    assert str(disclosure.GRAFIEK_TOELICHTING) in html
    svg = {g["maat"].sleutel: str(g["svg"]) for g in response.context["grafieken"]}
    assert len(svg) == 12  # a chart per measure, the completeness of the providers last
    # noord's 3 waiting is a gap with "<5" in the chart, not a bar; zuid's 8 is a bar
    wachtend_svg = svg["wachtend"]
    assert wachtend_svg.count("<rect") == 2  # the background and zuid's bar
    assert "&lt;5" in wachtend_svg
    assert 'font-weight="bold">Netwerk Noord (uitgelicht)' in wachtend_svg
    # the cliënten-per-fte chart draws the norm
    assert "caseloadnorm" in svg["clienten_per_fte"]


def test_signaalteam_sees_every_figure_and_chooses_the_network_to_highlight(client, wereld):
    client.force_login(national_user(Role.SIGNAALTEAM))

    response = client.get(PAGINA, {"kwartaal": KWARTAAL, "netwerk": wereld.zuid.pk})

    assert response.status_code == 200
    zichtbaar = response.context["vergelijking"]
    assert [r.gemarkeerd for r in zichtbaar.regels] == [False, True]
    assert zichtbaar.totalen.aantal_wachtend == 11
    assert '<td class="getal">&lt;5</td>' not in response.content.decode()
    assert not response.context["maskeren"]


def test_default_quarter_is_the_last_one_that_ended(client, wereld):
    client.force_login(national_user(Role.SIGNAALTEAM))
    response = client.get(PAGINA)
    assert response.context["keuze"].periode.code == KWARTAAL


@pytest.mark.parametrize(
    ("kwartaal", "melding"),
    [
        ("2026Q5", "Onbekende periode"),
        ("herfst", "Onbekende periode"),
        ("2026", "Kies een kwartaal"),
        ("2026Q4", "nog niet voorbij"),
        ("1999Q4", "2000"),
    ],
)
def test_bad_quarter_gets_a_dutch_message_and_the_default(client, wereld, kwartaal, melding):
    client.force_login(national_user(Role.SIGNAALTEAM))

    response = client.get(PAGINA, {"kwartaal": kwartaal, "netwerk": "abc"})

    assert response.status_code == 200
    html = response.content.decode()
    assert melding in html
    assert "Niet elke keuze kon worden gebruikt" in html
    assert response.context["keuze"].periode.code == KWARTAAL

    api = APIClient()
    api.force_authenticate(national_user(Role.SIGNAALTEAM))
    fout = api.get(API, {"kwartaal": kwartaal})
    assert fout.status_code == 400
    assert melding in str(fout.json()["kwartaal"])


def test_menu_has_the_comparison_for_signaalteam_and_insurers_only(client, wereld):
    for user, ziet in [
        (national_user(Role.SIGNAALTEAM), True),
        (verzekeraar_user(wereld.regio), True),
        (coordinator_of(wereld.noord), False),
    ]:
        client.force_login(user)
        html = (
            client.get("/").content.decode()
            if ziet is False
            else client.get(PAGINA).content.decode()
        )
        assert (f'href="{PAGINA}"' in html) is ziet


# --- Who may open it -------------------------------------------------------------------------


def test_coordinators_casemanagers_and_anonymous_are_refused(client, wereld):
    assert client.get(PAGINA).status_code == 302  # to the login
    assert APIClient().get(API).status_code in (401, 403)
    for user in (coordinator_of(wereld.noord), casemanager_of(wereld.noord)):
        client.force_login(user)
        assert client.get(PAGINA).status_code == 403
        api = APIClient()
        api.force_authenticate(user)
        assert api.get(API).status_code == 403


def test_insurer_compares_only_the_networks_of_its_region(client, wereld):
    elders = NetwerkFactory(naam="Netwerk Elders")
    wachtend(elders, P - dagen(5))
    client.force_login(verzekeraar_user(wereld.regio))
    zichtbaar = client.get(PAGINA, {"kwartaal": KWARTAAL}).context["vergelijking"]
    assert elders.pk not in {r.netwerk.pk for r in zichtbaar.regels}


# --- API -------------------------------------------------------------------------------------


def test_api_gives_null_with_a_flag_for_what_the_insurer_may_not_see(wereld):
    api = APIClient()
    api.force_authenticate(verzekeraar_user(wereld.regio))

    data = api.get(API, {"kwartaal": KWARTAAL}).json()

    assert (data["kwartaal"], data["peildatum"]) == (KWARTAAL, "2026-10-01")
    noord, zuid = data["netwerken"]
    assert noord["netwerk"]["naam"] == "Netwerk Noord"
    assert noord["uitgelicht"] is True
    assert noord["aantal_wachtend"] is None and noord["aantal_wachtend_onderdrukt"] is True
    assert noord["mediaan_wachtdagen"] is None and noord["mediaan_wachtdagen_onderdrukt"]
    assert zuid["aantal_wachtend"] == 8 and zuid["aantal_wachtend_onderdrukt"] is False
    assert zuid["percentage_gestart_binnen_6_weken"] is None
    assert zuid["percentage_gestart_binnen_6_weken_onderdrukt"] is True
    assert noord["clienten_per_fte"] == 12.0 and noord["caseload_norm"] == 40.0
    assert noord["verwachte_mensen_met_dementie"] == 560
    assert noord["bereik_percentage"] == 1.1
    uitkomsten = {u["type"]: u for u in noord["uitkomsten"]}
    assert uitkomsten["belasting"]["gemiddelde"] == 6.0
    assert uitkomsten["kwaliteit_van_leven"]["gemiddelde"] is None
    assert uitkomsten["kwaliteit_van_leven"]["gemiddelde_onderdrukt"] is True
    totalen = data["totalen"]
    assert totalen["aantal_wachtend"] is None and totalen["aantal_wachtend_onderdrukt"] is True
    assert totalen["aantal_in_zorg"] == 16
    # what is shown does not give noord's 3 back: neither the total nor anything else
    assert "3" not in {str(n["aantal_wachtend"]) for n in data["netwerken"]}


def test_api_for_the_signaalteam_has_every_figure_with_false_flags(wereld):
    api = APIClient()
    api.force_authenticate(national_user(Role.SIGNAALTEAM))
    data = api.get(API, {"kwartaal": KWARTAAL}).json()
    noord = data["netwerken"][0]
    assert noord["aantal_wachtend"] == 3 and noord["aantal_wachtend_onderdrukt"] is False
    assert data["totalen"]["aantal_wachtend"] == 11


def test_openapi_schema_lists_the_comparison_with_its_suppression_flags():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)

    operation = schema["paths"]["/api/v1/vergelijking/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"kwartaal", "netwerk"}
    assert set(operation["responses"]) == {"200", "400", "403"}
    components = schema["components"]["schemas"]
    netwerk = components["NetwerkVergelijking"]["properties"]
    for veld in (
        "aantal_wachtend",
        "mediaan_wachtdagen",
        "percentage_gestart_binnen_4_weken",
        "aantal_in_zorg",
        "clienten_per_fte",
        "bereik_percentage",
    ):
        assert netwerk[veld]["nullable"] is True, veld
        assert netwerk[f"{veld}_onderdrukt"]["type"] == "boolean", veld
    assert "onderdrukt" not in str(netwerk["verwachte_mensen_met_dementie"])
    uitkomst_ = components["VergelijkingUitkomst"]["properties"]
    assert uitkomst_["gemiddelde_onderdrukt"]["type"] == "boolean"
    totalen = components["VergelijkingTotalen"]["properties"]
    assert totalen["aantal_wachtend_onderdrukt"]["type"] == "boolean"


# --- Queries ---------------------------------------------------------------------------------


def _queries(client, user) -> int:
    client.force_login(user)
    client.get(PAGINA, {"kwartaal": KWARTAAL})  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGINA, {"kwartaal": KWARTAAL}).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_number_of_networks(client, wereld):
    user = national_user(Role.SIGNAALTEAM)
    twee = _queries(client, user)

    for i in range(4):
        netwerk = NetwerkFactory(naam=f"Netwerk Extra {i}")
        wachtend(netwerk, P - dagen(12))
        in_zorg(netwerk, CasemanagerFactory(netwerk=netwerk), 1)
        gemeente = GemeenteFactory()
        WerkgebiedFactory(netwerk=netwerk, gemeente=gemeente)
        BevolkingFactory(gemeente=gemeente)
    assert Aanmelding.objects.count() > 30

    assert _queries(client, user) == twee


def test_completeness_counts_the_vestigingen_that_confirmed_their_nza_figures(client):
    """Two provider vestigingen owe the network their figures for the peildatum; one
    confirmed: "1 van 2" on the page and 50 % in the API. A vestiging of an organisation
    that no longer provides casemanagement there is not counted."""
    from django.utils import timezone

    from tests.netwerk.factories import AansluitingFactory, OrganisatieFactory, VestigingFactory
    from wachtlijst.models import NzaAanlevering, RegelBron

    netwerk = NetwerkFactory(naam="Netwerk Volledig")
    organisatie = OrganisatieFactory()
    AansluitingFactory(netwerk=netwerk, organisatie=organisatie)
    bevestigd, _open = (
        VestigingFactory(organisatie=organisatie),
        VestigingFactory(organisatie=organisatie),
    )
    vroeger = OrganisatieFactory()
    AansluitingFactory(netwerk=netwerk, organisatie=vroeger, geldig_tot=dt.date(2026, 1, 1))
    VestigingFactory(organisatie=vroeger)
    NzaAanlevering.objects.create(
        netwerk=netwerk,
        peildatum=P,
        organisatie=organisatie,
        vestiging=bevestigd,
        agb_code=bevestigd.agb_code,
        status=RegelBron.BEVESTIGD,
        wachtend=0,
        zes_weken_of_langer=0,
        in_zorg=0,
        fte_casemanagers=Decimal("1.00"),
        aantal_casemanagers=1,
        vastgelegd_op=timezone.now(),
        vastgelegd_door=UserFactory(),
    )
    gebruiker = national_user(Role.SIGNAALTEAM)
    client.force_login(gebruiker)

    page = client.get(PAGINA, {"kwartaal": KWARTAAL}).content.decode()
    rij = page.split('<th scope="row">Netwerk Volledig')[1].split("</tr>")[0]
    api = APIClient()
    api.force_authenticate(gebruiker)
    data = api.get(API, {"kwartaal": KWARTAAL}).json()
    netwerk_data = next(n for n in data["netwerken"] if n["netwerk"]["naam"] == "Netwerk Volledig")

    assert "1 van 2" in rij
    assert netwerk_data["aanbieder_vestigingen"] == 2
    assert netwerk_data["vestigingen_bevestigd"] == 1
    assert netwerk_data["percentage_bevestigd"] == 50.0
