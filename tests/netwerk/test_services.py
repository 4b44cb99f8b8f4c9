import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.actor import Actor
from netwerk import services
from netwerk.models import (
    REQUIRED_ONDERWERPEN,
    Bevolking,
    Gemeente,
    Meerjarenplan,
    Onderwerp,
    PlanStatus,
    Werkgebied,
)
from netwerk.selectors import casemanagement_aanbieders, netwerk_for_gemeente
from tests.netwerk.factories import (
    AansluitingFactory,
    GemeenteFactory,
    OrganisatieFactory,
)
from tests.netwerk.plans import adopted_plan, agree, filled_plan, goal_with_indicator

pytestmark = pytest.mark.django_db

SYSTEEM = Actor.system()  # the import commands (gemeenten_bijwerken, bevolking_inlezen)


def test_new_plan_has_a_section_per_required_topic_and_a_jaarplan_per_year(netwerk, coordinator):
    plan = services.meerjarenplan_create(
        netwerk=netwerk, actor=Actor.of(coordinator), titel="Plan", startjaar=2025, eindjaar=2028
    )
    assert plan.status == PlanStatus.CONCEPT
    assert [s.onderwerp for s in plan.secties.all()] == list(REQUIRED_ONDERWERPEN)
    assert list(plan.jaarplannen.values_list("jaar", flat=True)) == [2025, 2026, 2027, 2028]


def test_submitting_with_an_empty_required_topic_fails_naming_the_topic(netwerk, coordinator):
    plan = filled_plan(netwerk, coordinator)
    sectie = plan.secties.get(onderwerp=Onderwerp.WACHTLIJST)
    services.plansectie_update(sectie=sectie, actor=Actor.of(coordinator), tekst="   ")
    with pytest.raises(ValidationError) as error:
        services.meerjarenplan_submit(plan=plan, actor=Actor.of(coordinator))
    assert "Terugdringen van wachtlijsten en wachttijden voor casemanagement" in str(error.value)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CONCEPT


def test_workflow_concept_ingediend_vastgesteld(netwerk, coordinator):
    plan = filled_plan(netwerk, coordinator)
    services.meerjarenplan_submit(plan=plan, actor=Actor.of(coordinator))
    agree(plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.INGEDIEND
    assert plan.ingediend_op is not None
    services.meerjarenplan_adopt(plan=plan, actor=Actor.of(coordinator), op=dt.date(2025, 3, 1))
    plan.refresh_from_db()
    assert (plan.status, plan.vastgesteld_door, plan.vastgesteld_op) == (
        PlanStatus.VASTGESTELD,
        coordinator,
        dt.date(2025, 3, 1),
    )


def test_only_a_submitted_plan_can_be_adopted(netwerk, coordinator):
    plan = filled_plan(netwerk, coordinator)
    with pytest.raises(ValidationError, match="Alleen een ingediend plan"):
        services.meerjarenplan_adopt(plan=plan, actor=Actor.of(coordinator), op=dt.date(2025, 1, 1))


def test_adopted_plan_is_read_only(netwerk, coordinator):
    plan = adopted_plan(netwerk, coordinator)
    sectie = plan.secties.first()
    with pytest.raises(ValidationError, match="kan niet meer worden gewijzigd"):
        services.plansectie_update(sectie=sectie, actor=Actor.of(coordinator), tekst="nieuw")
    with pytest.raises(ValidationError, match="kan niet meer worden gewijzigd"):
        services.doel_create(plan=plan, actor=Actor.of(coordinator), titel="Nieuw doel")
    with pytest.raises(ValidationError, match="kan niet meer worden gewijzigd"):
        services.meerjarenplan_update(plan=plan, actor=Actor.of(coordinator), titel="Anders")
    sectie.refresh_from_db()
    assert sectie.tekst != "nieuw"


def test_submitted_plan_is_not_editable_until_withdrawn(netwerk, coordinator):
    plan = filled_plan(netwerk, coordinator)
    services.meerjarenplan_submit(plan=plan, actor=Actor.of(coordinator))
    with pytest.raises(ValidationError):
        services.doel_create(plan=plan, actor=Actor.of(coordinator), titel="Nieuw doel")
    services.meerjarenplan_withdraw(plan=plan, actor=Actor.of(coordinator))
    services.doel_create(plan=plan, actor=Actor.of(coordinator), titel="Nieuw doel")


def test_new_version_copies_the_plan_and_replaces_it_once_adopted(netwerk, coordinator):
    plan = adopted_plan(netwerk, coordinator)
    copy = services.meerjarenplan_new_version(plan=plan, actor=Actor.of(coordinator))
    assert (copy.status, copy.versie, copy.vorige_versie) == (PlanStatus.CONCEPT, 2, plan)
    assert copy.secties.count() == plan.secties.count()
    assert copy.jaarplannen.count() == plan.jaarplannen.count()
    with pytest.raises(ValidationError, match="al een nieuwe versie"):
        services.meerjarenplan_new_version(plan=plan, actor=Actor.of(coordinator))

    services.meerjarenplan_submit(plan=copy, actor=Actor.of(coordinator))

    agree(copy)
    services.meerjarenplan_adopt(plan=copy, actor=Actor.of(coordinator), op=dt.date(2026, 1, 1))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.VERVANGEN
    assert Meerjarenplan.objects.get(pk=plan.pk).secties.count() == 7  # old one stays readable


def test_new_version_carries_goals_targets_and_measurements(netwerk, coordinator):
    plan = filled_plan(netwerk, coordinator)
    _doel, indicator = goal_with_indicator(plan, coordinator)
    services.meerjarenplan_submit(plan=plan, actor=Actor.of(coordinator))
    agree(plan)
    services.meerjarenplan_adopt(plan=plan, actor=Actor.of(coordinator), op=dt.date(2025, 3, 1))
    services.realisatie_add(
        indicator=indicator,
        actor=Actor.of(coordinator),
        datum=dt.date(2025, 12, 31),
        waarde=Decimal("72"),
    )
    copy = services.meerjarenplan_new_version(plan=plan, actor=Actor.of(coordinator))
    new_indicator = copy.doelen.get().indicatoren.get()
    assert {s.jaar: s.waarde for s in new_indicator.streefwaarden.all()} == {
        2025: Decimal("70"),
        2026: Decimal("80"),
        2028: Decimal("95"),
    }
    assert [r.waarde for r in new_indicator.realisaties.all()] == [Decimal("72")]


def test_measurements_are_recorded_on_adopted_plans_but_not_on_replaced_ones(netwerk, coordinator):
    plan = filled_plan(netwerk, coordinator)
    _doel, indicator = goal_with_indicator(plan, coordinator)
    services.meerjarenplan_submit(plan=plan, actor=Actor.of(coordinator))
    agree(plan)
    services.meerjarenplan_adopt(plan=plan, actor=Actor.of(coordinator), op=dt.date(2025, 3, 1))
    services.realisatie_add(
        indicator=indicator,
        actor=Actor.of(coordinator),
        datum=dt.date(2025, 6, 30),
        waarde=Decimal("65"),
    )
    copy = services.meerjarenplan_new_version(plan=plan, actor=Actor.of(coordinator))
    services.meerjarenplan_submit(plan=copy, actor=Actor.of(coordinator))
    agree(copy)
    services.meerjarenplan_adopt(plan=copy, actor=Actor.of(coordinator), op=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="vervangen"):
        services.realisatie_add(
            indicator=indicator,
            actor=Actor.of(coordinator),
            datum=dt.date(2026, 1, 2),
            waarde=Decimal("1"),
        )


def test_targets_outside_the_plan_period_are_refused(netwerk, coordinator):
    plan = filled_plan(netwerk, coordinator)
    with pytest.raises(ValidationError, match="buiten de looptijd"):
        goal_with_indicator(plan, coordinator, targets={2030: Decimal("1")})


def test_changes_keep_history_with_the_acting_user(netwerk, coordinator):
    plan = filled_plan(netwerk, coordinator)
    sectie = plan.secties.first()
    services.plansectie_update(sectie=sectie, actor=Actor.of(coordinator), tekst="Tweede versie")
    latest = sectie.history.order_by("-history_date").first()
    assert latest.history_user == coordinator
    delta = latest.diff_against(latest.prev_record)
    assert [c.field for c in delta.changes] == ["tekst"]


def test_a_gemeente_belongs_to_one_network_at_a_time(netwerk, other_netwerk, beheerder):
    actor = Actor.of(beheerder)
    gemeente = GemeenteFactory()
    services.werkgebied_add(
        netwerk=netwerk, gemeente=gemeente, actor=actor, geldig_van=dt.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError, match="al bij een"):
        services.werkgebied_add(
            netwerk=other_netwerk, gemeente=gemeente, actor=actor, geldig_van=dt.date(2024, 1, 1)
        )
    regel = Werkgebied.objects.get(gemeente=gemeente)
    services.werkgebied_end(regel=regel, actor=actor, geldig_tot=dt.date(2024, 1, 1))
    services.werkgebied_add(
        netwerk=other_netwerk, gemeente=gemeente, actor=actor, geldig_van=dt.date(2024, 1, 1)
    )
    assert netwerk_for_gemeente(gemeente, dt.date(2023, 12, 31)) == netwerk
    assert netwerk_for_gemeente(gemeente, dt.date(2024, 1, 1)) == other_netwerk


def test_only_affiliated_casemanagement_providers_count_on_the_date(netwerk):
    provider = AansluitingFactory(
        netwerk=netwerk, geldig_van=dt.date(2020, 1, 1), geldig_tot=dt.date(2025, 1, 1)
    ).organisatie
    AansluitingFactory(netwerk=netwerk, levert_casemanagement=False)
    OrganisatieFactory()  # not affiliated at all
    assert list(casemanagement_aanbieders(netwerk, dt.date(2024, 12, 31))) == [provider]
    assert list(casemanagement_aanbieders(netwerk, dt.date(2025, 1, 1))) == []


def test_overlapping_affiliations_of_the_same_organisation_are_refused(netwerk, coordinator):
    aansluiting = AansluitingFactory(netwerk=netwerk)
    with pytest.raises(ValidationError, match="al bij dit netwerk aangesloten"):
        services.aansluiting_create(
            netwerk=netwerk,
            organisatie=aansluiting.organisatie,
            actor=Actor.of(coordinator),
            geldig_van=dt.date(2024, 1, 1),
            levert_casemanagement=True,
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kvk_nummer", "1234567", "8 cijfers"),
        ("kvk_nummer", "1234567A", "8 cijfers"),
    ],
)
def test_organisation_identifiers_are_validated(field, value, message, coordinator):
    with pytest.raises(ValidationError, match=message):
        services.organisatie_create(
            actor=Actor.of(coordinator), naam="X", type="vvt", **{field: value}
        )


@pytest.mark.parametrize("agb", ["1234567", "00123456", "4712345a", ""])
def test_invalid_agb_codes_are_refused(agb, beheerder):
    with pytest.raises(ValidationError):
        services.vestiging_create(
            organisatie=OrganisatieFactory(),
            actor=Actor.of(beheerder),
            naam="Locatie",
            agb_code=agb,
        )


def test_valid_agb_code_is_accepted(beheerder):
    vestiging = services.vestiging_create(
        organisatie=OrganisatieFactory(),
        actor=Actor.of(beheerder),
        naam="Locatie",
        agb_code="47123456",
    )
    assert vestiging.pk


def test_population_import_validates_every_row_first_and_imports_nothing_on_error():
    a, b = GemeenteFactory(), GemeenteFactory()
    data = (
        "cbs_code;jaar;inwoners_65_plus;inwoners_65_79;inwoners_80_plus\n"
        f"{a.cbs_code};2026;1000;700;300\n"
        f"{b.cbs_code};2026;veel;;\n"
        "GM9999;2026;10;;\n"
    )
    result = services.bevolking_import(actor=SYSTEEM, data=data)
    assert not result.ok
    assert len(result.errors) == 2
    assert "Regel 3" in result.errors[0]
    assert "onbekende gemeentecode GM9999" in result.errors[1]
    assert not Bevolking.objects.exists()


def test_population_import_rejects_age_groups_that_do_not_add_up():
    gemeente = GemeenteFactory()
    result = services.bevolking_import(
        actor=SYSTEEM,
        data=f"cbs_code,jaar,inwoners_65_plus,inwoners_65_79,inwoners_80_plus\n"
        f"{gemeente.cbs_code},2026,1000,700,200\n",
    )
    assert "tellen niet op" in result.errors[0]


def test_population_reimport_updates_instead_of_duplicating():
    gemeente = GemeenteFactory()
    header = "cbs_code,jaar,inwoners_65_plus\n"
    services.bevolking_import(actor=SYSTEEM, data=f"{header}{gemeente.cbs_code},2026,1000\n")
    result = services.bevolking_import(
        actor=SYSTEEM, data=f"{header}{gemeente.cbs_code},2026,1100\n"
    )
    assert (result.created, result.updated) == (0, 1)
    assert Bevolking.objects.get(gemeente=gemeente, jaar=2026).inwoners_65_plus == 1100


@pytest.mark.parametrize(
    "data",
    [
        "cbs_code;jaar\n" + "x" * 200_000 + ";2026\n",  # a cell past the csv module's limit
        b"\x00" * 1000,
    ],
    ids=["cell-too-large", "nul-bytes"],
)
def test_population_import_of_an_unreadable_file_is_a_clear_error_not_a_crash(data):
    result = services.bevolking_import(actor=SYSTEEM, data=data)
    assert not result.ok
    assert result.errors[0].startswith("Het bestand")
    assert not Bevolking.objects.exists()


def test_population_import_ignores_cells_past_the_header():
    gemeente = GemeenteFactory()
    result = services.bevolking_import(
        actor=SYSTEEM,
        data=f"cbs_code,jaar,inwoners_65_plus\n{gemeente.cbs_code},2026,1000,extra,cellen\n",
    )
    assert result.ok, result.errors
    assert Bevolking.objects.get(gemeente=gemeente, jaar=2026).inwoners_65_plus == 1000


def test_gemeenten_ship_with_the_2025_list():
    assert Gemeente.objects.filter(actief=True).count() == 342
    assert Gemeente.objects.get(cbs_code="GM0363").naam == "Amsterdam"
    assert Gemeente.objects.get(cbs_code="GM1992").naam == "Voorne aan Zee"


def test_cbs_update_adds_renames_and_deactivates_without_deleting():
    data = (
        "GemeentecodeGM;Gemeentenaam;Provincienaam\n"
        "GM0363;Amsterdam;Noord-Holland\n"
        "GM0014;Groningen (stad);Groningen\n"
        "GM2001;Nieuwe Gemeente;Friesland\n"
    )
    result = services.gemeenten_update_from_cbs(actor=SYSTEEM, data=data)
    assert result.ok
    assert (result.created, result.updated) == (1, 1)
    assert result.deactivated == 340
    assert Gemeente.objects.get(cbs_code="GM2001").provincie == "Fryslân"
    assert Gemeente.objects.get(cbs_code="GM0014").naam == "Groningen (stad)"
    assert Gemeente.objects.filter(actief=False).count() == 340


def test_cbs_update_with_a_bad_row_changes_nothing():
    data = "cbs_code,naam,provincie\nGM0363,Amsterdam,Nergensland\n"
    result = services.gemeenten_update_from_cbs(actor=SYSTEEM, data=data)
    assert not result.ok
    assert Gemeente.objects.filter(actief=True).count() == 342


def test_network_norms_are_validated(netwerk, coordinator):
    with pytest.raises(ValidationError):
        services.netwerk_update(
            netwerk=netwerk, actor=Actor.of(coordinator), treeknorm_signaal_dagen=60
        )
    netwerk.refresh_from_db()
    assert netwerk.treeknorm_signaal_dagen == 28
    services.netwerk_update(
        netwerk=netwerk, actor=Actor.of(coordinator), caseload_norm=Decimal("45")
    )
    netwerk.refresh_from_db()
    assert netwerk.caseload_norm == Decimal("45")
    assert netwerk.history.first().history_user == coordinator
