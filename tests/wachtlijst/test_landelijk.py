"""The national inventory (wachtlijst.landelijk: its figures, page and exports) against a
hand-built set of aanmeldingen in three networks, with the figures computed by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts import disclosure
from accounts.models import Role
from casemanagement.models import Aanmelding, Afmeldreden, Uitstel
from netwerk.models import Netwerk, Zorgverzekeraar
from tests.casemanagement.factories import AanmeldingFactory, ClientFactory
from tests.conftest import verify_second_factor
from tests.netwerk.factories import (
    NetwerkFactory,
    ZorgverzekeraarFactory,
    casemanager_of,
    coordinator_of,
    national_user,
    verzekeraar_user,
)
from wachtlijst.landelijk import selectors as landelijk
from wachtlijst.landelijk.permissions import zichtbare_inventarisatie
from wachtlijst.selectors import gestart_binnen

pytestmark = pytest.mark.django_db

P = dt.date(2026, 10, 1)  # the peildatum of the hand-built set; its quarter: 1 Jul - 30 Sep
PAGINA = "/wachtlijst/landelijk/"


def dagen(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def op_peildatum(datum: dt.date = P):
    """Freeze "today" (Europe/Amsterdam) on the given date."""
    return time_machine.travel(
        dt.datetime(datum.year, datum.month, datum.day, 12, tzinfo=ZoneInfo("Europe/Amsterdam")),
        tick=False,
    )


def aanmelding(netwerk, datum, *, contact=None, afgemeld=None, uitstellen=()) -> Aanmelding:
    result = AanmeldingFactory(
        client=ClientFactory(netwerk=netwerk),
        netwerk=netwerk,
        datum=datum,
        eerste_contact_op=contact,
        afgemeld_op=afgemeld,
        afmeldreden=Afmeldreden.AFZIEN if afgemeld else "",
    )
    Uitstel.objects.bulk_create(
        [Uitstel(aanmelding=result, van=van, tot=tot) for van, tot in uitstellen]
    )
    return result


@dataclass
class Drie:
    alfa: Netwerk  # 7 waiting, warning threshold 21 days, 5 started in the quarter
    beta: Netwerk  # 100 waiting (0..99 days)
    gamma: Netwerk  # nobody waiting, 1 started in the quarter
    regio: Zorgverzekeraar  # preferent for alfa and gamma


def drie_netwerken() -> Drie:
    """The hand-built set. Figures on P (NZa wait / adjusted wait, in days):

    alfa (threshold 21), waiting: 10/10, 30/30, 50/40 (uitstel of 10 days behind it),
    60/60, 20/15 (wenswachtend: uitstel over P), 0/0 (registered on P), 25/25.
      NZa sorted 0 10 20 25 30 50 60: median 25, p90 54.0, longest 60; 6 weeks+: 2.
      adjusted sorted 0 10 15 25 30 40 60: median 25, p90 48.0, longest 60.
      dreigt (21 < adj <= 42): 25, 30, 40 = 3 (2 with the default 28); over the norm: 1.
      Not waiting: first contact on P, afgemeld before P, registered after P.
      Started 1 Jul - 30 Sep: adjusted 19, 40, 61, 33, 11: 5 started, 2 within 28 days,
      4 within 42: 80.0% within the Treeknorm, 40.0% within 4 weeks.
    beta (threshold 28): 100 waiting, waits 0..99: median 49.5, p90 89.1, longest 99;
      over the norm (43..99) 57, 6 weeks+ (42..99) 58, dreigt (29..42) 14.
    gamma: one client helped before P (17 days, in the quarter): nobody waiting.
    """
    regio = ZorgverzekeraarFactory(naam="Verzekeraar Regio")
    alfa = NetwerkFactory(
        naam="Dementienetwerk Alfa",
        treeknorm_signaal_dagen=21,
        streefpercentage_binnen_4_weken=75,
        preferente_zorgverzekeraar=regio,
    )
    beta = NetwerkFactory(naam="Dementienetwerk Beta")
    gamma = NetwerkFactory(naam="Dementienetwerk Gamma", preferente_zorgverzekeraar=regio)

    aanmelding(alfa, P - dagen(10))
    aanmelding(alfa, P - dagen(30))
    aanmelding(alfa, P - dagen(50), uitstellen=[(P - dagen(40), P - dagen(30))])
    aanmelding(alfa, P - dagen(60))
    aanmelding(alfa, P - dagen(20), uitstellen=[(P - dagen(5), P + dagen(10))])
    aanmelding(alfa, P)
    aanmelding(alfa, P - dagen(25))
    aanmelding(alfa, P - dagen(40), contact=P)
    aanmelding(alfa, P - dagen(70), afgemeld=P - dagen(5))
    aanmelding(alfa, P + dagen(1))
    # started in the quarter before P
    aanmelding(alfa, dt.date(2026, 7, 1), contact=dt.date(2026, 7, 20))
    aanmelding(alfa, dt.date(2026, 7, 1), contact=dt.date(2026, 8, 10))
    aanmelding(alfa, dt.date(2026, 6, 1), contact=dt.date(2026, 8, 1))
    aanmelding(
        alfa,
        dt.date(2026, 6, 1),
        contact=dt.date(2026, 7, 25),
        uitstellen=[(dt.date(2026, 6, 10), dt.date(2026, 7, 1))],
    )
    aanmelding(alfa, dt.date(2026, 6, 20), contact=dt.date(2026, 7, 1))
    aanmelding(alfa, dt.date(2026, 5, 1), contact=dt.date(2026, 6, 30))  # before the quarter

    clients = ClientFactory.create_batch(100, netwerk=beta)
    Aanmelding.objects.bulk_create(
        [
            Aanmelding(client=client, netwerk=beta, datum=P - dagen(wacht), verwijzer_type="zelf")
            for wacht, client in enumerate(clients)
        ]
    )

    aanmelding(gamma, P - dagen(20), contact=P - dagen(3))
    return Drie(alfa=alfa, beta=beta, gamma=gamma, regio=regio)


@pytest.fixture
def drie():
    return drie_netwerken()


def regel_van(inventaris, netwerk):
    return next(r for r in inventaris.regels if r.netwerk.pk == netwerk.pk)


# --- Figures ---------------------------------------------------------------------------------


def test_inventory_figures_per_network_match_the_hand_computed_ones(drie):
    inventaris = landelijk.inventarisatie(Netwerk.objects.all(), P)

    alfa = regel_van(inventaris, drie.alfa)
    s = alfa.samenvatting
    assert alfa.categorie == landelijk.Categorie.KLEIN
    assert (s.aantal_wachtend, s.aantal_wenswachtend, s.aantal_dreigt) == (7, 1, 3)
    assert (s.aantal_boven_treeknorm, s.aantal_zes_weken_of_langer) == (1, 2)
    assert (s.mediaan_wachtdagen, s.p90_wachtdagen, s.langste_wachtdagen) == (
        Decimal("25.0"),
        Decimal("54.0"),
        60,
    )
    assert (
        s.mediaan_wachtdagen_gecorrigeerd,
        s.p90_wachtdagen_gecorrigeerd,
        s.langste_wachtdagen_gecorrigeerd,
    ) == (Decimal("25.0"), Decimal("48.0"), 60)
    assert alfa.gestart == landelijk.Gestart(dt.date(2026, 7, 1), 5, 2, 4)
    assert alfa.gestart.percentage_binnen_treeknorm() == Decimal("80.0")

    beta = regel_van(inventaris, drie.beta)
    s = beta.samenvatting
    assert beta.categorie == landelijk.Categorie.GROOT
    assert (s.aantal_wachtend, s.aantal_boven_treeknorm, s.aantal_zes_weken_of_langer) == (
        100,
        57,
        58,
    )
    assert s.aantal_dreigt == 14
    assert (s.mediaan_wachtdagen, s.p90_wachtdagen, s.langste_wachtdagen) == (
        Decimal("49.5"),
        Decimal("89.1"),
        99,
    )

    gamma = regel_van(inventaris, drie.gamma)
    assert gamma.categorie == landelijk.Categorie.GEEN
    assert gamma.samenvatting.aantal_wachtend == 0
    assert gamma.samenvatting.mediaan_wachtdagen is None
    assert gamma.gestart.percentage_binnen_4_weken() == Decimal("100.0")


def test_totals_count_networks_per_category_and_people_over_all_networks(drie):
    totalen = landelijk.inventarisatie(Netwerk.objects.all(), P).totalen

    assert totalen == landelijk.Totalen(
        aantal_netwerken=3,
        netwerken_per_categorie={"geen": 1, "1-99": 1, "100+": 1},
        aantal_wachtend=107,
        aantal_wenswachtend=1,
        aantal_boven_treeknorm=58,
        aantal_zes_weken_of_langer=60,
        aantal_wijkverpleging=0,
    )


def test_networks_are_in_name_order_and_a_network_without_any_aanmelding_is_geen(drie):
    leeg = NetwerkFactory(naam="Dementienetwerk Aaa")

    inventaris = landelijk.inventarisatie(Netwerk.objects.all(), P)

    assert [r.netwerk.naam for r in inventaris.regels] == [
        "Dementienetwerk Aaa",
        "Dementienetwerk Alfa",
        "Dementienetwerk Beta",
        "Dementienetwerk Gamma",
    ]
    assert regel_van(inventaris, leeg).categorie == landelijk.Categorie.GEEN


@pytest.mark.parametrize(
    ("aantal", "categorie"), [(0, "geen"), (1, "1-99"), (99, "1-99"), (100, "100+"), (400, "100+")]
)
def test_category_boundaries(aantal, categorie):
    assert landelijk.categorie_voor(aantal) == categorie


def test_grouped_starts_count_exactly_as_gestart_binnen(drie):
    grouped = landelijk.gestart_binnen_per_netwerk(Netwerk.objects.all(), P)

    for netwerk in (drie.alfa, drie.beta, drie.gamma):
        expected = gestart_binnen(Aanmelding.objects.filter(netwerk=netwerk), P)
        assert grouped.get(netwerk.pk, (0, 0, 0)) == expected


def test_sorting_by_number_waiting_does_not_reveal_the_order_of_masked_counts():
    regels = [
        landelijk.NetwerkCijfers(
            netwerk=Netwerk(naam=naam),
            samenvatting=_met_wachtend(aantal),
            gestart=landelijk.Gestart(P, 0, 0, 0),
        )
        for naam, aantal in [("A", 1), ("B", 4), ("C", 12), ("D", 0)]
    ]
    inventaris = landelijk.Inventarisatie(P, regels, landelijk.totalen_van(regels))

    def namen(maskeren=False, **kwargs):
        zichtbaar = zichtbare_inventarisatie(inventaris, onderdrukken=maskeren)
        return [r.netwerk.naam for r in landelijk.regels_voor(zichtbaar.regels, **kwargs)]

    assert namen(sortering="wachtend") == ["C", "B", "A", "D"]
    assert namen(sortering="wachtend", maskeren=True) == ["C", "A", "B", "D"]
    assert namen(categorie="1-99") == ["A", "B", "C"]


def _met_wachtend(aantal: int):
    from dataclasses import replace

    return replace(landelijk.lege_samenvatting(P), aantal_wachtend=aantal)


# --- Page: who sees what ---------------------------------------------------------------------


def login(client, user) -> None:
    if user.memberships.filter(rol=Role.BEHEERDER).exists():
        verify_second_factor(client, user)
    else:
        client.force_login(user)


def _pagina(client, user, query=f"?peildatum={P:%Y-%m-%d}"):
    login(client, user)
    return client.get(PAGINA + query)


def _namen(response) -> list[str]:
    return [r["cijfers"].netwerk.naam for r in response.context["regels"]]


@pytest.mark.parametrize("role", [Role.SIGNAALTEAM, Role.BEHEERDER])
def test_national_roles_see_every_network(client, drie, role):
    response = _pagina(client, national_user(role))

    assert response.status_code == 200
    assert _namen(response) == [
        "Dementienetwerk Alfa",
        "Dementienetwerk Beta",
        "Dementienetwerk Gamma",
    ]
    assert response.context["totalen"].aantal_wachtend == 107
    assert not response.context["maskeren"]


def test_insurer_sees_its_region_with_small_counts_as_less_than_five(client, drie):
    response = _pagina(client, verzekeraar_user(drie.regio))

    assert response.status_code == 200
    assert _namen(response) == ["Dementienetwerk Alfa", "Dementienetwerk Gamma"]
    assert response.context["maskeren"]
    html = response.content.decode()
    alfa = html.split("Dementienetwerk Alfa</a>")[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1] for c in alfa.split("</td>")[:-1]]
    # wachtend 7, wenswachtend 1, median 25, longest 60, over the norm 1, 6 weeks+ 2, and not
    # 80.0% of 5 starts (that is 1 person not within the norm); nobody with wijkverpleging
    assert [c.strip() for c in cells[1:]] == ["7", "&lt;5", "25", "60", "&lt;5", "&lt;5", "x", "0"]
    assert "Dementienetwerk Beta" not in html
    assert disclosure.is_onderdrukt(response.context["totalen"].aantal_boven_treeknorm)
    totals = html.split('id="totalen-kop"')[1].split("</section>")[0]
    assert totals.count("&lt;5") >= 3  # wenswachtend, over the norm, 6 weeks or longer


def test_insurer_does_not_see_a_percentage_over_fewer_than_five_starts(client, drie):
    response = _pagina(client, verzekeraar_user(drie.regio))

    gamma = next(r for r in response.context["regels"] if r["cijfers"].netwerk == drie.gamma)
    assert gamma["percentage"] == disclosure.AFGELEID


def test_coordinator_sees_only_their_own_network(client, drie):
    response = _pagina(client, coordinator_of(drie.alfa))

    assert response.status_code == 200
    assert _namen(response) == ["Dementienetwerk Alfa"]
    assert response.context["totalen"].aantal_netwerken == 1


def test_casemanager_is_refused(client, drie):
    assert _pagina(client, casemanager_of(drie.alfa)).status_code == 403
    for export in ("wachtlijst:landelijk_csv", "wachtlijst:landelijk_xlsx"):
        assert client.get(reverse(export)).status_code == 403


def test_user_without_a_role_is_refused(client, drie):
    from tests.accounts.factories import UserFactory

    assert _pagina(client, UserFactory()).status_code == 403


# --- Page: choices ---------------------------------------------------------------------------


def test_default_peildatum_is_today(client, drie):
    with op_peildatum(P):
        response = _pagina(client, national_user(Role.SIGNAALTEAM), query="")

    assert response.context["inventaris"].peildatum == P
    assert response.context["totalen"].aantal_wachtend == 107


@pytest.mark.parametrize(
    ("peildatum", "message"),
    [
        ("2026-13-45", "Vul de peildatum in als jjjj-mm-dd"),
        ("gisteren", "Vul de peildatum in als jjjj-mm-dd"),
        ("2026-10-02", "Deze datum ligt in de toekomst."),
        ("2099-01-01", "Deze datum ligt in de toekomst."),
        ("1999-12-31", "Deze datum ligt voor 1 januari 2000. Controleer het jaar."),
        ("0001-01-01", "Deze datum ligt voor 1 januari 2000. Controleer het jaar."),
    ],
)
def test_bad_peildatum_shows_a_dutch_message_and_todays_figures(client, drie, peildatum, message):
    with op_peildatum(P):
        response = _pagina(client, national_user(Role.SIGNAALTEAM), f"?peildatum={peildatum}")

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "U ziet de cijfers op 1 oktober 2026" in html
    assert response.context["inventaris"].peildatum == P
    assert response.context["totalen"].aantal_wachtend == 107


def test_an_earlier_peildatum_gives_that_days_figures(client, drie):
    response = _pagina(client, national_user(Role.SIGNAALTEAM), "?peildatum=2026-09-01")

    # on 1 Sep (P - 30 days) alfa's clients registered 30, 40, 50, 60 and 70 days before P
    # waited: the first contact on P and the afmelding on P - 5 came later
    alfa = next(r for r in response.context["regels"] if r["cijfers"].netwerk == drie.alfa)
    assert alfa["cijfers"].samenvatting.aantal_wachtend == 5
    assert alfa["cijfers"].peildatum == dt.date(2026, 9, 1)


def test_sort_by_number_waiting_and_filter_by_category(client, drie):
    user = national_user(Role.SIGNAALTEAM)

    gesorteerd = _pagina(client, user, f"?peildatum={P}&sorteer=wachtend")
    assert _namen(gesorteerd) == [
        "Dementienetwerk Beta",
        "Dementienetwerk Alfa",
        "Dementienetwerk Gamma",
    ]
    groot = _pagina(client, user, f"?peildatum={P}&categorie=100%2B")
    assert _namen(groot) == ["Dementienetwerk Beta"]
    assert groot.context["totalen"].aantal_netwerken == 3  # totals stay over all networks
    geen = _pagina(client, user, f"?peildatum={P}&categorie=geen")
    assert _namen(geen) == ["Dementienetwerk Gamma"]


def test_unknown_category_or_sort_is_reported_and_ignored(client, drie):
    response = _pagina(
        client, national_user(Role.SIGNAALTEAM), f"?peildatum={P}&categorie=veel&sorteer=x"
    )

    assert response.status_code == 200
    assert len(_namen(response)) == 3
    assert response.context["form"].errors.keys() == {"categorie", "sorteer"}


def test_export_links_carry_the_choices_in_effect(client, drie):
    with op_peildatum(P):
        response = _pagina(
            client, national_user(Role.SIGNAALTEAM), "?peildatum=kapot&categorie=1-99"
        )

    html = response.content.decode()
    assert f"{reverse('wachtlijst:landelijk_csv')}?peildatum=2026-10-01&amp;categorie=1-99" in html


def test_htmx_request_gets_the_fragment_only(client, drie):
    client.force_login(national_user(Role.SIGNAALTEAM))

    response = client.get(f"{PAGINA}?peildatum={P}", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="inventarisatie"')
    assert "<html" not in html
    assert "Dementienetwerk Beta" in html


# --- Exports ---------------------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_parses_back_with_dutch_headers(client, drie):
    client.force_login(national_user(Role.SIGNAALTEAM))

    response = client.get(reverse("wachtlijst:landelijk_csv") + f"?peildatum={P}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="wachtlijst-landelijk-2026-10-01.csv"' in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header[:8] == [
        "Peildatum",
        "Netwerk",
        "Wachtlijst",
        "Wachtend",
        "Wenswachtend",
        "Dreigt (boven signaalgrens)",
        "Boven Treeknorm (gecorrigeerd, meer dan 42 dagen)",
        "Wachtend 6 weken of langer (NZa)",
    ]
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert list(by_name) == [
        "Dementienetwerk Alfa",
        "Dementienetwerk Beta",
        "Dementienetwerk Gamma",
    ]
    alfa = by_name["Dementienetwerk Alfa"]
    assert alfa["Peildatum"] == "01-10-2026"
    assert alfa["Wachtlijst"] == "1-99 wachtenden"
    assert (alfa["Wachtend"], alfa["Dreigt (boven signaalgrens)"]) == ("7", "3")
    assert alfa["P90 wachttijd (dagen)"] == "54,0"
    assert alfa["Gestart binnen Treeknorm (%)"] == "80,0"
    assert alfa["Streefpercentage binnen 4 weken (%)"] == "75"
    beta = by_name["Dementienetwerk Beta"]
    assert (beta["Wachtlijst"], beta["Mediaan wachttijd (dagen)"]) == (
        "100 of meer wachtenden",
        "49,5",
    )
    gamma = by_name["Dementienetwerk Gamma"]
    assert (gamma["Wachtend"], gamma["Mediaan wachttijd (dagen)"]) == ("0", "")


def test_exports_for_an_insurer_show_small_counts_as_less_than_five(client, drie):
    client.force_login(verzekeraar_user(drie.regio))

    header, *rows = _csv_rows(client.get(reverse("wachtlijst:landelijk_csv") + f"?peildatum={P}"))
    alfa = dict(zip(header, rows[0], strict=True))
    assert alfa["Netwerk"] == "Dementienetwerk Alfa"
    assert alfa["Wachtend"] == "7"
    assert alfa["Wenswachtend"] == "<5"
    assert alfa["Boven Treeknorm (gecorrigeerd, meer dan 42 dagen)"] == "<5"
    assert len(rows) == 2

    response = client.get(reverse("wachtlijst:landelijk_xlsx") + f"?peildatum={P}")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Inventarisatie"]
    assert [c.value for c in sheet[2]][1:5] == ["Dementienetwerk Alfa", "1-99 wachtenden", 7, "<5"]
    gamma = [c.value for c in sheet[3]]
    assert gamma[3] == 0  # nobody waits: zero is shown (docs/decisions/0016)
    assert gamma[15] == "x"  # percentage over 1 start: not shown to an insurer
    totalen = dict(workbook["Totalen"].iter_rows(min_row=2, values_only=True))
    assert totalen["Wachtend"] == 7
    assert totalen["Boven Treeknorm (gecorrigeerd, meer dan 42 dagen)"] == "<5"


def test_xlsx_export_parses_back_with_both_sheets(client, drie):
    client.force_login(national_user(Role.SIGNAALTEAM))

    response = client.get(reverse("wachtlijst:landelijk_xlsx") + f"?peildatum={P}&sorteer=wachtend")

    assert response.status_code == 200
    assert 'filename="wachtlijst-landelijk-2026-10-01.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Inventarisatie"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Peildatum", "Netwerk", "Wachtlijst", "Wachtend")
    assert [row[1] for row in rows[1:]] == [
        "Dementienetwerk Beta",
        "Dementienetwerk Alfa",
        "Dementienetwerk Gamma",
    ]
    beta = rows[1]
    assert beta[0].date() == P
    assert beta[3:8] == (100, 0, 14, 57, 58)
    assert beta[8:11] == (49.5, 89.1, 99)
    totalen = dict(workbook["Totalen"].iter_rows(min_row=2, values_only=True))
    assert totalen["Netwerken"] == 3
    assert totalen["Netwerken: Geen wachtlijst"] == 1
    assert totalen["Netwerken: 1-99 wachtenden"] == 1
    assert totalen["Netwerken: 100 of meer wachtenden"] == 1
    assert totalen["Wachtend"] == 107
    assert totalen["Boven Treeknorm (gecorrigeerd, meer dan 42 dagen)"] == 58
    assert totalen["Wachtend 6 weken of langer (NZa)"] == 60


def test_export_with_a_bad_peildatum_is_refused_with_a_dutch_message(client, drie):
    client.force_login(national_user(Role.SIGNAALTEAM))

    for name in ("wachtlijst:landelijk_csv", "wachtlijst:landelijk_xlsx"):
        response = client.get(reverse(name) + "?peildatum=31-02-2026")
        assert response.status_code == 400
        assert "Vul de peildatum in als jjjj-mm-dd" in response.content.decode()


def test_export_with_a_category_lists_only_those_networks(client, drie):
    client.force_login(national_user(Role.SIGNAALTEAM))

    _header, *rows = _csv_rows(
        client.get(reverse("wachtlijst:landelijk_csv") + f"?peildatum={P}&categorie=geen")
    )

    assert [row[1] for row in rows] == ["Dementienetwerk Gamma"]


# --- Query count -----------------------------------------------------------------------------


def _netwerken_met_wachtenden(aantal: int) -> None:
    for number in range(aantal):
        netwerk = NetwerkFactory()
        aanmelding(netwerk, P - dagen(number + 3))
        aanmelding(netwerk, P - dagen(50), uitstellen=[(P - dagen(45), P - dagen(35))])
        aanmelding(netwerk, dt.date(2026, 8, 1), contact=dt.date(2026, 8, 20))


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        f"{PAGINA}?peildatum={P}",
        f"/wachtlijst/landelijk/inventarisatie.csv?peildatum={P}",
        f"/wachtlijst/landelijk/inventarisatie.xlsx?peildatum={P}",
    ],
)
def test_query_count_does_not_grow_with_networks_and_clients(
    client, path, django_assert_max_num_queries
):
    client.force_login(national_user(Role.SIGNAALTEAM))
    _netwerken_met_wachtenden(3)
    drie_netwerken_queries = _queries(client, path)

    _netwerken_met_wachtenden(17)
    with django_assert_max_num_queries(drie_netwerken_queries):
        response = client.get(path)

    assert response.status_code == 200
    assert drie_netwerken_queries <= 8
    if path.startswith(PAGINA + "?"):
        assert len(response.context["regels"]) == 20
