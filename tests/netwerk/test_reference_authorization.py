"""The reference-data writes of netwerk check the actor's right themselves (decision 0015):
werkgebied and the CSV imports are the beheerder's (the import commands act as the system),
organisations, vestigingen and aansluitingen the coordinator's of the network (or a
beheerder's). A refused actor gets PermissionDenied and nothing changes; the meerjarenplan
is answered by the preferente zorgverzekeraar only, never by the system."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from accounts.actor import Actor
from accounts.models import Role
from netwerk import services
from netwerk.models import (
    Aansluiting,
    Bevolking,
    Gemeente,
    Organisatie,
    PlanBeoordeling,
    Vestiging,
    Werkgebied,
)
from tests.netwerk.factories import (
    AansluitingFactory,
    GemeenteFactory,
    OrganisatieFactory,
    WerkgebiedFactory,
    coordinator_of,
    national_user,
    verzekeraar_user,
)
from tests.netwerk.plans import filled_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(netwerk, other_netwerk, coordinator, casemanager, verzekeraar):
    """Actors who change none of the network's partners: a casemanager of the network, its
    preferente verzekeraar, the coordinator of another network, the signaalteam."""
    return {
        "casemanager": casemanager,
        "verzekeraar": verzekeraar,
        "andere coordinator": coordinator_of(other_netwerk),
        "signaalteam": national_user(Role.SIGNAALTEAM),
    }


# --- werkgebied: beheerders only ----------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "casemanager", "verzekeraar", "system"])
def test_only_a_beheerder_adds_to_or_ends_a_werkgebied(
    who, netwerk, coordinator, casemanager, verzekeraar, beheerder
):
    users = {"coordinator": coordinator, "casemanager": casemanager, "verzekeraar": verzekeraar}
    actor = Actor.system() if who == "system" else Actor.of(users[who])
    regel = WerkgebiedFactory(netwerk=netwerk, geldig_van=dt.date(2020, 1, 1))
    nieuw = GemeenteFactory()
    with pytest.raises(PermissionDenied):
        services.werkgebied_add(netwerk=netwerk, gemeente=nieuw, actor=actor)
    with pytest.raises(PermissionDenied):
        services.werkgebied_end(regel=regel, actor=actor, geldig_tot=dt.date(2024, 1, 1))
    assert not Werkgebied.objects.filter(gemeente=nieuw).exists()
    regel.refresh_from_db()
    assert regel.geldig_tot is None

    services.werkgebied_add(netwerk=netwerk, gemeente=nieuw, actor=Actor.of(beheerder))
    assert Werkgebied.objects.get(gemeente=nieuw).netwerk == netwerk


# --- organisations, vestigingen, aansluitingen: the network's coordinator ------------------


def test_refused_actors_register_no_organisation(refused, coordinator, beheerder):
    """An organisation belongs to no network: any coordinator registers one (to affiliate it
    with their own network next), nobody else but a beheerder."""
    for who, user in refused.items():
        if who == "andere coordinator":
            continue
        with pytest.raises(PermissionDenied):
            services.organisatie_create(actor=Actor.of(user), naam=f"Org {who}", type="vvt")
    with pytest.raises(PermissionDenied):
        services.organisatie_create(actor=Actor.system(), naam="Org systeem", type="vvt")
    assert not Organisatie.objects.filter(naam__startswith="Org ").exists()

    for user in (coordinator, beheerder):
        services.organisatie_create(actor=Actor.of(user), naam=f"Org {user.pk}", type="vvt")
    assert Organisatie.objects.filter(naam__startswith="Org ").count() == 2


def test_only_the_coordinator_of_an_affiliated_network_adds_a_vestiging(
    netwerk, refused, coordinator, beheerder
):
    organisatie = AansluitingFactory(netwerk=netwerk).organisatie
    for user in refused.values():
        with pytest.raises(PermissionDenied):
            services.vestiging_create(
                organisatie=organisatie, actor=Actor.of(user), naam="X", agb_code="47123456"
            )
    # the coordinator's own network, not any organisation
    with pytest.raises(PermissionDenied):
        services.vestiging_create(
            organisatie=OrganisatieFactory(),
            actor=Actor.of(coordinator),
            naam="X",
            agb_code="47123457",
        )
    assert not Vestiging.objects.exists()

    services.vestiging_create(
        organisatie=organisatie, actor=Actor.of(coordinator), naam="A", agb_code="47123456"
    )
    services.vestiging_create(
        organisatie=organisatie, actor=Actor.of(beheerder), naam="B", agb_code="47123458"
    )
    assert organisatie.vestigingen.count() == 2


def test_only_the_coordinator_of_the_network_affiliates_an_organisation(
    netwerk, refused, coordinator
):
    organisatie = OrganisatieFactory()
    for user in refused.values():
        with pytest.raises(PermissionDenied):
            services.aansluiting_create(
                netwerk=netwerk,
                organisatie=organisatie,
                actor=Actor.of(user),
                geldig_van=dt.date(2024, 1, 1),
                levert_casemanagement=True,
            )
    assert not Aansluiting.objects.filter(organisatie=organisatie).exists()

    aansluiting = services.aansluiting_create(
        netwerk=netwerk,
        organisatie=organisatie,
        actor=Actor.of(coordinator),
        geldig_van=dt.date(2024, 1, 1),
        levert_casemanagement=True,
    )
    assert Aansluiting.objects.get(organisatie=organisatie) == aansluiting


def test_only_the_coordinator_of_the_network_changes_an_affiliation(netwerk, refused, coordinator):
    aansluiting = AansluitingFactory(netwerk=netwerk, levert_casemanagement=True)
    for user in refused.values():
        with pytest.raises(PermissionDenied):
            services.aansluiting_update(
                aansluiting=aansluiting, actor=Actor.of(user), levert_casemanagement=False
            )
    aansluiting.refresh_from_db()
    assert aansluiting.levert_casemanagement

    services.aansluiting_update(
        aansluiting=aansluiting, actor=Actor.of(coordinator), levert_casemanagement=False
    )
    aansluiting.refresh_from_db()
    assert not aansluiting.levert_casemanagement


def test_an_affiliation_does_not_move_to_another_network(netwerk, other_netwerk, coordinator):
    aansluiting = AansluitingFactory(netwerk=netwerk)
    with pytest.raises(ValueError, match="netwerk"):
        services.aansluiting_update(
            aansluiting=aansluiting, actor=Actor.of(coordinator), netwerk=other_netwerk
        )
    aansluiting.refresh_from_db()
    assert aansluiting.netwerk == netwerk


# --- the CSV imports: beheerders, and the commands as the system ---------------------------


def test_only_a_beheerder_or_the_system_imports_population_figures(refused, coordinator, beheerder):
    gemeente = GemeenteFactory()
    data = f"cbs_code,jaar,inwoners_65_plus\n{gemeente.cbs_code},2026,1000\n"
    for user in [coordinator, *refused.values()]:
        with pytest.raises(PermissionDenied):
            services.bevolking_import(actor=Actor.of(user), data=data)
    assert not Bevolking.objects.exists()

    assert services.bevolking_import(actor=Actor.of(beheerder), data=data).created == 1
    assert services.bevolking_import(actor=Actor.system(), data=data).updated == 1


def test_only_a_beheerder_or_the_system_updates_the_gemeenten(refused, coordinator, beheerder):
    data = "cbs_code,naam,provincie\nGM2001,Nieuwe Gemeente,Utrecht\n"
    for user in [coordinator, *refused.values()]:
        with pytest.raises(PermissionDenied):
            services.gemeenten_update_from_cbs(
                actor=Actor.of(user), data=data, deactivate_missing=False
            )
    assert not Gemeente.objects.filter(cbs_code="GM2001").exists()

    result = services.gemeenten_update_from_cbs(
        actor=Actor.of(beheerder), data=data, deactivate_missing=False
    )
    assert (result.created, result.deactivated) == (1, 0)


def test_the_import_commands_run_as_the_system(tmp_path):
    gemeente = GemeenteFactory()
    bestand = tmp_path / "bevolking.csv"
    bestand.write_text(f"cbs_code,jaar,inwoners_65_plus\n{gemeente.cbs_code},2026,1000\n")
    call_command("bevolking_inlezen", str(bestand), stdout=io.StringIO())
    assert Bevolking.objects.get(gemeente=gemeente).inwoners_65_plus == 1000

    lijst = tmp_path / "gemeenten.csv"
    lijst.write_text("cbs_code,naam,provincie\nGM2001,Nieuwe Gemeente,Utrecht\n")
    call_command(
        "gemeenten_bijwerken", str(lijst), "--houd-ontbrekende-actief", stdout=io.StringIO()
    )
    assert Gemeente.objects.get(cbs_code="GM2001").actief


# --- the meerjarenplan: answered by the preferente zorgverzekeraar only --------------------


def test_nobody_but_the_preferente_verzekeraar_answers_a_plan(
    netwerk, other_netwerk, coordinator, casemanager, beheerder
):
    plan = services.meerjarenplan_submit(
        plan=filled_plan(netwerk, coordinator), actor=Actor.of(coordinator)
    )
    others = [
        Actor.system(),
        Actor.of(coordinator),
        Actor.of(casemanager),
        Actor.of(beheerder),
        Actor.of(verzekeraar_user(other_netwerk.preferente_zorgverzekeraar)),
    ]
    for actor in others:
        with pytest.raises(PermissionDenied):
            services.meerjarenplan_beoordelen(
                plan=plan, actor=actor, beoordeling=PlanBeoordeling.AKKOORD
            )
    plan.refresh_from_db()
    assert (plan.beoordeling, plan.beoordeeld_door) == (PlanBeoordeling.GEEN, None)
