import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from accounts import disclosure
from inkoop import selectors
from inkoop.models import Contract, ContractStatus
from tests.inkoop.factories import ContractFactory, contract_in_order
from tests.netwerk.factories import (
    AansluitingFactory,
    BevolkingFactory,
    NetwerkFactory,
    OrganisatieFactory,
    WerkgebiedFactory,
    ZorgverzekeraarFactory,
)

pytestmark = pytest.mark.django_db


def _signalen(contract) -> list[str]:
    annotated = selectors.with_signalen(Contract.objects.filter(pk=contract.pk)).get()
    return [s.tekst for s in selectors.signalen(annotated)]


# --- Signals -------------------------------------------------------------------------------


def test_contract_with_affiliated_organisation_in_the_insurers_region_has_no_signal(netwerk):
    assert _signalen(contract_in_order(netwerk)) == []


def test_contract_with_organisation_not_affiliated_with_the_network_is_flagged(netwerk):
    contract = ContractFactory(netwerk=netwerk, zorgverzekeraar=netwerk.preferente_zorgverzekeraar)

    (signaal,) = _signalen(contract)
    assert "niet bij Dementienetwerk Haaglanden aangesloten" in signaal


def test_organisation_affiliated_without_casemanagement_is_flagged(netwerk):
    organisatie = OrganisatieFactory()
    AansluitingFactory(netwerk=netwerk, organisatie=organisatie, levert_casemanagement=False)
    contract = ContractFactory(
        netwerk=netwerk, organisatie=organisatie, zorgverzekeraar=netwerk.preferente_zorgverzekeraar
    )

    assert len(_signalen(contract)) == 1


def test_organisation_affiliated_with_another_network_only_is_flagged(netwerk, other_netwerk):
    organisatie = OrganisatieFactory()
    AansluitingFactory(netwerk=other_netwerk, organisatie=organisatie)
    contract = ContractFactory(
        netwerk=netwerk, organisatie=organisatie, zorgverzekeraar=netwerk.preferente_zorgverzekeraar
    )

    assert len(_signalen(contract)) == 1


@pytest.mark.parametrize(
    ("geldig_van", "geldig_tot", "flagged"),
    [
        (dt.date(2026, 12, 31), None, False),  # joins on the last day of the year
        (dt.date(2020, 1, 1), dt.date(2026, 1, 2), False),  # leaves after 1 January
        (dt.date(2020, 1, 1), dt.date(2026, 1, 1), True),  # left before the year began
        (dt.date(2027, 1, 1), None, True),  # joins the next year
    ],
)
def test_affiliation_on_any_day_of_the_contract_year_counts(
    netwerk, geldig_van, geldig_tot, flagged
):
    organisatie = OrganisatieFactory()
    AansluitingFactory(
        netwerk=netwerk, organisatie=organisatie, geldig_van=geldig_van, geldig_tot=geldig_tot
    )
    contract = ContractFactory(
        netwerk=netwerk,
        organisatie=organisatie,
        zorgverzekeraar=netwerk.preferente_zorgverzekeraar,
        jaar=2026,
    )

    assert bool(_signalen(contract)) is flagged


def test_network_outside_the_insurers_region_is_flagged(netwerk, other_netwerk):
    organisatie = OrganisatieFactory()
    AansluitingFactory(netwerk=other_netwerk, organisatie=organisatie)
    contract = ContractFactory(
        netwerk=other_netwerk,
        organisatie=organisatie,
        zorgverzekeraar=netwerk.preferente_zorgverzekeraar,
    )

    (signaal,) = _signalen(contract)
    assert "buiten de regio" in signaal


def test_insurer_preferent_nowhere_has_the_whole_country_as_region(netwerk):
    landelijk = ZorgverzekeraarFactory()

    assert _signalen(contract_in_order(netwerk, zorgverzekeraar=landelijk)) == []


def test_network_without_preferent_insurer_is_outside_a_regional_insurers_region(netwerk):
    zonder = NetwerkFactory(preferente_zorgverzekeraar=None)

    contract = contract_in_order(zonder, zorgverzekeraar=netwerk.preferente_zorgverzekeraar)

    assert len(_signalen(contract)) == 1
    flagged = selectors.contract_list(Contract.objects.all(), alleen_signalen=True)
    assert list(flagged) == [contract]


def test_both_signals_are_given_in_words(netwerk, other_netwerk):
    contract = ContractFactory(
        netwerk=other_netwerk, zorgverzekeraar=netwerk.preferente_zorgverzekeraar
    )

    assert len(_signalen(contract)) == 2


def test_signalen_fetches_its_annotations_for_a_plain_contract(netwerk, other_netwerk):
    contract = ContractFactory(
        netwerk=netwerk, zorgverzekeraar=other_netwerk.preferente_zorgverzekeraar
    )

    assert len(selectors.signalen(Contract.objects.get(pk=contract.pk))) == 2


# --- Realisation ---------------------------------------------------------------------------


@dataclass
class Gerealiseerd:
    uren: Decimal
    clienten: int


CALLS: list = []


def fake_realisatie(organisatie_ids, jaar):
    CALLS.append((tuple(organisatie_ids), jaar))
    return {organisatie_ids[0]: Gerealiseerd(uren=Decimal("3750"), clienten=150)}


def test_without_a_realisation_supplier_there_is_no_realisation(netwerk, realisatie_bron):
    realisatie_bron(None)
    assert selectors.realisaties([ContractFactory(netwerk=netwerk)]) is None


def test_realisation_per_contract_from_the_supplier_with_share_of_volume(netwerk, realisatie_bron):
    realisatie_bron(fake_realisatie)
    CALLS.clear()
    first = ContractFactory(netwerk=netwerk, volume_clienten=300, volume_uren=Decimal("7500"))
    second = ContractFactory(netwerk=netwerk, volume_clienten=None, volume_uren=Decimal("100"))
    earlier = ContractFactory(netwerk=netwerk, organisatie=first.organisatie, jaar=2025)

    result = selectors.realisaties([first, second, earlier])

    assert result[first.pk] == selectors.ContractRealisatie(
        uren=Decimal("3750"), clienten=150, percentage_uren=50, percentage_clienten=50
    )
    # an organisation the contact log has nothing for realised nothing
    assert result[second.pk] == selectors.ContractRealisatie(
        uren=Decimal(0), clienten=0, percentage_uren=0, percentage_clienten=None
    )
    assert result[earlier.pk].clienten == 150
    # one call per year, not per contract
    assert sorted(CALLS) == sorted(
        [
            (tuple(sorted([first.organisatie_id, second.organisatie_id])), 2026),
            ((first.organisatie_id,), 2025),
        ]
    )


# --- Capacity ------------------------------------------------------------------------------


def _werkgebied(netwerk, *inwoners, jaar=2026):
    for aantal in inwoners:
        werkgebied = WerkgebiedFactory(netwerk=netwerk)
        BevolkingFactory(gemeente=werkgebied.gemeente, jaar=jaar, inwoners_65_plus=aantal)


def test_capacity_against_hand_computed_figures(netwerk, other_netwerk):
    """20.000 inwoners 65+ × 5,60% = 1.120 mensen × 80% = 896 cliënten / 40 = 22,4 fte;
    300 + 400 gecontracteerd = 700 cliënten = 17,5 fte: tekort 196 cliënten, 4,9 fte."""
    _werkgebied(netwerk, 12000, 8000)
    ContractFactory(netwerk=netwerk, volume_clienten=300, volume_uren=Decimal("7500"))
    ContractFactory(netwerk=netwerk, volume_clienten=400, volume_uren=Decimal("9000.5"))
    # not counted: a concept, a terminated contract, another year, another network
    ContractFactory(netwerk=netwerk, volume_clienten=1000, status=ContractStatus.CONCEPT)
    ContractFactory(netwerk=netwerk, volume_clienten=1000, status=ContractStatus.BEEINDIGD)
    ContractFactory(netwerk=netwerk, volume_clienten=1000, jaar=2025)
    ContractFactory(netwerk=other_netwerk, volume_clienten=1000)

    cijfers = selectors.capaciteit(netwerk, 2026)

    assert cijfers.inwoners_65_plus == 20000
    assert cijfers.bevolkingsjaar == 2026
    assert cijfers.prevalentie_thuiswonend == Decimal("5.60")
    assert cijfers.verwachte_mensen_met_dementie_thuis == 1120
    assert cijfers.aandeel_vraag_casemanagement == 80
    assert cijfers.verwachte_vraag_clienten == 896
    assert cijfers.caseload_norm == Decimal("40.0")
    assert cijfers.benodigde_fte == Decimal("22.4")
    assert cijfers.gecontracteerde_clienten == 700
    assert cijfers.gecontracteerde_uren == Decimal("16500.5")
    assert cijfers.gecontracteerde_fte == Decimal("17.5")
    assert cijfers.verschil_clienten == -196
    assert cijfers.verschil_fte == Decimal("-4.9")
    assert cijfers.is_tekort
    assert cijfers.uitkomst == "tekort"
    assert cijfers.css == "fout"


def test_capacity_surplus_and_rounding(netwerk):
    """9.999 × 5,60% = 559,944 → 560 mensen; × 80% = 448 cliënten; / 42,5 = 10,54 → 10,5 fte;
    500 gecontracteerd = 11,76 → 11,8 fte: overschot 52 cliënten, 1,3 fte."""
    netwerk.caseload_norm = Decimal("42.5")
    netwerk.save()
    _werkgebied(netwerk, 9999)
    ContractFactory(netwerk=netwerk, volume_clienten=500)

    cijfers = selectors.capaciteit(netwerk, 2026)

    assert cijfers.verwachte_mensen_met_dementie_thuis == 560
    assert cijfers.verwachte_vraag_clienten == 448
    assert cijfers.benodigde_fte == Decimal("10.5")
    assert cijfers.gecontracteerde_fte == Decimal("11.8")
    assert cijfers.verschil_clienten == 52
    assert cijfers.verschil_fte == Decimal("1.3")
    assert cijfers.uitkomst == "overschot"
    assert cijfers.css == "goed"


def test_capacity_uses_the_latest_population_figures_before_the_year(netwerk):
    _werkgebied(netwerk, 10000, jaar=2024)

    cijfers = selectors.capaciteit(netwerk, 2026)

    assert (cijfers.inwoners_65_plus, cijfers.bevolkingsjaar) == (10000, 2024)


def test_capacity_without_population_figures_or_contracts_is_zero(netwerk):
    cijfers = selectors.capaciteit(netwerk, 2026)

    assert not cijfers.heeft_bevolking
    assert cijfers.verwachte_vraag_clienten == 0
    assert cijfers.verschil_clienten == 0
    assert cijfers.uitkomst == "in evenwicht"


def test_hours_only_contracts_are_counted_in_hours_not_in_clients(netwerk):
    ContractFactory(netwerk=netwerk, volume_clienten=None, volume_uren=Decimal("1000"))
    ContractFactory(netwerk=netwerk, volume_clienten=100, volume_uren=None)

    cijfers = selectors.capaciteit(netwerk, 2026)

    assert cijfers.gecontracteerde_clienten == 100
    assert cijfers.gecontracteerde_uren == Decimal("1000")
    assert (cijfers.aantal_contracten, cijfers.contracten_zonder_clienten) == (2, 1)


def test_waitlist_date_is_today_for_this_year_and_year_end_for_a_past_year():
    vandaag = dt.date(2026, 5, 14)

    assert selectors.wachtlijst_peildatum(2026, vandaag) == vandaag
    assert selectors.wachtlijst_peildatum(2027, vandaag) == vandaag
    assert selectors.wachtlijst_peildatum(2025, vandaag) == dt.date(2025, 12, 31)


def test_share_of_a_masked_client_count_is_left_out(netwerk, realisatie_bron):
    realisatie_bron(few_clients)
    contract = ContractFactory(netwerk=netwerk, volume_clienten=300)

    masked = selectors.realisaties([contract], onderdrukken=True)[contract.pk]
    plain = selectors.realisaties([contract])[contract.pk]

    assert (masked.clienten, masked.percentage_clienten) == (disclosure.KLEIN, disclosure.AFGELEID)
    assert plain.percentage_clienten == 1


def few_clients(organisatie_ids, jaar):
    return {pk: Gerealiseerd(uren=Decimal("10"), clienten=3) for pk in organisatie_ids}
