"""Full-text search over title, description and actions, in the Dutch configuration."""

import pytest

from accounts.actor import Actor
from signaalteam import selectors, services
from signaalteam.models import ActieType, Signaal
from tests.signaalteam.factories import signaal

pytestmark = pytest.mark.django_db


def _found(q, visible=None) -> list[str]:
    visible = visible if visible is not None else Signaal.objects.all()
    return [s.titel for s in selectors.signaal_list(visible, q=q)]


@pytest.fixture
def signalen(signaalteam_user, netwerk):
    wachtlijst = signaal(
        signaalteam_user,
        netwerk,
        titel="Lange wachtlijst in de regio",
        omschrijving="Aanmeldingen blijven liggen.",
    )
    personeel = signaal(
        signaalteam_user,
        netwerk,
        titel="Vacatures blijven open",
        omschrijving="Er zijn geen casemanagers te vinden; de wachtlijst groeit daardoor.",
    )
    continuiteit = signaal(
        signaalteam_user,
        netwerk,
        titel="Casemanager wisselt steeds",
        omschrijving="Cliënten krijgen telkens een ander gezicht.",
    )
    return wachtlijst, personeel, continuiteit


def test_plural_finds_the_singular(signalen):
    assert "Lange wachtlijst in de regio" in _found("wachtlijsten")


def test_singular_finds_the_plural(signalen):
    # "Er zijn geen casemanagers te vinden" in the description
    assert "Vacatures blijven open" in _found("casemanager")
    assert _found("aanmelding") == ["Lange wachtlijst in de regio"]  # "Aanmeldingen"


def test_title_matches_rank_above_description_matches(signalen):
    assert _found("wachtlijsten") == ["Lange wachtlijst in de regio", "Vacatures blijven open"]


def test_text_of_actions_is_searched_too(signalen, signaalteam_user):
    _, _, continuiteit = signalen
    assert _found("overbruggingszorg") == []

    services.actie_add(
        signaal=continuiteit,
        actor=Actor.of(signaalteam_user),
        type=ActieType.AFSPRAAK,
        tekst="De verzekeraar vergoedt overbruggingszorg door de wijkverpleging.",
    )

    assert _found("overbruggingszorg") == ["Casemanager wisselt steeds"]


def test_resolution_and_reopen_reason_are_searchable(signalen, signaalteam_user):
    wachtlijst, _, _ = signalen
    services.signaal_take_up(signaal=wachtlijst, actor=Actor.of(signaalteam_user))
    services.signaal_close(
        signaal=wachtlijst,
        actor=Actor.of(signaalteam_user),
        status="opgelost",
        oplossing="Extra inkoop.",
    )
    assert _found("inkoop") == ["Lange wachtlijst in de regio"]


def test_edits_are_searchable_at_once(signalen, signaalteam_user):
    _, personeel, _ = signalen
    services.signaal_update(
        signaal=personeel, actor=Actor.of(signaalteam_user), titel="Arbeidsmarkt krap"
    )
    assert _found("arbeidsmarkt") == ["Arbeidsmarkt krap"]


def test_web_search_syntax(signalen):
    assert _found('"lange wachtlijst"') == ["Lange wachtlijst in de regio"]
    assert _found("wachtlijst -casemanagers") == ["Lange wachtlijst in de regio"]
    assert set(_found("vacatures or wisselt")) == {
        "Vacatures blijven open",
        "Casemanager wisselt steeds",
    }


def test_reference_finds_that_signal(signalen):
    wachtlijst, _, _ = signalen
    assert _found(wachtlijst.referentie.lower()) == ["Lange wachtlijst in de regio"]


@pytest.mark.parametrize("q", ["&|!():*", "'", '"', "\\", "or", "-", "<script>", "a" * 200, "de"])
def test_any_search_text_is_safe(signalen, q):
    _found(q)  # no error, whatever matches


def test_melder_details_are_not_searchable(signalen):
    assert _found("Geheimnaam") == []
    assert _found("melder.geheim@example.nl") == []


def test_search_stays_within_what_the_user_may_see(
    signaalteam_user, netwerk, other_netwerk, coordinator
):
    signaal(signaalteam_user, other_netwerk, titel="Wachtlijst elders")
    signaal(signaalteam_user, netwerk, titel="Wachtlijst hier")

    assert _found("wachtlijsten", Signaal.objects.visible_to(coordinator)) == ["Wachtlijst hier"]
