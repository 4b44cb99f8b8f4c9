"""Security issue #12, item 4: an insurer opened any network to itself by creating a concept
contract there. Visibility follows agreed relations (the preferente verzekeraar, a contract
the network accepted), never a draft the insurer made itself
(docs/decisions/0009-insurer-visibility.md)."""

import pytest
from django.urls import reverse

from inkoop.models import Contract, ContractStatus
from tests.authz import build_side
from tests.netwerk.factories import ZorgverzekeraarFactory, coordinator_of, verzekeraar_user

pytestmark = pytest.mark.django_db

PEILDATUM = "2026-10-01"  # the published NZa quarter tests/authz.py builds


def _network_urls(objects: dict) -> dict[str, str]:
    """Everything of network X an insurer reads once it may read X."""
    netwerk = {"netwerk_pk": objects["netwerk_pk"]}
    return {
        "netwerk": reverse("netwerk:detail", kwargs=netwerk),
        "partners": reverse("netwerk:partner_list", kwargs=netwerk),
        "plannen": reverse("netwerk:plan_list", kwargs=netwerk),
        "plan": reverse("netwerk:plan_detail", kwargs={"plan_pk": objects["plan_pk"]}),
        "doel": reverse("netwerk:doel_detail", kwargs={"doel_pk": objects["doel_pk"]}),
        "jaarplan": reverse(
            "netwerk:jaarplan_detail",
            kwargs={"plan_pk": objects["plan_pk"], "jaar": objects["jaar"]},
        ),
        "capaciteit": reverse("inkoop:capaciteit", kwargs=netwerk),
        "nza": reverse("wachtlijst:nza_list", kwargs=netwerk),
        "nza kwartaal": reverse(
            "wachtlijst:nza_detail", kwargs={"kwartaal_pk": objects["kwartaal_pk"]}
        ),
        "nza csv": reverse(
            "wachtlijst:nza_export_csv", kwargs={"kwartaal_pk": objects["kwartaal_pk"]}
        ),
        "rapport": reverse("rapportage:detail", kwargs={"rapport_pk": objects["rapport_pk"]}),
        "rapport pdf": reverse("rapportage:pdf", kwargs={"rapport_pk": objects["rapport_pk"]}),
        "api netwerk": reverse("api:netwerk-detail", kwargs=netwerk),
        "api capaciteit": reverse("api:netwerk-capaciteit", kwargs=netwerk),
        "api wachtlijst": reverse("api:netwerk-wachtlijst", kwargs=netwerk),
        "api nza": reverse("api:nza-kwartaal", kwargs=netwerk) + f"?peildatum={PEILDATUM}",
        "api rapport pdf": reverse("api:rapport-pdf", kwargs={"rapport_pk": objects["rapport_pk"]}),
    }


def _meeting_urls(objects: dict) -> dict[str, str]:
    """The voortgangsgesprekken: the network and its preferente verzekeraar only."""
    return {
        "gesprekken": reverse("netwerk:gesprek_list", kwargs={"netwerk_pk": objects["netwerk_pk"]}),
        "gesprek": reverse("netwerk:gesprek_detail", kwargs={"gesprek_pk": objects["gesprek_pk"]}),
        "afspraak": reverse(
            "netwerk:afspraak_update", kwargs={"afspraak_pk": objects["afspraak_pk"]}
        ),
    }


def _statuses(client, urls: dict[str, str]) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in urls.items()}


def _lists(client) -> str:
    """The lists and national overviews an insurer reads, as one text."""
    return "".join(
        client.get(reverse(name)).content.decode()
        for name in (
            "netwerk:list",
            "api:netwerk-list",
            "rapportage:downloads",
            "api:rapport-list",
            "wachtlijst:landelijk_csv",
        )
    )


@pytest.fixture
def x():
    """Network X with plans, meetings, NZa figures, a report; its preferent insurer is
    someone else's."""
    side, parties = build_side("X")
    side.objects["organisatie"] = parties["organisatie"]
    side.objects["netwerk"] = parties["netwerk"]
    return side.objects


@pytest.fixture
def outsider(client):
    """An insurer with no relation to X, logged in."""
    user = verzekeraar_user(ZorgverzekeraarFactory(naam="Buitenstaander"))
    client.force_login(user)
    return user


def _create_concept_through_the_page(client, x) -> Contract:
    response = client.post(
        reverse("inkoop:contract_create"),
        {
            "organisatie": x["organisatie"].pk,
            "netwerk": x["netwerk_pk"],
            "jaar": "2026",
            "volume_clienten": "40",
            "aansluiting_vereist": "on",
            "conform_zorgstandaard": "on",
            "status": ContractStatus.AFGESLOTEN,  # not a field: declares nothing
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Contract.objects.get(zorgverzekeraar__naam="Buitenstaander")


def test_a_contract_the_insurer_made_itself_opens_nothing_of_the_network(client, x, outsider):
    urls = {**_network_urls(x), **_meeting_urls(x)}
    before = _statuses(client, urls)
    assert set(before.values()) <= {403, 404}, before
    assert "Netwerk X" not in _lists(client)

    contract = _create_concept_through_the_page(client, x)
    # the contract API takes no writes: it cannot be used to make or accept one either
    assert client.post(reverse("api:contract-list"), {}).status_code == 405

    assert _statuses(client, urls) == before
    assert "Netwerk X" not in _lists(client)

    client.post(reverse("inkoop:contract_offer", args=[contract.pk]))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AANGEBODEN
    assert _statuses(client, urls) == before
    assert "Netwerk X" not in _lists(client)


def test_the_insurers_own_contract_page_links_to_nothing_it_cannot_open(client, x, outsider):
    contract = _create_concept_through_the_page(client, x)

    page = client.get(reverse("inkoop:contract_detail", args=[contract.pk])).content.decode()

    assert "Netwerk X" in page  # the contract names its network and organisation
    for url in _network_urls(x).values():
        assert f'href="{url}' not in page


def test_once_the_network_accepts_the_insurer_reads_the_network_but_not_its_meetings(
    client, x, outsider
):
    contract = _create_concept_through_the_page(client, x)
    client.post(reverse("inkoop:contract_offer", args=[contract.pk]))
    assert client.post(reverse("inkoop:contract_accept", args=[contract.pk])).status_code == 403

    client.force_login(coordinator_of(x["netwerk"]))
    client.post(reverse("inkoop:contract_accept", args=[contract.pk]))
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AFGESLOTEN

    client.force_login(outsider)
    assert set(_statuses(client, _network_urls(x)).values()) == {200}
    meetings = _statuses(client, _meeting_urls(x))
    assert set(meetings.values()) <= {403, 404}, meetings
    assert "Netwerk X" in _lists(client)
    assert client.get(_network_urls(x)["api netwerk"]).json()["laatste_voortgangsgesprek"] is None
    dashboard = client.get(_network_urls(x)["netwerk"]).content.decode()
    for url in _meeting_urls(x).values():
        assert url not in dashboard
    capaciteit = client.get(_network_urls(x)["capaciteit"]).content.decode()
    assert reverse("netwerk:gesprek_list", kwargs={"netwerk_pk": x["netwerk_pk"]}) not in (
        capaciteit
    )

    # ended after acceptance: the agreement existed, the insurer keeps reading the network
    client.post(reverse("inkoop:contract_end", args=[contract.pk]))
    assert set(_statuses(client, _network_urls(x)).values()) == {200}


def test_changing_the_accepted_terms_closes_the_network_again_until_reaccepted(client, x, outsider):
    contract = _create_concept_through_the_page(client, x)
    client.post(reverse("inkoop:contract_offer", args=[contract.pk]))
    client.force_login(coordinator_of(x["netwerk"]))
    client.post(reverse("inkoop:contract_accept", args=[contract.pk]))
    client.force_login(outsider)

    client.post(
        reverse("inkoop:contract_update", args=[contract.pk]),
        {
            "organisatie": x["organisatie"].pk,
            "netwerk": x["netwerk_pk"],
            "jaar": "2026",
            "volume_clienten": "4000",
            "aansluiting_vereist": "on",
            "conform_zorgstandaard": "on",
        },
    )

    contract.refresh_from_db()
    assert contract.status == ContractStatus.CONCEPT
    assert set(_statuses(client, _network_urls(x)).values()) <= {403, 404}


def test_the_preferent_insurer_reads_the_meetings(client, x):
    from netwerk.models import Netwerk

    preferent = Netwerk.objects.get(pk=x["netwerk_pk"]).preferente_zorgverzekeraar
    client.force_login(verzekeraar_user(preferent))

    assert set(_statuses(client, _network_urls(x)).values()) == {200}
    assert set(_statuses(client, _meeting_urls(x)).values()) == {200}
