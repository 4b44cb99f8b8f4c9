import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.actor import Actor
from signaalteam import services
from signaalteam.models import ActieType, Categorie, SignaalStatus
from tests.netwerk.factories import casemanager_of
from tests.signaalteam.factories import signaal

pytestmark = pytest.mark.django_db

SIGNALEN = "/api/v1/signalen/"
MELDER_KEYS = {"melder_naam", "melder_organisatie", "melder_email", "melder_telefoon"}


def _detail(result):
    return f"{SIGNALEN}{result.pk}/"


def _as(api, user):
    api.force_authenticate(user)
    return api


def test_paths_are_the_documented_ones(signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk)
    assert reverse("api:signaal-list") == SIGNALEN
    assert reverse("api:signaal-detail", args=[result.pk]) == _detail(result)


def test_signaalteam_gets_signals_with_melder_details(api, signaalteam_user, netwerk):
    result = signaal(
        signaalteam_user, netwerk, ontvangen_op=timezone.localdate() - dt.timedelta(days=3)
    )

    body = _as(api, signaalteam_user).get(SIGNALEN).json()

    assert body["count"] == 1
    (item,) = body["results"]
    assert item["referentie"] == result.referentie
    assert item["categorie"] == Categorie.WACHTLIJST
    assert item["status"] == SignaalStatus.GEMELD
    assert item["netwerken"] == [{"id": netwerk.pk, "naam": "Dementienetwerk Haaglanden"}]
    assert item["melder_naam"] == "Melder Geheimnaam"
    assert item["melder_email"] == "melder.geheim@example.nl"
    assert item["doorlooptijd_dagen"] == 3
    assert item["eigenaar"] is None


@pytest.mark.parametrize("role", ["verzekeraar", "coordinator"])
def test_other_roles_never_get_melder_fields(
    api, signaalteam_user, netwerk, coordinator, verzekeraar, role
):
    result = signaal(signaalteam_user, netwerk)
    _as(api, {"verzekeraar": verzekeraar, "coordinator": coordinator}[role])

    (item,) = api.get(SIGNALEN).json()["results"]
    detail = api.get(_detail(result)).json()

    for data in (item, detail):
        assert MELDER_KEYS.isdisjoint(data)
        assert "Geheimnaam" not in str(data)
        assert data["melder_type"] == "client_mantelzorger"


def test_detail_has_the_timeline(api, signaalteam_user, netwerk):
    result = services.signaal_take_up(
        signaal=signaal(signaalteam_user, netwerk), actor=Actor.of(signaalteam_user)
    )
    services.actie_add(
        signaal=result,
        actor=Actor.of(signaalteam_user),
        type=ActieType.AFSPRAAK,
        tekst="Verzekeraar koopt bij.",
        opvolgdatum=timezone.localdate(),
    )

    body = _as(api, signaalteam_user).get(_detail(result)).json()

    assert body["status"] == SignaalStatus.IN_BEHANDELING
    assert body["eigenaar"] == {"id": signaalteam_user.pk, "naam": signaalteam_user.naam}
    assert body["acties"][0]["tekst"] == "Verzekeraar koopt bij."
    assert body["acties"][0]["type"] == "afspraak"
    assert body["acties"][0]["auteur"] == signaalteam_user.naam
    assert body["acties"][-1]["type"] == "status"


def test_coordinator_gets_only_its_network_and_404_for_others(
    api, signaalteam_user, netwerk, other_netwerk, coordinator
):
    signaal(signaalteam_user, netwerk, titel="Hier")
    elders = signaal(signaalteam_user, other_netwerk, titel="Elders")
    _as(api, coordinator)

    assert [item["titel"] for item in api.get(SIGNALEN).json()["results"]] == ["Hier"]
    assert api.get(_detail(elders)).status_code == 404


def test_casemanager_is_refused(api, signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk)
    _as(api, casemanager_of(netwerk))
    assert api.get(SIGNALEN).status_code == 403
    assert api.get(_detail(result)).status_code == 403


def test_anonymous_is_refused(api, signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk)
    assert api.get(SIGNALEN).status_code in (401, 403)
    assert api.get(_detail(result)).status_code in (401, 403)


def test_token_authentication_works(api, signaalteam_user, netwerk):
    signaal(signaalteam_user, netwerk)
    token = Token.objects.create(user=signaalteam_user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(SIGNALEN).json()["count"] == 1


def test_filters(api, signaalteam_user, netwerk, other_netwerk):
    oud = signaal(signaalteam_user, netwerk, titel="Oud", ontvangen_op=dt.date(2025, 1, 10))
    services.signaal_close(
        signaal=oud,
        actor=Actor.of(signaalteam_user),
        status=SignaalStatus.GESLOTEN_ZONDER_OPLOSSING,
        oplossing="Dubbel.",
        op=dt.date(2025, 2, 1),
    )
    services.signaal_take_up(
        signaal=signaal(
            signaalteam_user,
            other_netwerk,
            titel="Lange wachtlijsten",
            categorie=Categorie.WACHTLIJST,
        ),
        actor=Actor.of(signaalteam_user),
    )
    signaal(signaalteam_user, netwerk, titel="Personeel", categorie=Categorie.PERSONEEL)
    _as(api, signaalteam_user)

    def titles(query):
        return sorted(item["titel"] for item in api.get(SIGNALEN + query).json()["results"])

    assert titles("?categorie=personeel") == ["Personeel"]
    assert titles("?status=gesloten_zonder_oplossing") == ["Oud"]
    assert titles("?status=open") == ["Lange wachtlijsten", "Personeel"]
    assert titles(f"?netwerk={other_netwerk.pk}") == ["Lange wachtlijsten"]
    assert titles(f"?eigenaar={signaalteam_user.pk}") == ["Lange wachtlijsten"]
    assert titles("?van=2025-01-01&tot=2025-12-31") == ["Oud"]
    assert titles("?tot=2025-01-31") == ["Oud"]
    assert titles("?q=wachtlijst") == ["Lange wachtlijsten"]


@pytest.mark.parametrize(
    "query",
    [
        "?categorie=kapot",
        "?status=kapot",
        "?netwerk=x",
        "?netwerk=99999999999999999999",
        "?eigenaar=0",
        "?van=gisteren",
        "?van=2026-05-01&tot=2026-01-01",
        "?q=" + "a" * 500,
    ],
)
def test_bad_filters_are_a_400(api, signaalteam_user, query):
    assert _as(api, signaalteam_user).get(SIGNALEN + query).status_code == 400


@pytest.mark.parametrize("q", ["&|!(", "'", '"', "-", "or"])
def test_any_search_text_is_answered(api, signaalteam_user, netwerk, q):
    signaal(signaalteam_user, netwerk)
    assert _as(api, signaalteam_user).get(SIGNALEN, {"q": q}).status_code == 200


def test_list_query_count_does_not_grow(
    api, signaalteam_user, netwerk, other_netwerk, django_assert_max_num_queries
):
    for n in range(30):
        signaal(signaalteam_user, [netwerk, other_netwerk][n % 2], titel=f"S{n}")
    _as(api, signaalteam_user)
    with django_assert_max_num_queries(6):
        assert api.get(SIGNALEN).status_code == 200


def test_detail_query_count_does_not_grow(
    api, signaalteam_user, netwerk, django_assert_max_num_queries
):
    result = services.signaal_take_up(
        signaal=signaal(signaalteam_user, netwerk), actor=Actor.of(signaalteam_user)
    )
    for n in range(20):
        services.actie_add(
            signaal=result, actor=Actor.of(signaalteam_user), type="gesprek", tekst=f"G{n}"
        )
    _as(api, signaalteam_user)
    with django_assert_max_num_queries(6):
        assert api.get(_detail(result)).status_code == 200


def test_openapi_schema_documents_both_operations(api, signaalteam_user):
    response = _as(api, signaalteam_user).get("/api/v1/schema/", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/signalen/" in schema["paths"]
    assert "/api/v1/signalen/{signaal_pk}/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/signalen/"]["get"]["parameters"]}
    assert {"categorie", "status", "netwerk", "eigenaar", "van", "tot", "q"} <= parameters
    component = schema["components"]["schemas"]["Signaal"]
    assert set(component["properties"]) >= MELDER_KEYS
    # left out for other roles, so not required
    assert MELDER_KEYS.isdisjoint(component.get("required", []))
    assert "acties" in schema["components"]["schemas"]["SignaalDetail"]["properties"]
