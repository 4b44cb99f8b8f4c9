"""An insurer attacks the figures it may download (DESIGN.md rule 5, issue 14).

For small random networks, everything one insurer can get is collected: the NZa quarters
(page, list, CSV, Excel, API, the public page) and the national inventory of its region
(page, CSV, Excel, API of the inventory and of each network). Every figure becomes a cell
the attacker knows (a number in any output) or not ("<5", "x", or null with a flag). The
attacker then combines what it knows with the sums every reader knows (a network total is
the sum of its rows, the inventory total the sum of its networks) by exact linear algebra,
and multiplies every shown share by its shown base. No hidden count may come out, and no
share may give away a count of 1 to 4. The check is written independently of
accounts.disclosure, which it attacks.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import html as htmllib
import io
import re
import shutil
import subprocess
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from rest_framework.test import APIClient

from casemanagement.models import Aanmelding
from tests.casemanagement.factories import AanmeldingFactory, ClientFactory
from tests.netwerk.factories import (
    NetwerkFactory,
    ZorgverzekeraarFactory,
    coordinator_of,
    verzekeraar_user,
)
from wachtlijst.models import KwartaalStatus, NzaKwartaal, NzaKwartaalRegel

pytestmark = pytest.mark.django_db

HIDDEN = object()  # "<5", "x", or null with <field>_onderdrukt
ATTACK = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
    # a failing world is printed as generated: shrinking one costs minutes of page renders
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
PEILDATA = [dt.date(2026, 7, 1), dt.date(2026, 10, 1)]
NZA_VELDEN = ("wachtend", "zes_weken_of_langer", "in_zorg", "aantal_casemanagers")
NZA_TOTAAL = {
    "wachtend": "aantal_wachtend",
    "zes_weken_of_langer": "aantal_zes_weken_of_langer",
    "in_zorg": "aantal_in_zorg",
    "aantal_casemanagers": "aantal_casemanagers",
}
LANDELIJK_VELDEN = (
    "aantal_wachtend",
    "aantal_wenswachtend",
    "aantal_boven_treeknorm",
    "aantal_zes_weken_of_langer",
    "aantal_wijkverpleging",
)


# --- The attacker ------------------------------------------------------------------------------


class Knowledge:
    """What the attacker knows per cell, over every output it read."""

    def __init__(self) -> None:
        self.shown: dict = {}
        self.hidden: set = set()
        self.truth: dict = {}

    def see(self, key, value, where: str) -> None:
        if value is HIDDEN:
            self.hidden.add(key)
            return
        assert isinstance(value, int), (key, value, where)
        assert value == self.truth[key], (key, value, where)  # the outputs agree with the data
        self.shown[key] = value

    def unknown(self) -> set:
        return self.hidden - set(self.shown)


def derivable(knowledge: Knowledge, sums: list[tuple]) -> set:
    """The unknown cells that follow from the sums and the known cells (exact rank test)."""
    unknown = sorted(knowledge.unknown(), key=repr)
    index = {k: i for i, k in enumerate(unknown)}
    rows = []
    for total, parts in sums:
        row = [Fraction(0)] * len(unknown)
        for key, sign in ((total, 1), *((p, -1) for p in parts)):
            if key in index:
                row[index[key]] += sign
        if any(row):
            rows.append(row)
    rank = _rank(rows)
    found = set()
    for key, i in index.items():
        unit = [Fraction(int(j == i)) for j in range(len(unknown))]
        if _rank([*rows, unit]) == rank:
            found.add(key)
    return found


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows]
    rank = 0
    columns = len(rows[0]) if rows else 0
    for c in range(columns):
        pivot = next((r for r in rows[rank:] if r[c] != 0), None)
        if pivot is None:
            continue
        i = rows.index(pivot, rank)
        rows[rank], rows[i] = rows[i], rows[rank]
        for j in range(len(rows)):
            if j != rank and rows[j][c] != 0:
                factor = rows[j][c] / rows[rank][c]
                rows[j] = [a - factor * b for a, b in zip(rows[j], rows[rank], strict=True)]
        rank += 1
    return rank


def assert_nothing_derivable(knowledge: Knowledge, sums: list[tuple]) -> None:
    for key in knowledge.unknown():
        if 0 < knowledge.truth[key] < 5:
            continue
        # hidden as a complement: fine, as long as it is not derivable either
    leaks = derivable(knowledge, sums)
    assert not leaks, {k: knowledge.truth[k] for k in leaks}
    for key, value in knowledge.shown.items():
        assert not 0 < value < 5, (key, value)  # no small count shown anywhere
    for key in knowledge.unknown():
        assert knowledge.truth[key] != 0, key  # zero is shown: it describes nobody


def assert_share_gives_no_small_count(percentage, base, where: str) -> None:
    """Percentage x base: the count in it and the count not in it must not be 1-4."""
    if percentage is HIDDEN or percentage is None or base is HIDDEN or base is None:
        return
    binnen = round(Fraction(str(percentage)) * base / 100)
    assert not 0 < binnen < 5, (where, percentage, base)
    assert not 0 < base - binnen < 5, (where, percentage, base)


# --- Reading the outputs -----------------------------------------------------------------------


def parse(text) -> object:
    """A cell as printed: a number, or HIDDEN for "<5" and "x"."""
    if text is None:
        return None
    if isinstance(text, int | float | Decimal):
        return int(text) if float(text).is_integer() else Decimal(str(text))
    text = htmllib.unescape(str(text)).strip()
    if text in ("<5", "x"):
        return HIDDEN
    if text in ("", "–"):
        return None
    text = text.rstrip("%").replace(".", "").replace(",", ".")
    return Decimal(text) if "." in text else int(text)


def json_value(data: dict, field: str):
    if data.get(f"{field}_onderdrukt"):
        assert data[field] is None, field
        return HIDDEN
    return data[field]


def cells(html: str) -> list[str]:
    return re.findall(r'<td class="getal">(.*?)</td>', html, re.S)


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


def pdf_text(pdf: bytes, *, layout: bool = False) -> str:
    """The text of a PDF as a reader copies it (pdftotext), on one line; with ``layout`` the
    lines as on the page (a table row on a line of its own)."""
    opties = ["-layout"] if layout else []
    text = subprocess.run(
        ["pdftotext", *opties, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    if layout:
        return "\n".join(" ".join(regel.split()) for regel in text.splitlines())
    return " ".join(text.split())


def xlsx_rows(response, sheet: int | str = 0) -> list[list]:
    text = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = load_workbook(io.BytesIO(text))
    ws = workbook[sheet] if isinstance(sheet, str) else workbook.worksheets[sheet]
    return [list(row) for row in ws.iter_rows(values_only=True)]


# --- The worlds --------------------------------------------------------------------------------

regel = st.fixed_dictionaries(
    {
        "wachtend": st.integers(0, 12),
        "in_zorg": st.integers(0, 14),
        "aantal_casemanagers": st.integers(0, 4),
    }
).flatmap(lambda r: st.integers(0, r["wachtend"]).map(lambda z: {**r, "zes_weken_of_langer": z}))
kwartaal = st.lists(regel, min_size=1, max_size=4)
netwerk_nza = st.lists(kwartaal, min_size=len(PEILDATA), max_size=len(PEILDATA))
# a correction of the newest quarter (v2): per row, how many persons it moved per count
correctie = st.one_of(st.none(), st.lists(st.integers(-4, 7), min_size=4, max_size=4))


def gecorrigeerd(regels: list[dict], verschuiving: list[int]) -> list[dict]:
    """v2 of a quarter: row i's counts moved by verschuiving[i] (never below 0)."""
    nieuw = []
    for i, r in enumerate(regels):
        d = verschuiving[i % len(verschuiving)]
        wachtend = max(0, r["wachtend"] + d)
        nieuw.append(
            {
                **r,
                "wachtend": wachtend,
                "zes_weken_of_langer": min(r["zes_weken_of_langer"], wachtend),
                "in_zorg": max(0, r["in_zorg"] - d),
            }
        )
    return nieuw


def make_kwartaal(
    netwerk, peildatum: dt.date, regels: list[dict], door, versie: int = 1
) -> NzaKwartaal:
    """A published version of the quarter; the version it corrects becomes "vervangen"."""
    totaal = {t: sum(r[v] for r in regels) for v, t in NZA_TOTAAL.items()}
    NzaKwartaal.objects.filter(
        netwerk=netwerk, peildatum=peildatum, status=KwartaalStatus.GEPUBLICEERD
    ).update(status=KwartaalStatus.VERVANGEN)
    kwartaal = NzaKwartaal.objects.create(
        netwerk=netwerk,
        peildatum=peildatum,
        versie=versie,
        reden="" if versie == 1 else "Correctie",
        aangemaakt_op=timezone.now(),
        fte_casemanagers=Decimal("0.8") * totaal["aantal_casemanagers"],
        gemiddelde_wachtdagen=Decimal("31.5") if totaal["aantal_wachtend"] else None,
        **totaal,
    )
    for i, r in enumerate(regels):
        NzaKwartaalRegel.objects.create(
            kwartaal=kwartaal,
            volgorde=i,
            agb_code=f"{i + 1:08d}",
            vestiging_naam=f"Vestiging {i}",
            organisatie_naam=f"Aanbieder {i}",
            fte_casemanagers=Decimal("0.8") * r["aantal_casemanagers"],
            **r,
        )
    NzaKwartaal.objects.filter(pk=kwartaal.pk).update(
        status=KwartaalStatus.GEPUBLICEERD, gepubliceerd_op=timezone.now(), gepubliceerd_door=door
    )
    return kwartaal


@pytest.fixture
def insurer_client():
    def make(zorgverzekeraar):
        user = verzekeraar_user(zorgverzekeraar)
        web, api = Client(), APIClient()
        web.force_login(user)
        api.force_authenticate(user)
        return web, api

    return make


def in_savepoint(run):
    """Each generated world in its own savepoint, rolled back afterwards."""
    with transaction.atomic():
        run()
        transaction.set_rollback(True)


# --- NZa quarters ------------------------------------------------------------------------------


@ATTACK
@given(quarters=netwerk_nza, correction=correctie)
def test_no_suppressed_nza_figure_can_be_recomputed(insurer_client, quarters, correction):
    in_savepoint(lambda: _attack_nza(insurer_client, quarters, correction))


def _attack_nza(insurer_client, quarters, correction) -> None:
    zorgverzekeraar = ZorgverzekeraarFactory()
    netwerk = NetwerkFactory(preferente_zorgverzekeraar=zorgverzekeraar)
    web, api = insurer_client(zorgverzekeraar)
    coordinator = coordinator_of(netwerk)
    k = Knowledge()
    sums = []
    versies = [(p, 1, regels) for p, regels in zip(PEILDATA, quarters, strict=True)]
    if correction is not None:  # the newest quarter is corrected: v1 and v2 both readable
        versies.append((PEILDATA[-1], 2, gecorrigeerd(quarters[-1], correction)))
    kwartalen = []
    for peildatum, versie, regels in versies:
        kwartalen.append(make_kwartaal(netwerk, peildatum, regels, coordinator, versie))
        for veld in NZA_VELDEN:
            k.truth[(peildatum, versie, "totaal", veld)] = sum(r[veld] for r in regels)
            for i, r in enumerate(regels):
                k.truth[(peildatum, versie, i, veld)] = r[veld]
            sums.append(
                (
                    (peildatum, versie, "totaal", veld),
                    [(peildatum, versie, i, veld) for i in range(len(regels))],
                )
            )
    actueel = {p: v for p, v, _regels in versies}  # the published version per peildatum

    for kwartaal, (p, versie, regels) in zip(kwartalen, versies, strict=True):
        _nza_versie(k, web, api, netwerk, kwartaal, regels, current=actueel[p] == versie)
    _nza_list_and_public(k, web, netwerk, versies, actueel)

    assert_nothing_derivable(k, sums)
    # a correction must not say how many persons it moved: no shown difference of 1-4
    for (p, versie, rij, veld), waarde in k.shown.items():
        if versie == 2 and (p, 1, rij, veld) in k.shown:
            assert not 0 < abs(waarde - k.shown[(p, 1, rij, veld)]) < 5, (p, rij, veld)


def _nza_versie(k, web, api, netwerk, kwartaal, regels, *, current: bool) -> None:
    """One version: the API (the current version only), CSV, Excel and its page."""
    p, v = kwartaal.peildatum, kwartaal.versie
    if current:
        data = api.get(
            reverse("api:nza-kwartaal", args=[netwerk.pk]) + f"?peildatum={p:%Y-%m-%d}"
        ).json()
        assert data["versie"] == v
        for veld, totaal in NZA_TOTAAL.items():
            k.see((p, v, "totaal", veld), json_value(data["totaal"], totaal), "api")
            for i, rij in enumerate(data["vestigingen"]):
                k.see((p, v, i, veld), json_value(rij, veld), "api")
        gemiddelde = json_value(data["totaal"], "gemiddelde_wachtdagen")
        if gemiddelde is not HIDDEN and gemiddelde is not None:
            assert k.truth[(p, v, "totaal", "wachtend")] >= 5, "average over fewer than 5"
    # CSV and Excel: a row per vestiging, then the total
    for rows in (
        csv_rows(web.get(reverse("wachtlijst:nza_export_csv", args=[kwartaal.pk])))[1:],
        xlsx_rows(web.get(reverse("wachtlijst:nza_export_xlsx", args=[kwartaal.pk])))[1:],
    ):
        assert len(rows) == len(regels) + 1
        for i, rij in enumerate(rows):
            sleutel = "totaal" if i == len(regels) else i
            for j, veld in enumerate(NZA_VELDEN):
                k.see((p, v, sleutel, veld), parse(rij[3 + j]), "export")
    # the quarter's page: the totals table, then a row per vestiging
    html = web.get(reverse("wachtlijst:nza_detail", args=[kwartaal.pk])).content.decode()
    getallen = cells(html)
    for j, veld in enumerate(NZA_VELDEN):
        k.see((p, v, "totaal", veld), parse(getallen[j]), "page totals")
    per_vestiging = html.split("Cijfers per vestiging")[1]
    for i, rij in enumerate(per_vestiging.split("<tr>")[2 : 2 + len(regels)]):
        for j, veld in enumerate(NZA_VELDEN):
            k.see((p, v, i, veld), parse(cells(rij)[j]), "page rows")


def _nza_list_and_public(k, web, netwerk, versies, actueel) -> None:
    # the list of quarters: wachtend, 6 weeks+, in zorg per version (newest first)
    html = web.get(reverse("wachtlijst:nza_list", args=[netwerk.pk])).content.decode()
    rijen = [r for r in html.split("<tr>") if "nza/" in r and 'class="getal"' in r]
    volgorde = sorted(((p, v) for p, v, _r in versies), reverse=True)
    for (p, v), rij in zip(volgorde, rijen, strict=True):
        for j, veld in enumerate(("wachtend", "zes_weken_of_langer", "in_zorg")):
            k.see((p, v, "totaal", veld), parse(cells(rij)[j]), "list")
    # the public page: the newest quarter with its rows, the earlier ones as totals
    html = Client().get(reverse("wachtlijst:publiek", args=[netwerk.slug])).content.decode()
    nieuwste = max(PEILDATA)
    v = actueel[nieuwste]
    getallen = cells(html.split("Eerdere kwartalen")[0])
    for j, veld in enumerate(NZA_VELDEN):
        k.see((nieuwste, v, "totaal", veld), parse(getallen[j]), "public totals")
    rijen = html.split("Per vestiging")[1].split("Eerdere kwartalen")[0].split("<tr>")[2:]
    for i, rij in enumerate(rijen):
        for j, veld in enumerate(NZA_VELDEN):
            k.see((nieuwste, v, i, veld), parse(cells(rij)[j]), "public rows")
    eerdere = html.split("Eerdere kwartalen")[1].split("<tr>")[2:]
    for p, rij in zip(sorted(PEILDATA, reverse=True)[1:], eerdere, strict=True):
        for j, veld in enumerate(NZA_VELDEN):
            k.see((p, actueel[p], "totaal", veld), parse(cells(rij)[j]), "public earlier")


# --- The national inventory of the insurer's region -------------------------------------------

wachttijden = st.lists(st.integers(0, 90), min_size=0, max_size=9)
gestart = st.lists(st.integers(0, 80), min_size=0, max_size=8)
regio = st.lists(st.tuples(wachttijden, gestart), min_size=1, max_size=3)

P = dt.date(2026, 10, 1)


def _aanmeldingen(netwerk, waits: list[int], starts: list[int]) -> None:
    for dagen in waits:
        AanmeldingFactory(
            client=ClientFactory(netwerk=netwerk),
            netwerk=netwerk,
            datum=P - dt.timedelta(dagen),
            # some of those waiting already receive wijkverpleging (a count of its own)
            ontvangt_wijkverpleging=dagen % 3 == 0,
        )
    for i, dagen in enumerate(starts):
        contact = dt.date(2026, 7, 1) + dt.timedelta(days=i * 9)
        AanmeldingFactory(
            client=ClientFactory(netwerk=netwerk),
            netwerk=netwerk,
            datum=contact - dt.timedelta(dagen),
            eerste_contact_op=contact,
        )


@ATTACK
@given(netwerken=regio)
def test_no_suppressed_inventory_figure_can_be_recomputed(insurer_client, netwerken):
    in_savepoint(lambda: _attack_landelijk(insurer_client, netwerken))


def _attack_landelijk(insurer_client, netwerken) -> None:
    from wachtlijst.landelijk.selectors import inventarisatie

    zorgverzekeraar = ZorgverzekeraarFactory()
    lijst = []
    for i, (waits, starts) in enumerate(netwerken):
        netwerk = NetwerkFactory(
            naam=f"Netwerk {i:02d}", preferente_zorgverzekeraar=zorgverzekeraar
        )
        _aanmeldingen(netwerk, waits, starts)
        lijst.append(netwerk)
    web, api = insurer_client(zorgverzekeraar)
    truth = inventarisatie(type(lijst[0]).objects.filter(pk__in=[n.pk for n in lijst]), P)
    k = Knowledge()
    for veld in LANDELIJK_VELDEN:
        k.truth[("totaal", veld)] = getattr(truth.totalen, veld)
    for regel in truth.regels:
        for veld in (*LANDELIJK_VELDEN, "aantal_dreigt"):
            k.truth[(regel.netwerk.naam, veld)] = getattr(regel.samenvatting, veld)
        k.truth[(regel.netwerk.naam, "aantal_gestart")] = regel.gestart.aantal
    sums = [(("totaal", veld), [(n.naam, veld) for n in lijst]) for veld in LANDELIJK_VELDEN]
    query = f"?peildatum={P:%Y-%m-%d}"

    # API: the inventory and each network alone
    data = api.get(reverse("api:wachtlijst-landelijk") + query).json()
    for veld in LANDELIJK_VELDEN:
        k.see(("totaal", veld), json_value(data["totalen"], veld), "api totals")
    answers = list(data["netwerken"])
    answers += [
        api.get(reverse("api:netwerk-wachtlijst", args=[n.pk]) + query).json() for n in lijst
    ]
    for rij in answers:
        naam = rij["netwerk"]["naam"]
        for veld in (*LANDELIJK_VELDEN, "aantal_dreigt", "aantal_gestart"):
            k.see((naam, veld), json_value(rij, veld), "api")
        for veld in ("percentage_gestart_binnen_treeknorm", "percentage_gestart_binnen_4_weken"):
            base = json_value(rij, "aantal_gestart")
            assert_share_gives_no_small_count(json_value(rij, veld), base, f"api {veld}")
            if json_value(rij, veld) not in (HIDDEN, None):
                assert base is not HIDDEN
        for veld in ("mediaan_wachtdagen", "langste_wachtdagen", "p90_wachtdagen"):
            if json_value(rij, veld) not in (HIDDEN, None):
                assert k.truth[(naam, "aantal_wachtend")] >= 5, (naam, veld)

    # CSV and Excel: one row per network; Excel also the totals
    kolommen = {
        "Wachtend": "aantal_wachtend",
        "Wenswachtend": "aantal_wenswachtend",
        "Dreigt (boven signaalgrens)": "aantal_dreigt",
        "Boven Treeknorm (gecorrigeerd, meer dan 42 dagen)": "aantal_boven_treeknorm",
        "Wachtend 6 weken of langer (NZa)": "aantal_zes_weken_of_langer",
        "Gestart in kwartaal voor peildatum": "aantal_gestart",
        "Wachtend met wijkverpleging": "aantal_wijkverpleging",
    }
    for header, *rows in (
        csv_rows(web.get(reverse("wachtlijst:landelijk_csv") + query)),
        xlsx_rows(web.get(reverse("wachtlijst:landelijk_xlsx") + query), "Inventarisatie"),
    ):
        for rij in rows:
            waarden = dict(zip(header, rij, strict=True))
            for kop, veld in kolommen.items():
                k.see((waarden["Netwerk"], veld), parse(waarden[kop]), "export")
            assert_share_gives_no_small_count(
                parse(waarden["Gestart binnen Treeknorm (%)"]),
                parse(waarden["Gestart in kwartaal voor peildatum"]),
                "export",
            )
    totalen = dict(xlsx_rows(web.get(reverse("wachtlijst:landelijk_xlsx") + query), "Totalen")[1:])
    k.see(("totaal", "aantal_wachtend"), parse(totalen["Wachtend"]), "xlsx totals")
    k.see(("totaal", "aantal_wenswachtend"), parse(totalen["Wenswachtend"]), "xlsx totals")
    k.see(
        ("totaal", "aantal_boven_treeknorm"),
        parse(totalen["Boven Treeknorm (gecorrigeerd, meer dan 42 dagen)"]),
        "xlsx totals",
    )
    k.see(
        ("totaal", "aantal_zes_weken_of_langer"),
        parse(totalen["Wachtend 6 weken of langer (NZa)"]),
        "xlsx totals",
    )
    k.see(
        ("totaal", "aantal_wijkverpleging"),
        parse(totalen["Wachtend met wijkverpleging"]),
        "xlsx totals",
    )

    # the page: the totals, then a row per network
    html = web.get(reverse("wachtlijst:landelijk") + query).content.decode()
    figures = re.findall(r'<span class="figure">(.*?)</span>', html)
    for veld, figure in zip(
        ("aantal_wachtend", "aantal_boven_treeknorm", "aantal_zes_weken_of_langer"),
        figures[1:4],
        strict=True,
    ):
        k.see(("totaal", veld), parse(figure), "page totals")
    wens = re.search(r"waarvan (.*?) wenswachtend", html).group(1)
    k.see(("totaal", "aantal_wenswachtend"), parse(wens), "page totals")
    wijk = re.search(r"waarvan (.*?) al met wijkverpleging", html).group(1)
    k.see(("totaal", "aantal_wijkverpleging"), parse(wijk), "page totals")
    for netwerk in lijst:
        rij = html.split(f">{netwerk.naam}</a>")[1].split("</tr>")[0]
        getallen = cells(rij)
        for veld, cel in zip(
            (
                "aantal_wachtend",
                "aantal_wenswachtend",
                None,
                None,
                "aantal_boven_treeknorm",
                "aantal_zes_weken_of_langer",
            ),
            getallen,
            strict=False,
        ):
            if veld:
                k.see((netwerk.naam, veld), parse(cel), "page rows")
        # the last column: waiting with wijkverpleging
        k.see((netwerk.naam, "aantal_wijkverpleging"), parse(getallen[-1]), "page rows")
        if "Geen wachtlijst" in rij:
            assert parse(getallen[0]) == 0, "Geen wachtlijst beside a hidden count"
    if shutil.which("pdftotext"):
        _national_pdf(k, truth)

    assert_nothing_derivable(k, sums)
    # no client name or BSN in anything the insurer got
    everything = html + str(data) + str(answers)
    for aanmelding in Aanmelding.objects.filter(netwerk__in=lijst).select_related("client"):
        client = aanmelding.client
        assert f"{client.voornaam} {client.achternaam}" not in everything
        assert client.bsn not in everything


def _national_pdf(k: Knowledge, truth) -> None:
    """The national inventory report (rapportage, RapportType.LANDELIJK_WACHTLIJST) of the
    same peildatum, as its PDF text: totals, then per network wachtend and boven norm. Here
    the nation is the insurer's region, so its totals meet the page's rows."""
    from rapportage import rendering
    from rapportage.landelijk import wachtlijst_snapshot
    from rapportage.models import Rapport, RapportType
    from rapportage.perioden import parse_periode

    rapport = Rapport(
        type=RapportType.LANDELIJK_WACHTLIJST,
        periode="2026Q3",
        versie=1,
        data=wachtlijst_snapshot(parse_periode("2026Q3")),
    )
    text = pdf_text(rendering.render(rapport, concept=True), layout=True)
    for label, veld in (
        ("Wachtenden in totaal", "aantal_wachtend"),
        ("Boven de Treeknorm", "aantal_boven_treeknorm"),
        (r"6 weken of langer \(NZa\)", "aantal_zes_weken_of_langer"),
    ):
        k.see(("totaal", veld), parse(re.search(label + r" (\S+)", text).group(1)), "pdf totals")
    for regel in truth.regels:
        naam, label = regel.netwerk.naam, str(regel.categorie.label)
        getal = r" (<5|x|–|\d[\d.,]*)"
        rij = re.search(re.escape(f"{naam} {label}") + getal * 4, text)
        assert rij, (naam, label, text)
        k.see((naam, "aantal_wachtend"), parse(rij.group(1)), "pdf rows")
        k.see((naam, "aantal_boven_treeknorm"), parse(rij.group(2)), "pdf rows")
        if parse(rij.group(3)) not in (HIDDEN, None):
            assert regel.samenvatting.aantal_wachtend >= 5, (naam, "median in the pdf")


# --- The progress report (PDF text) ------------------------------------------------------------

verdeling = st.lists(st.integers(0, 12), min_size=5, max_size=5)
rapportcijfers = st.fixed_dictionaries(
    {
        "verdeling": verdeling,
        "gestart": st.integers(0, 12).flatmap(
            lambda n: st.tuples(st.just(n), st.integers(0, n), st.integers(0, n))
        ),
        "in_zorg": st.integers(0, 40),
        "casemanagers": st.integers(1, 4),
        "trend": st.lists(st.integers(0, 9), min_size=4, max_size=4),
    }
)


@pytest.fixture
def snapshot(db):
    from rapportage.perioden import parse_periode
    from rapportage.snapshot import netwerk_snapshot

    netwerk = NetwerkFactory(naam="Dementienetwerk Rapport")
    return netwerk, netwerk_snapshot(netwerk, parse_periode("2026Q3"))


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
@ATTACK
@given(cijfers=rapportcijfers)
def test_no_suppressed_report_figure_can_be_recomputed_from_the_pdf(snapshot, cijfers):
    from casemanagement.models import Volhoudtijd
    from rapportage import rendering
    from rapportage.models import Rapport, RapportType

    netwerk, data = snapshot
    data = copy.deepcopy(data)
    totaal, binnen_4, binnen_6 = cijfers["gestart"]
    data["wachtlijst"]["gestart"] = {
        "totaal": totaal,
        "binnen_4_weken": binnen_4,
        "binnen_6_weken": binnen_6,
        "percentage_binnen_4_weken": f"{Decimal(binnen_4 * 100) / totaal:.1f}" if totaal else None,
        "percentage_binnen_6_weken": f"{Decimal(binnen_6 * 100) / totaal:.1f}" if totaal else None,
    }
    fte = Decimal("0.89") * cijfers["casemanagers"]
    data["caseload"].update(
        aantal_casemanagers=cijfers["casemanagers"],
        fte_casemanagers=f"{fte:.2f}",
        clienten_in_zorg=cijfers["in_zorg"],
        clienten_per_fte=f"{cijfers['in_zorg'] / fte:.1f}",
    )
    labels = [str(v.label) for v in Volhoudtijd]
    data["uitkomsten"] = [
        {
            "type": "volhoudtijd",
            "label": "Volhoudtijd",
            "aantal": sum(cijfers["verdeling"]),
            "verdeling": [
                {"label": label, "aantal": n}
                for label, n in zip(labels, cijfers["verdeling"], strict=True)
            ],
        }
    ]
    for punt, n in zip(data["wachtlijst"]["trend"], cijfers["trend"], strict=True):
        punt["aantal_wachtend"] = n
    rapport = Rapport(
        type=RapportType.KWARTAAL, netwerk=netwerk, periode="2026Q3", versie=1, data=data
    )
    text = pdf_text(rendering.render(rapport, concept=True))

    # the outcome measure: its total and its distribution form a sum
    k = Knowledge()
    k.truth[("volhoudtijd", "totaal")] = sum(cijfers["verdeling"])
    # the table row (the chart above it is titled "Volhoudtijd van mantelzorgers")
    rij = re.search(r"Volhoudtijd (<5|x|–|\d[\d.]*) (.*?)(?: 7\. |$)", text)
    k.see(("volhoudtijd", "totaal"), parse(rij.group(1)), "pdf")
    for label, n in zip(labels, cijfers["verdeling"], strict=True):
        k.truth[("volhoudtijd", label)] = n
        waarde = re.search(re.escape(label) + r": (\S+?)(?:;|\s|$)", rij.group(2))
        k.see(("volhoudtijd", label), parse(waarde.group(1)), "pdf")
    assert_nothing_derivable(
        k, [(("volhoudtijd", "totaal"), [("volhoudtijd", lb) for lb in labels])]
    )

    # the starts: a share times its base
    zin = re.search(r"kwamen (\S+) cliënten in zorg(.*?)\.", text)
    base = parse(zin.group(1))
    assert base is HIDDEN or not 0 < base < 5
    for aandeel in re.findall(r"([\d,]+)% binnen", zin.group(2)):
        assert base is not HIDDEN, zin.group(0)
        assert_share_gives_no_small_count(parse(aandeel), base, "pdf starts")

    # caseload: clients per fte times the fte gives the clients
    in_zorg = parse(re.search(r"Cliënten in zorg (\S+)", text).group(1))
    per_fte = parse(re.search(r"Cliënten per fte \(norm\) (\S+)", text).group(1))
    if in_zorg is HIDDEN:
        assert per_fte is HIDDEN, "clients per fte times fte gives the hidden count"
    assert not (isinstance(in_zorg, int) and 0 < in_zorg < 5)

    # the trend: a hidden count is no point in the chart and never printed as 0
    assert "in de grafiek op 0" not in text


# --- Quarter reports and the year report (PDF text) ------------------------------------------

jaarcijfers = st.tuples(
    st.lists(st.lists(st.integers(0, 7), min_size=5, max_size=5), min_size=4, max_size=4),
    st.permutations(["2026", "2026Q1", "2026Q2", "2026Q3", "2026Q4"]),
)


def volhoudtijd_uit_pdf(k: Knowledge, text: str, wie, labels: list[str]) -> None:
    """The outcome table's row: the total, then "label: count" per category."""
    rij = re.search(r"Volhoudtijd (<5|x|–|\d[\d.]*) (.*?)(?: 7\. |$)", text)
    k.see((wie, "totaal"), parse(rij.group(1)), f"pdf {wie}")
    for label in labels:
        waarde = re.search(re.escape(label) + r": (\S+?)(?:;|\s|$)", rij.group(2))
        k.see((wie, label), parse(waarde.group(1)), f"pdf {wie}")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
@settings(ATTACK, max_examples=6)
@given(cijfers=jaarcijfers)
def test_no_quarter_can_be_recomputed_from_the_year_report(snapshot, cijfers):
    """The insurer gets the four quarter reports and the year report of a network, adopted
    in any order; each PDF is rendered when it is adopted, knowing only the earlier ones.
    The year's outcome counts are the sums of the quarters'."""
    in_savepoint(lambda: _attack_perioden(snapshot, cijfers))


def _attack_perioden(snapshot, cijfers) -> None:
    from casemanagement.models import Volhoudtijd
    from rapportage import rendering
    from rapportage.models import Rapport, RapportStatus, RapportType
    from rapportage.perioden import parse_periode

    netwerk, basis = snapshot
    labels = [str(v.label) for v in Volhoudtijd]
    kwartalen, volgorde = cijfers
    per_periode = {f"2026Q{q}": kwartalen[q - 1] for q in range(1, 5)}
    per_periode["2026"] = [sum(kolom) for kolom in zip(*kwartalen, strict=True)]
    k = Knowledge()
    sums = []
    for code, verdeling in per_periode.items():
        k.truth[(code, "totaal")] = sum(verdeling)
        for label, n in zip(labels, verdeling, strict=True):
            k.truth[(code, label)] = n
        sums.append(((code, "totaal"), [(code, label) for label in labels]))
    for x in ("totaal", *labels):
        sums.append((("2026", x), [(f"2026Q{q}", x) for q in range(1, 5)]))

    def uitkomsten(code: str) -> list[dict]:
        return [
            {
                "type": "volhoudtijd",
                "label": "Volhoudtijd",
                "aantal": sum(per_periode[code]),
                "verdeling": [
                    {"label": label, "aantal": n}
                    for label, n in zip(labels, per_periode[code], strict=True)
                ],
            }
        ]

    begin = timezone.now()
    for i, code in enumerate(volgorde):
        periode = parse_periode(code)
        data = copy.deepcopy(basis)
        data["uitkomsten"] = uitkomsten(code)
        if not periode.is_kwartaal:  # as rapportage.snapshot makes a year
            data["uitkomsten_per_kwartaal"] = {q: uitkomsten(q) for q in per_periode if "Q" in q}
        rapport = Rapport.objects.create(
            netwerk=netwerk,
            type=RapportType.KWARTAAL if periode.is_kwartaal else RapportType.JAAR,
            periode=code,
            periode_begin=periode.begin,
            periode_eind=periode.eind,
            data=data,
            vastgesteld_op=begin + dt.timedelta(minutes=i),
        )
        # rendered when adopted: only the reports adopted before it exist
        text = pdf_text(rendering.render(rapport, concept=False))
        Rapport.objects.filter(pk=rapport.pk).update(status=RapportStatus.VASTGESTELD)
        volhoudtijd_uit_pdf(k, text, code, labels)

    assert_nothing_derivable(k, sums)
