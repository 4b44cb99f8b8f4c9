import pytest
from django.urls import reverse

from demo import accounts as accounts_demo
from demo import netwerk as netwerk_demo
from demo import signaalteam as demo
from signaalteam.models import ActieType, Bron, Signaal, SignaalStatus

pytestmark = pytest.mark.django_db


def _seed() -> dict:
    context: dict = {}
    accounts_demo.seed(context)
    netwerk_demo.seed(context)
    demo.seed(context)
    return context


def test_demo_has_signals_in_every_state_and_can_run_twice():
    context = _seed()
    count = Signaal.objects.count()
    demo.seed(context)

    assert Signaal.objects.count() == count
    assert set(Signaal.objects.values_list("status", flat=True)) == set(SignaalStatus.values)
    assert set(Signaal.objects.values_list("bron", flat=True)) == set(Bron.values)


def test_demo_holds_the_two_examples_from_practice():
    _seed()

    gestopt = Signaal.objects.get(titel=demo.AANBIEDER_GESTOPT)
    assert gestopt.status == SignaalStatus.OPGELOST
    assert "eigen casemanager" in gestopt.oplossing
    # closed over a year ago: the retention job has removed the melder's details
    assert not gestopt.heeft_melder_gegevens
    assert gestopt.melder_gegevens_verwijderd_op is not None

    grijs = Signaal.objects.get(titel=demo.GRIJZE_REGIO)
    assert grijs.status == SignaalStatus.IN_BEHANDELING
    for partij in (
        "Alzheimer Nederland",
        "Zilveren Kruis",
        "Ketenregisseur",
        "Wachtlijstcoördinator",
        "Thuiszorgaanbieders",
        "Gemeenten",
    ):
        assert partij in grijs.betrokken_partijen
    assert grijs.acties.filter(type=ActieType.AFSPRAAK, opgevolgd=False).exists()


def test_demo_users_see_the_signals_on_their_pages(client):
    context = _seed()
    users = context["users"]
    haaglanden = context["netwerken"]["Dementienetwerk Haaglanden"]
    automatisch = Signaal.objects.get(automatisch_netwerk=haaglanden)
    assert automatisch.acties.filter(type=ActieType.UPDATE_REGIO).exists()

    client.force_login(users["signaalteam"])
    mijn = client.get(reverse("signaalteam:mijn_signalen")).content.decode()
    assert demo.GRIJZE_REGIO in mijn  # its agreement is due
    assert client.get(reverse("signaalteam:list")).status_code == 200
    for signaal in Signaal.objects.all():
        assert client.get(reverse("signaalteam:detail", args=[signaal.pk])).status_code == 200

    client.force_login(users["netwerkcoordinator"])
    lijst = client.get(reverse("signaalteam:list")).content.decode()
    assert automatisch.referentie in lijst
    assert demo.GRIJZE_REGIO not in lijst

    client.force_login(users["verzekeraar"])  # Zilveren Kruis
    lijst = client.get(reverse("signaalteam:list")).content.decode()
    assert demo.AANBIEDER_GESTOPT in lijst and demo.GRIJZE_REGIO in lijst
    assert "jeroen.devries@example.nl" not in lijst
