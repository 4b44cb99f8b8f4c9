import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.actor import Actor
from accounts.models import Role
from signaalteam import services
from signaalteam.models import ActieType, Categorie, Signaal, SignaalActie, SignaalStatus
from tests.netwerk.factories import casemanager_of, national_user
from tests.signaalteam.factories import signaal

pytestmark = pytest.mark.django_db

MELDER = ("Melder Geheimnaam", "melder.geheim@example.nl", "06 12345678", "Geheime Organisatie")


def _today():
    return timezone.localdate()


def url(name, *args):
    return reverse(f"signaalteam:{name}", args=args)


def _login(client, user):
    client.force_login(user)
    return client


def _content(response) -> str:
    return response.content.decode()


# --- The overview --------------------------------------------------------------------------


def test_signaalteam_sees_every_signal_with_figures(
    client, signaalteam_user, netwerk, other_netwerk
):
    hier = signaal(signaalteam_user, netwerk, titel="Wachtlijst hier")
    daar = signaal(
        signaalteam_user,
        other_netwerk,
        titel="Personeel daar",
        categorie=Categorie.PERSONEEL,
        ontvangen_op=_today() - dt.timedelta(days=10),
    )
    services.signaal_take_up(signaal=daar, actor=Actor.of(signaalteam_user))
    services.signaal_close(
        signaal=daar,
        actor=Actor.of(signaalteam_user),
        status=SignaalStatus.OPGELOST,
        oplossing="Klaar.",
    )

    content = _content(_login(client, signaalteam_user).get(url("list")))

    assert "Wachtlijst hier" in content and "Personeel daar" in content
    assert url("detail", hier.pk) in content
    assert url("create") in content
    assert 'status--goed">Opgelost' in content
    assert 'status--neutraal">Gemeld' in content
    assert "Aantal signalen per categorie en status" in content
    # average doorlooptijd of the closed signal: 10 days
    assert '<span class="figure">10</span>' in content


def test_coordinator_lists_only_its_networks_signals_and_registers_none(
    client, signaalteam_user, coordinator, netwerk, other_netwerk
):
    signaal(signaalteam_user, netwerk, titel="Wachtlijst hier")
    signaal(signaalteam_user, other_netwerk, titel="Wachtlijst daar")

    content = _content(_login(client, coordinator).get(url("list")))

    assert "Wachtlijst hier" in content
    assert "Wachtlijst daar" not in content
    assert url("create") not in content


def test_casemanager_is_refused_every_signal_page(client, signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk)
    _login(client, casemanager_of(netwerk))
    for path in (url("list"), url("export_csv"), url("mijn_signalen")):
        assert client.get(path).status_code == 403
    assert client.get(url("detail", result.pk)).status_code == 404


def test_beheerder_reads_but_does_not_change(beheerder_client, signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk)

    assert beheerder_client.get(url("list")).status_code == 200
    detail = _content(beheerder_client.get(url("detail", result.pk)))
    assert url("update", result.pk) not in detail
    assert url("take_up", result.pk) not in detail
    assert beheerder_client.get(url("update", result.pk)).status_code == 403
    assert beheerder_client.post(url("take_up", result.pk)).status_code == 403


def test_list_filters(client, signaalteam_user, netwerk, other_netwerk):
    oud = signaal(
        signaalteam_user,
        netwerk,
        titel="Oud en gesloten",
        ontvangen_op=_today() - dt.timedelta(days=200),
    )
    services.signaal_take_up(
        signaal=oud, actor=Actor.of(signaalteam_user), op=_today() - dt.timedelta(days=199)
    )
    services.signaal_close(
        signaal=oud,
        actor=Actor.of(signaalteam_user),
        status=SignaalStatus.OPGELOST,
        oplossing="x",
        op=_today() - dt.timedelta(days=150),
    )
    signaal(
        signaalteam_user, other_netwerk, titel="Personeel elders", categorie=Categorie.PERSONEEL
    )
    signaal(signaalteam_user, netwerken=[], regio="Waddeneilanden", titel="Op de eilanden")
    _login(client, signaalteam_user)
    titels = ("Oud en gesloten", "Personeel elders", "Op de eilanden")

    def found(query):
        content = _content(client.get(url("list") + query))
        return {titel for titel in titels if titel in content}

    assert found("?categorie=personeel") == {"Personeel elders"}
    assert found("?status=gesloten") == {"Oud en gesloten"}
    assert found("?status=open") == {"Personeel elders", "Op de eilanden"}
    assert found("?status=opgelost") == {"Oud en gesloten"}
    assert found(f"?netwerk={netwerk.pk}") == {"Oud en gesloten"}
    assert found("?regio=wadden") == {"Op de eilanden"}
    assert found("?regio=twente") == {"Personeel elders"}  # the network's name counts too
    assert found(f"?eigenaar={signaalteam_user.pk}") == {"Oud en gesloten"}
    # a period: signals open on at least one day of it
    van = (_today() - dt.timedelta(days=100)).isoformat()
    assert found(f"?van={van}") == {"Personeel elders", "Op de eilanden"}
    tot = (_today() - dt.timedelta(days=160)).isoformat()
    assert found(f"?tot={tot}") == {"Oud en gesloten"}
    assert found("?q=eilanden") == {"Op de eilanden"}


@pytest.mark.parametrize(
    "query",
    [
        "?categorie=kapot",
        "?status=kapot",
        "?netwerk=zzz",
        "?netwerk=99999999999999999999",
        "?eigenaar=-5",
        "?van=gisteren",
        "?van=2026-02-31",
        "?van=2026-05-01&tot=2026-01-01",
        "?pagina=zzz",
        "?pagina=99999",
        "?q=%00",
        "?q=" + "a" * 500,
        "?q=%26%7C%21%28",
    ],
)
def test_garbage_filters_give_a_message_not_an_error(client, signaalteam_user, netwerk, query):
    signaal(signaalteam_user, netwerk, titel="Blijft zichtbaar")
    response = _login(client, signaalteam_user).get(url("list") + query)
    assert response.status_code == 200
    for export in ("export_csv", "export_xlsx"):
        assert client.get(url(export) + query).status_code == 200


def test_invalid_filter_is_explained_in_dutch(client, signaalteam_user):
    content = _content(_login(client, signaalteam_user).get(url("list") + "?van=gisteren"))
    assert "Een filter is niet toegepast" in content
    assert "Vul een geldige datum in" in content


def test_htmx_request_gets_only_the_results(client, signaalteam_user, netwerk):
    signaal(signaalteam_user, netwerk, titel="In de resultaten")
    response = _login(client, signaalteam_user).get(url("list"), HTTP_HX_REQUEST="true")
    content = _content(response)
    assert 'id="resultaten"' in content
    assert "In de resultaten" in content
    assert "<html" not in content


@pytest.mark.parametrize("query", ["", "?q=wachtlijsten", "?status=open&categorie=wachtlijst"])
def test_list_query_count_does_not_grow_with_rows(
    client, signaalteam_user, netwerk, other_netwerk, query, django_assert_max_num_queries
):
    _login(client, signaalteam_user)

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("list") + query).status_code == 200
        return len(queries)

    signaal(signaalteam_user, netwerk, titel="Wachtlijst")
    one = page_queries()
    for n in range(30):
        result = signaal(signaalteam_user, [netwerk, other_netwerk][n % 2], titel=f"Wachtlijst {n}")
        services.actie_add(
            signaal=result,
            actor=Actor.of(signaalteam_user),
            type=ActieType.GESPREK,
            tekst="Gesprek.",
        )
    assert page_queries() == one
    with django_assert_max_num_queries(16):
        client.get(url("list") + query)


def test_mijn_signalen_query_count_does_not_grow(
    client, signaalteam_user, netwerk, django_assert_max_num_queries
):
    _login(client, signaalteam_user)
    for n in range(20):
        result = services.signaal_take_up(
            signaal=signaal(signaalteam_user, netwerk, titel=f"S{n}"),
            actor=Actor.of(signaalteam_user),
        )
        services.actie_add(
            signaal=result,
            actor=Actor.of(signaalteam_user),
            type=ActieType.AFSPRAAK,
            tekst="Afspraak.",
            opvolgdatum=_today(),
        )
        signaal(signaalteam_user, netwerk, titel=f"Nieuw {n}")
    with django_assert_max_num_queries(12):
        assert client.get(url("mijn_signalen")).status_code == 200


# --- One signal ----------------------------------------------------------------------------


def test_detail_shows_timeline_history_and_melder_to_the_signaalteam(
    client, signaalteam_user, netwerk
):
    result = signaal(signaalteam_user, netwerk)
    services.signaal_take_up(signaal=result, actor=Actor.of(signaalteam_user))
    services.actie_add(
        signaal=result,
        actor=Actor.of(signaalteam_user),
        type=ActieType.GESPREK,
        tekst="Gebeld met de regio.",
    )

    content = _content(_login(client, signaalteam_user).get(url("detail", result.pk)))

    assert result.referentie in content
    assert "Gebeld met de regio." in content
    assert "In behandeling genomen" in content
    assert "Geschiedenis" in content
    for private in MELDER:
        assert private in content
    assert url("close", result.pk) in content
    assert url("actie_create", result.pk) in content


@pytest.mark.parametrize("role", ["verzekeraar", "coordinator", "beheerder"])
def test_detail_never_shows_melder_details_to_other_roles(
    client, signaalteam_user, netwerk, coordinator, verzekeraar, role
):
    result = signaal(signaalteam_user, netwerk)
    services.actie_add(
        signaal=result,
        actor=Actor.of(signaalteam_user),
        type=ActieType.GESPREK,
        tekst="Gesprek gevoerd.",
    )
    user = {"verzekeraar": verzekeraar, "coordinator": coordinator}.get(role)
    if user is None:
        from tests.conftest import verify_second_factor

        user = national_user(Role.BEHEERDER)
        verify_second_factor(client, user)
    else:
        client.force_login(user)

    for path in (url("detail", result.pk), url("list")):
        content = _content(client.get(path))
        assert result.titel in content
        for private in MELDER:
            assert private not in content
    assert "Gesprek gevoerd." in _content(client.get(url("detail", result.pk)))


def test_coordinator_gets_404_for_another_networks_signal(
    client, signaalteam_user, other_netwerk, coordinator
):
    result = signaal(signaalteam_user, other_netwerk)
    _login(client, coordinator)
    assert client.get(url("detail", result.pk)).status_code == 404
    assert client.post(url("actie_create", result.pk), {"tekst": "x"}).status_code == 404


def test_signaalteam_registers_a_signal(client, signaalteam_user, netwerk):
    response = _login(client, signaalteam_user).post(
        url("create"),
        {
            "titel": "Netwerk stopt",
            "omschrijving": "Het netwerk houdt op te bestaan.",
            "categorie": Categorie.NETWERK,
            "netwerken": [netwerk.pk],
            "regio": "",
            "betrokken_partijen": "Gemeente\nVerzekeraar",
            "eigenaar": signaalteam_user.pk,
            "ontvangen_op": _today().isoformat(),
            "melder_type": "gemeente",
            "melder_naam": "",
            "melder_organisatie": "Gemeente Delft",
            "melder_email": "",
            "melder_telefoon": "",
        },
    )
    result = Signaal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", result.pk)
    assert result.eigenaar == signaalteam_user
    assert result.titel == "Netwerk stopt"


def test_registering_with_errors_keeps_the_input(client, signaalteam_user):
    response = _login(client, signaalteam_user).post(
        url("create"),
        {
            "titel": "Zonder netwerk",
            "omschrijving": "x",
            "categorie": "overig",
            "melder_type": "anders",
            "ontvangen_op": "morgen",
        },
    )
    content = _content(response)
    assert response.status_code == 200
    assert "Zonder netwerk" in content
    assert "Vul een geldige datum in" in content
    assert not Signaal.objects.exists()


def test_edit_page_changes_the_signal(client, signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk)
    _login(client, signaalteam_user)
    assert client.get(url("update", result.pk)).status_code == 200
    response = client.post(
        url("update", result.pk),
        {
            "titel": "Bijgewerkt",
            "omschrijving": result.omschrijving,
            "categorie": result.categorie,
            "netwerken": [netwerk.pk],
            "ontvangen_op": result.ontvangen_op.isoformat(),
            "melder_type": result.melder_type,
            "eigenaar": "",
        },
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.titel == "Bijgewerkt"
    assert result.melder_naam == ""  # cleared on the form, cleared in the signal


def test_workflow_through_the_pages(client, signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk)
    _login(client, signaalteam_user)

    assert client.get(url("take_up", result.pk)).status_code == 200
    response = client.post(
        url("take_up", result.pk),
        {"eigenaar": signaalteam_user.pk, "datum": _today().isoformat()},
    )
    assert response.status_code == 302

    refused = client.post(
        url("close", result.pk),
        {"status": "opgelost", "oplossing": "", "datum": _today().isoformat()},
    )
    assert refused.status_code == 200
    assert "Vat de oplossing samen, of waarom het signaal sluit." in _content(refused)

    client.post(
        url("close", result.pk),
        {"status": "opgelost", "oplossing": "Extra ingekocht.", "datum": _today().isoformat()},
    )
    result.refresh_from_db()
    assert result.status == SignaalStatus.OPGELOST

    no_reason = client.post(url("reopen", result.pk), {"reden": ""})
    assert no_reason.status_code == 200
    assert "Geef de reden om het signaal te heropenen." in _content(no_reason)
    client.post(url("reopen", result.pk), {"reden": "Het speelt weer."})
    result.refresh_from_db()
    assert result.status == SignaalStatus.IN_BEHANDELING


def test_step_not_allowed_in_this_status_sends_back_with_a_message(
    client, signaalteam_user, netwerk
):
    result = signaal(signaalteam_user, netwerk)
    _login(client, signaalteam_user)

    response = client.get(url("reopen", result.pk), follow=True)

    assert response.redirect_chain[-1][0] == url("detail", result.pk)
    assert "Alleen een gesloten signaal kan heropend worden." in _content(response)


def test_gemeld_signal_can_only_close_without_a_resolution(client, signaalteam_user, netwerk):
    result = signaal(signaalteam_user, netwerk)
    _login(client, signaalteam_user)
    content = _content(client.get(url("close", result.pk)))
    assert 'value="gesloten_zonder_oplossing"' in content
    assert 'value="opgelost"' not in content


def test_coordinator_adds_an_update_from_the_region(client, signaalteam_user, netwerk, coordinator):
    result = signaal(signaalteam_user, netwerk)
    _login(client, coordinator)

    detail = _content(client.get(url("detail", result.pk)))
    assert "Update uit de regio toevoegen" in detail
    assert url("close", result.pk) not in detail

    response = client.post(
        url("actie_create", result.pk),
        {"type": "update_regio", "datum": _today().isoformat(), "tekst": "Extra fte gevonden."},
    )
    assert response.status_code == 302
    actie = result.acties.get(type=ActieType.UPDATE_REGIO)
    assert actie.auteur == coordinator

    # other kinds are not offered and not accepted
    client.post(
        url("actie_create", result.pk),
        {"type": "escalatie", "datum": _today().isoformat(), "tekst": "Escalatie."},
    )
    assert not result.acties.filter(type=ActieType.ESCALATIE).exists()
    for path in (url("close", result.pk), url("take_up", result.pk), url("update", result.pk)):
        assert client.get(path).status_code == 403


def test_insurer_reads_but_adds_nothing(client, signaalteam_user, netwerk, verzekeraar):
    result = signaal(signaalteam_user, netwerk)
    _login(client, verzekeraar)
    assert client.get(url("detail", result.pk)).status_code == 200
    assert client.get(url("actie_create", result.pk)).status_code == 403


def test_agreement_with_a_due_date_appears_on_the_owners_list_until_followed_up(
    client, signaalteam_user, netwerk
):
    other_member = national_user(Role.SIGNAALTEAM)
    mine = services.signaal_take_up(
        signaal=signaal(signaalteam_user, netwerk, titel="Mijn signaal"),
        actor=Actor.of(signaalteam_user),
    )
    theirs = services.signaal_take_up(
        signaal=signaal(signaalteam_user, netwerk, titel="Andermans signaal"),
        actor=Actor.of(signaalteam_user),
        eigenaar=other_member,
    )

    def afspraak(result, tekst, opvolgdatum):
        return services.actie_add(
            signaal=result,
            actor=Actor.of(signaalteam_user),
            type=ActieType.AFSPRAAK,
            tekst=tekst,
            datum=_today() - dt.timedelta(days=10),
            opvolgdatum=opvolgdatum,
        )

    due = afspraak(mine, "Vandaag nagaan", _today())
    afspraak(mine, "Te laat nagaan", _today() - dt.timedelta(days=2))
    afspraak(mine, "Later nagaan", _today() + dt.timedelta(days=1))
    afspraak(theirs, "Niet van mij", _today())
    _login(client, signaalteam_user)

    content = _content(client.get(url("mijn_signalen")))
    assert "Vandaag nagaan" in content and "Te laat nagaan" in content
    assert "Later nagaan" not in content
    assert "Niet van mij" not in content
    assert "Mijn signaal" in content

    response = client.post(url("actie_opgevolgd", due.pk), {"next": url("mijn_signalen")})
    assert response["Location"] == url("mijn_signalen")
    assert SignaalActie.objects.get(pk=due.pk).opgevolgd
    assert "Vandaag nagaan" not in _content(client.get(url("mijn_signalen")))


@pytest.mark.parametrize("next_url", ["https://evil.example/", "a b"])
def test_follow_up_redirect_stays_on_this_site(client, signaalteam_user, netwerk, next_url):
    result = services.signaal_take_up(
        signaal=signaal(signaalteam_user, netwerk), actor=Actor.of(signaalteam_user)
    )
    actie = services.actie_add(
        signaal=result,
        actor=Actor.of(signaalteam_user),
        type="afspraak",
        tekst="x",
        opvolgdatum=_today(),
    )
    response = _login(client, signaalteam_user).post(
        url("actie_opgevolgd", actie.pk), {"next": next_url}
    )
    assert response["Location"] == url("mijn_signalen")


def test_new_signals_without_owner_are_on_mijn_signalen(client, signaalteam_user, netwerk):
    signaal(signaalteam_user, netwerk, titel="Nog van niemand")
    content = _content(_login(client, signaalteam_user).get(url("mijn_signalen")))
    assert "Nog van niemand" in content


def test_detail_query_count_does_not_grow_with_the_timeline(
    client, signaalteam_user, netwerk, django_assert_max_num_queries
):
    result = services.signaal_take_up(
        signaal=signaal(signaalteam_user, netwerk), actor=Actor.of(signaalteam_user)
    )
    _login(client, signaalteam_user)
    for n in range(25):
        services.actie_add(
            signaal=result,
            actor=Actor.of(signaalteam_user),
            type=ActieType.GESPREK,
            tekst=f"Gesprek {n}",
        )
    with django_assert_max_num_queries(16):
        assert client.get(url("detail", result.pk)).status_code == 200


def test_automatic_signal_is_edited_without_melder_fields(client, signaalteam_user, netwerk):
    result = services.wachtlijst_meting_verwerken(
        netwerk_id=netwerk.pk, peildatum=_today(), boven_drempel=True, redenen=["Drempel."]
    )
    _login(client, signaalteam_user)
    assert 'name="melder_naam"' not in _content(client.get(url("update", result.pk)))

    response = client.post(
        url("update", result.pk),
        {
            "titel": "Wachtlijst Haaglanden",
            "omschrijving": result.omschrijving,
            "categorie": result.categorie,
            "netwerken": [netwerk.pk],
            "ontvangen_op": result.ontvangen_op.isoformat(),
            "eigenaar": signaalteam_user.pk,
        },
    )

    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.titel, result.melder_type) == ("Wachtlijst Haaglanden", "systeem")
    assert result.automatisch_netwerk == netwerk
