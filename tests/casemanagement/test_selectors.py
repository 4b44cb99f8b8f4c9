"""Reads of casemanagement: what the start page, the assignment screen, the search and the
inkoop figures show."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.actor import Actor
from casemanagement.models import Achtergrond, Casemanager, Client, MetingType, Uitstel
from casemanagement.selectors import (
    client_search,
    contact_stale,
    due_measurements,
    eigen_ongeldige_indicaties,
    mijn_trajecten,
    minuten_per_maand,
    open_medeondertekeningen,
    realisatie_per_organisatie,
    toewijzing_suggesties,
    wachtend_zonder_casemanager,
)
from casemanagement.services import casemanager_move, contact_log, indicatie_create
from tests.casemanagement.factories import (
    CasemanagerFactory,
    ContactmomentFactory,
    MetingFactory,
    RegisteredAanmeldingFactory,
    RegisteredClientFactory,
    RegisteredTrajectFactory,
    aanbieder_in,
)
from tests.netwerk.factories import GemeenteFactory, NetwerkFactory

pytestmark = pytest.mark.django_db

STARTED = dt.date(2026, 9, 15)
INTAKE_DUE = STARTED + dt.timedelta(days=42)  # 27 October


@pytest.fixture(autouse=True)
def today():
    moment = dt.datetime(2026, 11, 2, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(moment, tick=False):
        yield moment.date()


@pytest.fixture
def aanbieder(netwerk):
    return aanbieder_in(netwerk)


@pytest.fixture
def casemanager_profile(netwerk, aanbieder):
    return CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder)


def started_traject(casemanager, startdatum=STARTED, **fields):
    return RegisteredTrajectFactory(
        casemanager=casemanager,
        startdatum=startdatum,
        aanmelding__eerste_contact_op=startdatum,
        **fields,
    )


def annotated(traject):
    """The traject as the start page reads it (with the annotations the helpers need)."""
    return next(t for t in mijn_trajecten(traject.casemanager) if t.pk == traject.pk)


def due_types(traject, vandaag):
    return {d.type: (d.due, d.overdue) for d in due_measurements(annotated(traject), vandaag)}


ALL_TYPES = {t.value for t in MetingType}


# --- Measurements due and contacts gone stale ----------------------------------------------


def test_no_measurement_is_due_before_the_traject_started(casemanager_profile):
    traject = RegisteredTrajectFactory(casemanager=casemanager_profile)

    assert due_measurements(annotated(traject), dt.date(2027, 6, 1)) == []


def test_intake_measurements_show_up_two_weeks_before_six_weeks_after_the_start(
    casemanager_profile,
):
    traject = started_traject(casemanager_profile)

    assert due_types(traject, INTAKE_DUE - dt.timedelta(days=15)) == {}
    assert due_types(traject, INTAKE_DUE - dt.timedelta(days=14)) == dict.fromkeys(
        ALL_TYPES, (INTAKE_DUE, False)
    )
    assert due_types(traject, INTAKE_DUE) == dict.fromkeys(ALL_TYPES, (INTAKE_DUE, False))


def test_intake_measurements_are_overdue_after_six_weeks(casemanager_profile):
    traject = started_traject(casemanager_profile)

    due = due_measurements(annotated(traject), INTAKE_DUE + dt.timedelta(days=1))

    assert {d.type for d in due} == ALL_TYPES
    assert all(d.overdue for d in due)
    assert {d.label for d in due} == {str(t.label) for t in MetingType}


def test_after_a_measurement_the_next_of_that_type_is_due_six_months_later(casemanager_profile):
    traject = started_traject(casemanager_profile)
    MetingFactory(traject=traject, type=MetingType.BELASTING, datum=dt.date(2026, 9, 1))
    MetingFactory(traject=traject, type=MetingType.BELASTING, datum=dt.date(2026, 10, 20))
    MetingFactory(
        traject=traject,
        type=MetingType.VOLHOUDTIJD,
        score=None,
        volhoudtijd="1_2j",
        datum=dt.date(2026, 10, 20),
    )
    next_due = dt.date(2026, 10, 20) + dt.timedelta(days=182)

    in_between = due_types(traject, dt.date(2026, 11, 2))
    assert set(in_between) == {MetingType.KWALITEIT_VAN_LEVEN, MetingType.CLIENTOORDEEL}
    assert all(overdue for _, overdue in in_between.values())

    assert due_types(traject, next_due - dt.timedelta(days=14))[MetingType.BELASTING] == (
        next_due,
        False,
    )
    assert due_types(traject, next_due + dt.timedelta(days=1))[MetingType.VOLHOUDTIJD] == (
        next_due,
        True,
    )


def test_measurements_of_another_traject_do_not_count(casemanager_profile):
    traject = started_traject(casemanager_profile)
    MetingFactory(type=MetingType.BELASTING, datum=dt.date(2026, 10, 20))

    assert MetingType.BELASTING in due_types(traject, dt.date(2026, 11, 2))


def test_contact_goes_stale_after_three_months_without_contact(casemanager_profile):
    traject = started_traject(casemanager_profile)

    assert not contact_stale(annotated(traject), STARTED + dt.timedelta(days=91))
    assert contact_stale(annotated(traject), STARTED + dt.timedelta(days=92))

    ContactmomentFactory(traject=traject, datum=dt.date(2026, 11, 1))
    ContactmomentFactory(traject=traject, datum=dt.date(2026, 10, 1))

    assert not contact_stale(annotated(traject), dt.date(2026, 11, 1) + dt.timedelta(days=91))
    assert contact_stale(annotated(traject), dt.date(2026, 11, 1) + dt.timedelta(days=92))


def test_assigned_traject_without_contact_goes_stale_from_the_assignment(casemanager_profile):
    traject = RegisteredTrajectFactory(casemanager=casemanager_profile)

    assert not contact_stale(annotated(traject), traject.toegewezen_op + dt.timedelta(days=91))
    assert contact_stale(annotated(traject), traject.toegewezen_op + dt.timedelta(days=92))


# --- Mijn cliënten ------------------------------------------------------------------------


def test_mijn_trajecten_lists_only_the_open_trajecten_of_the_casemanager_by_name(
    netwerk, aanbieder, casemanager_profile
):
    zuid = started_traject(casemanager_profile, aanmelding__client__achternaam="Zwart")
    noord = started_traject(casemanager_profile, aanmelding__client__achternaam="Aalders")
    started_traject(casemanager_profile, einddatum=dt.date(2026, 10, 1), eindreden="verhuizing")
    started_traject(CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder))

    assert list(mijn_trajecten(casemanager_profile)) == [noord, zuid]


def _start_page(casemanager, vandaag):
    rows = []
    for traject in mijn_trajecten(casemanager):
        rows.append(
            (
                traject.client.naam,
                traject.aanmelding.datum,
                due_measurements(traject, vandaag),
                contact_stale(traject, vandaag),
            )
        )
    return rows


def _add_trajecten(casemanager, aantal):
    for traject in [started_traject(casemanager) for _ in range(aantal)]:
        ContactmomentFactory(traject=traject, datum=dt.date(2026, 10, 1))
        MetingFactory(traject=traject, type=MetingType.KWALITEIT_VAN_LEVEN, score=30)


def test_start_page_query_count_does_not_grow_with_the_caseload(
    casemanager_profile, django_assert_num_queries
):
    vandaag = dt.date(2026, 11, 2)
    _add_trajecten(casemanager_profile, 2)
    with django_assert_num_queries(1):
        assert len(_start_page(casemanager_profile, vandaag)) == 2

    _add_trajecten(casemanager_profile, 8)
    with django_assert_num_queries(1):
        rows = _start_page(casemanager_profile, vandaag)

    assert len(rows) == 10
    assert all(not stale for *_, stale in rows)
    assert all(MetingType.KWALITEIT_VAN_LEVEN not in {d.type for d in due} for _, _, due, _ in rows)


# --- Caseload and assignment suggestions ----------------------------------------------------


def test_caseload_counts_only_open_trajecten(netwerk, aanbieder, casemanager_profile):
    RegisteredTrajectFactory.create_batch(3, casemanager=casemanager_profile)
    RegisteredTrajectFactory.create_batch(
        2, casemanager=casemanager_profile, einddatum=dt.date(2026, 10, 1), eindreden="afzien"
    )
    leeg = CasemanagerFactory(netwerk=netwerk, organisatie=aanbieder)

    rows = {cm.pk: cm for cm in Casemanager.objects.with_caseload()}

    assert rows[casemanager_profile.pk].caseload == 3
    assert rows[leeg.pk].caseload == 0


@pytest.mark.parametrize(
    ("fte", "norm", "capaciteit"),
    [
        (Decimal("0.80"), Decimal("40"), 32),
        (Decimal("0.10"), Decimal("40"), 4),
        (Decimal("0.33"), Decimal("40"), 13),
        (Decimal("0.50"), Decimal("35.5"), 17),
    ],
)
def test_capacity_is_fte_times_the_network_norm_rounded_down(fte, norm, capaciteit):
    netwerk = NetwerkFactory(caseload_norm=norm)
    casemanager = CasemanagerFactory(netwerk=netwerk, fte=fte)

    annotated = Casemanager.objects.filter(pk=casemanager.pk).with_caseload().get()

    # the SQL (lists, suggestions, import) and Python (assignment, Mijn cliënten) say the same
    assert annotated.plaatsen == capaciteit
    assert casemanager.capaciteit(norm) == capaciteit
    assert annotated.vrije_plaatsen == capaciteit - casemanager.huidige_caseload()


def test_capacity_in_sql_and_python_agree_on_many_fte_and_norms():
    from itertools import product

    netwerken = {
        norm: NetwerkFactory(caseload_norm=norm)
        for norm in map(Decimal, ["12", "35.5", "40", "45.3"])
    }
    fte_values = [Decimal(f"0.{n:02d}") for n in range(5, 100, 7)] + [Decimal("1.00")]
    for fte, norm in product(fte_values, netwerken):
        CasemanagerFactory(netwerk=netwerken[norm], fte=fte)

    for annotated in Casemanager.objects.with_caseload():
        assert annotated.plaatsen == annotated.capaciteit(annotated.netwerk.caseload_norm), (
            annotated.fte,
            annotated.netwerk.caseload_norm,
        )


def test_suggestions_rank_earlier_casemanager_then_werkgebied_then_free_places(
    netwerk, aanbieder, other_netwerk
):
    aanmelding = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=dt.date(2026, 10, 1))
    client = aanmelding.client

    def casemanager(naam, fte="0.80", werkgebied=False, **fields):
        cm = CasemanagerFactory(
            netwerk=netwerk, organisatie=aanbieder, fte=Decimal(fte), user__naam=naam, **fields
        )
        if werkgebied:
            cm.werkgebied.add(client.gemeente)
        cm.werkgebied.add(GemeenteFactory())
        return cm

    eerder = casemanager("Eerder", fte="0.10")
    RegisteredTrajectFactory.create_batch(4, casemanager=eerder)  # full
    earlier_aanmelding = RegisteredAanmeldingFactory(
        client=client, datum=dt.date(2025, 1, 10), eerste_contact_op=dt.date(2025, 1, 20)
    )
    RegisteredTrajectFactory(
        casemanager=eerder,
        aanmelding=earlier_aanmelding,
        toegewezen_op=dt.date(2025, 1, 15),
        startdatum=dt.date(2025, 1, 20),
        einddatum=dt.date(2025, 6, 1),
        eindreden="huisarts",
    )
    wijk_weinig = casemanager("Wijk weinig", fte="0.10", werkgebied=True)
    RegisteredTrajectFactory.create_batch(2, casemanager=wijk_weinig)
    wijk_veel = casemanager("Wijk veel", fte="0.50", werkgebied=True)
    buiten_wijk = casemanager("Buiten wijk", fte="1.00")
    casemanager("Inactief", werkgebied=True, actief=False)
    ander_bedrijf = CasemanagerFactory(netwerk=netwerk)
    ander_bedrijf.werkgebied.add(client.gemeente)
    CasemanagerFactory(netwerk=other_netwerk)

    suggesties = toewijzing_suggesties(aanmelding, {aanbieder.pk})

    assert [s.casemanager for s in suggesties] == [eerder, wijk_veel, wijk_weinig, buiten_wijk]
    assert [s.vrije_plaatsen for s in suggesties] == [0, 20, 2, 40]
    assert suggesties[0].eerder_betrokken and not suggesties[0].werkgebied_past
    assert suggesties[0].reden == "eerder casemanager van deze cliënt, caseload vol"
    assert suggesties[1].reden == "werkt in de woongemeente, 20 vrije plaatsen"
    assert suggesties[3].reden == "40 vrije plaatsen"


def test_waiting_aanmeldingen_without_casemanager_oldest_first(netwerk, casemanager_profile):
    later = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=dt.date(2026, 10, 5))
    eerst = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=dt.date(2026, 9, 5))
    RegisteredTrajectFactory(casemanager=casemanager_profile)  # assigned
    RegisteredAanmeldingFactory(
        client__netwerk=netwerk,
        datum=dt.date(2026, 9, 1),
        afgemeld_op=dt.date(2026, 9, 3),
        afmeldreden="afzien",
    )
    RegisteredAanmeldingFactory(client__netwerk=NetwerkFactory(), datum=dt.date(2026, 9, 1))

    assert list(wachtend_zonder_casemanager(netwerk.pk)) == [eerst, later]


def test_unassigned_aanmeldingen_most_urgent_first_then_by_the_day_the_norm_passes(netwerk):
    """The "Hoog" referral comes first whatever its date; among equal urgency the client
    whose Treeknorm passes first, a postponement at their own request pushing it later."""
    oud_met_uitstel = RegisteredAanmeldingFactory(
        client__netwerk=netwerk, datum=dt.date(2026, 9, 1)
    )
    Uitstel.objects.create(
        aanmelding=oud_met_uitstel, van=dt.date(2026, 9, 10), tot=dt.date(2026, 10, 10)
    )
    nieuwer = RegisteredAanmeldingFactory(client__netwerk=netwerk, datum=dt.date(2026, 9, 15))
    hoog = RegisteredAanmeldingFactory(
        client__netwerk=netwerk, datum=dt.date(2026, 10, 20), urgentie="hoog"
    )
    crisis = RegisteredAanmeldingFactory(
        client__netwerk=netwerk, datum=dt.date(2026, 10, 25), urgentie="crisis"
    )

    rows = list(wachtend_zonder_casemanager(netwerk.pk))

    assert rows == [crisis, hoog, nieuwer, oud_met_uitstel]
    dagen = {row.pk: row.norm_datum for row in rows}
    assert dagen[nieuwer.pk] == dt.date(2026, 9, 15) + dt.timedelta(days=43)
    assert dagen[oud_met_uitstel.pk] == dt.date(2026, 9, 1) + dt.timedelta(days=43 + 30)


# --- Indications waiting for a co-signature ---------------------------------------------------


def test_indications_waiting_for_a_co_signature_are_listed_for_signer_and_author(
    netwerk, aanbieder, casemanager_profile
):
    sociaal_werker = CasemanagerFactory(
        netwerk=netwerk, organisatie=aanbieder, achtergrond=Achtergrond.SOCIAAL_WERK
    )
    traject = started_traject(sociaal_werker)
    indicatie = indicatie_create(
        actor=Actor.of(sociaal_werker.user),
        traject=traject,
        opgesteld_door=sociaal_werker,
        uren=Decimal("20"),
        periode_van=STARTED,
        periode_tot=dt.date(2027, 9, 14),
        medeondertekening_door=casemanager_profile,
    )
    eigen = started_traject(casemanager_profile)
    indicatie_create(
        actor=Actor.of(casemanager_profile.user),
        traject=eigen,
        opgesteld_door=casemanager_profile,
        uren=Decimal("20"),
        periode_van=STARTED,
        periode_tot=dt.date(2027, 9, 14),
    )

    assert list(open_medeondertekeningen(casemanager_profile)) == [indicatie]
    assert list(eigen_ongeldige_indicaties(sociaal_werker)) == [indicatie]
    assert not eigen_ongeldige_indicaties(casemanager_profile).exists()


# --- Search --------------------------------------------------------------------------------


@pytest.fixture
def clienten(netwerk):
    return {
        "maria": RegisteredClientFactory(
            netwerk=netwerk,
            bsn="111222333",
            voornaam="Maria",
            achternaam="Jansen",
            geboortedatum=dt.date(1940, 5, 17),
            woonplaats="Delft",
        ),
        "jan": RegisteredClientFactory(
            netwerk=netwerk,
            bsn="123456782",
            voornaam="Jan",
            tussenvoegsel="de",
            achternaam="Vries",
            geboortedatum=dt.date(1938, 1, 2),
            woonplaats="Rijswijk",
        ),
    }


def search(query, netwerk=None):
    clients = Client.objects.all() if netwerk is None else Client.objects.filter(netwerk=netwerk)
    return set(client_search(clients, query).values_list("voornaam", flat=True))


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("jans", {"Maria"}),
        ("JANSEN", {"Maria"}),
        ("maria jans", {"Maria"}),
        ("ja", {"Maria", "Jan"}),
        ("jan vries", {"Jan"}),
        ("delft", {"Maria"}),
        ("maria vries", set()),
        ("", set()),
        ("   ", set()),
    ],
)
def test_search_finds_clients_by_name_parts(clienten, query, found):
    assert search(query) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [("17-05-1940", {"Maria"}), ("17-5-1940", {"Maria"}), ("02-01-1938", {"Jan"})],
)
def test_search_finds_clients_by_date_of_birth_dd_mm_jjjj(clienten, query, found):
    assert search(query) == found


@pytest.mark.parametrize("query", ["05-17-1940", "31-02-1940", "1940-05-17", "17-05-1941"])
def test_search_by_a_date_that_is_no_date_of_birth_finds_nobody(clienten, query):
    assert search(query) == set()


@pytest.mark.parametrize("query", ["111222333", "1112.22.333", "111 222 333", " 1112-22-333 "])
def test_search_finds_a_client_by_the_exact_bsn(clienten, query):
    assert search(query) == {"Maria"}


@pytest.mark.parametrize(
    "query", ["1112", "111222", "22333", "222333", "11122233", "1112223", "1112223330", "333"]
)
def test_search_never_finds_a_client_by_a_bsn_fragment(clienten, query):
    assert search(query) == set()


def test_search_with_an_invalid_bsn_finds_nobody(clienten):
    assert search("123456789") == set()


def test_search_only_looks_in_the_clients_it_is_given(clienten, other_netwerk):
    RegisteredClientFactory(netwerk=other_netwerk, voornaam="Kees", achternaam="Jansen")

    assert search("jansen", netwerk=other_netwerk) == {"Kees"}
    assert search("111222333", netwerk=other_netwerk) == set()


@pytest.mark.parametrize("query", ["de vries", "Jan de Vries"])
def test_search_finds_a_name_with_its_tussenvoegsel(clienten, query):
    assert search(query) == {"Jan"}


# --- Realisation for inkoop -------------------------------------------------------------------


def test_realisation_sums_contact_hours_and_distinct_clients_per_organisation_per_year(
    netwerk,
):
    a = CasemanagerFactory(netwerk=netwerk)
    b = CasemanagerFactory(netwerk=netwerk)
    c = CasemanagerFactory(netwerk=netwerk)
    eerste = started_traject(a)
    tweede = started_traject(a)
    ContactmomentFactory(traject=eerste, minuten=60, datum=dt.date(2026, 9, 20))
    ContactmomentFactory(traject=eerste, minuten=30, datum=dt.date(2026, 10, 20))
    ContactmomentFactory(traject=tweede, minuten=50, datum=dt.date(2026, 10, 1))
    ContactmomentFactory(traject=tweede, minuten=120, datum=dt.date(2025, 12, 31))
    ContactmomentFactory(traject=started_traject(b), minuten=90, datum=dt.date(2026, 1, 1))
    ContactmomentFactory(traject=started_traject(c), minuten=600, datum=dt.date(2026, 3, 1))

    realisatie = realisatie_per_organisatie([a.organisatie_id, b.organisatie_id], 2026)

    assert set(realisatie) == {a.organisatie_id, b.organisatie_id}
    assert realisatie[a.organisatie_id].uren == Decimal("2.3")  # 140 minutes
    assert realisatie[a.organisatie_id].clienten == 2
    assert realisatie[b.organisatie_id].uren == Decimal("1.5")
    assert realisatie[b.organisatie_id].clienten == 1
    assert realisatie_per_organisatie([a.organisatie_id], 2025)[a.organisatie_id].uren == Decimal(
        "2.0"
    )


def test_minutes_per_month_per_casemanager(netwerk, casemanager_profile):
    traject = started_traject(casemanager_profile)
    ContactmomentFactory(traject=traject, minuten=60, datum=dt.date(2026, 9, 20))
    ContactmomentFactory(traject=traject, minuten=30, datum=dt.date(2026, 9, 25))
    ContactmomentFactory(traject=traject, minuten=45, datum=dt.date(2026, 10, 1))

    rows = minuten_per_maand(casemanager_ids=[casemanager_profile.pk], jaar=2026)

    assert rows == [
        {"casemanager_id": casemanager_profile.pk, "datum__month": 9, "minuten": 90},
        {"casemanager_id": casemanager_profile.pk, "datum__month": 10, "minuten": 45},
    ]


def test_hours_delivered_before_a_move_stay_with_the_provider_that_delivered_them(
    netwerk, coordinator, aanbieder, casemanager_profile
):
    nieuwe_aanbieder = aanbieder_in(netwerk)
    traject = RegisteredTrajectFactory(casemanager=casemanager_profile)
    contact_log(
        actor=Actor.of(casemanager_profile.user),
        traject=traject,
        casemanager=casemanager_profile,
        datum=dt.date(2026, 9, 15),
        type="huisbezoek",
        minuten=60,
    )
    casemanager_move(
        actor=Actor.of(coordinator),
        casemanager=casemanager_profile,
        naar_organisatie=nieuwe_aanbieder,
        reden="Aanbieder stopt",
    )
    contact_log(
        actor=Actor.of(casemanager_profile.user),
        traject=traject,
        casemanager=casemanager_profile,
        datum=dt.date(2026, 10, 20),
        type="telefonisch",
        minuten=30,
    )

    realisatie = realisatie_per_organisatie([aanbieder.pk, nieuwe_aanbieder.pk], 2026)

    assert {organisatie: r.uren for organisatie, r in realisatie.items()} == {
        aanbieder.pk: Decimal("1.0"),
        nieuwe_aanbieder.pk: Decimal("0.5"),
    }
