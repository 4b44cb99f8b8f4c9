"""Every URL x every role x own / other party: allowed where the access table says so,
refused (403/404) everywhere else. Casemanagers are also tried from another care
organisation in the same network: the network's pages are theirs, its clients are not.
A URL missing from the table fails the test, so every new URL must be classified."""

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.models import Role
from tests.authz import ALL, COORDINATION, DETAILS, NATIONAL, ROLES, build_side, user_for
from tests.test_url_authorization import PUBLIC
from tests.urlwalk import walk

V = Role.VERZEKERAAR
CM = Role.CASEMANAGER
CO = Role.NETWERKCOORDINATOR
CLIENTS = {CM, CO}  # client-level data: nobody else, not even national roles

# url name -> roles allowed on their own party's objects (and on lists). National roles in
# the set are also allowed on other parties' objects; regional roles never are.
ACCESS = {
    "start": ALL,
    "health": ALL,
    "favicon": ALL,
    "accounts:login": ALL,
    "accounts:logout": ALL,
    "accounts:otp_setup": ALL,
    "accounts:otp_verify": ALL,
    "accounts:switch_membership": ALL,
    "accounts:access_log": {Role.BEHEERDER},
    "api:me": ALL,
    "api:schema": ALL,
    "api:docs": ALL,
    "api:netwerk-list": ALL,
    "api:netwerk-detail": ALL,
    "netwerk:list": ALL,
    "netwerk:detail": ALL,
    "netwerk:partner_list": ALL,
    "netwerk:settings": COORDINATION,
    "netwerk:aansluiting_create": COORDINATION,
    "netwerk:partner_create": COORDINATION,
    "netwerk:aansluiting_update": COORDINATION,
    "netwerk:vestiging_create": COORDINATION,
    "netwerk:plan_list": DETAILS,
    "netwerk:plan_create": COORDINATION,
    "netwerk:plan_detail": DETAILS,
    "netwerk:plan_update": COORDINATION,
    "netwerk:sectie_create": COORDINATION,
    "netwerk:sectie_update": COORDINATION,
    "netwerk:sectie_delete": COORDINATION,
    "netwerk:plan_submit": COORDINATION,
    "netwerk:plan_withdraw": COORDINATION,
    "netwerk:plan_adopt": COORDINATION,
    "netwerk:plan_review": {V},
    "netwerk:plannen_ter_beoordeling": {V},
    "netwerk:plan_new_version": COORDINATION,
    "netwerk:doel_create": COORDINATION,
    "netwerk:jaarplan_detail": DETAILS,
    "netwerk:doel_detail": DETAILS,
    "netwerk:doel_update": COORDINATION,
    "netwerk:doel_delete": COORDINATION,
    "netwerk:indicator_create": COORDINATION,
    "netwerk:indicator_update": COORDINATION,
    "netwerk:realisatie_create": COORDINATION,
    "netwerk:actie_update": COORDINATION,
    "netwerk:gesprek_list": DETAILS,
    "netwerk:gesprek_create": COORDINATION | {V},
    "netwerk:gesprek_detail": DETAILS,
    "netwerk:gesprek_update": COORDINATION | {V},
    "netwerk:afspraak_update": COORDINATION | {V},
    "netwerk:bevolking_upload": {Role.BEHEERDER},
    "api:contract-list": DETAILS,
    "api:netwerk-capaciteit": DETAILS,
    "inkoop:contract_list": DETAILS,
    "inkoop:contract_create": {Role.BEHEERDER, V},
    "inkoop:contract_detail": DETAILS,
    "inkoop:contract_update": {Role.BEHEERDER, V},
    "inkoop:contractindicator_create": {Role.BEHEERDER, V},
    "inkoop:contract_offer": {Role.BEHEERDER, V},
    # the network side accepts or declines an insurer's offer, never the insurer itself
    "inkoop:contract_accept": COORDINATION,
    "inkoop:contract_decline": COORDINATION,
    "inkoop:contract_end": COORDINATION | {V},
    "inkoop:capaciteit": DETAILS,
    "inkoop:capaciteit_paneel": DETAILS,
    "casemanagement:mijn_clienten": {CM},
    "casemanagement:client_list": CLIENTS,
    "casemanagement:client_create": CLIENTS,
    "casemanagement:client_export": {CO},
    "casemanagement:client_export_xlsx": {CO},
    "casemanagement:client_detail": CLIENTS,
    "casemanagement:client_update": CLIENTS,
    "casemanagement:mantelzorger_create": CLIENTS,
    "casemanagement:mantelzorger_update": CLIENTS,
    "casemanagement:aanmelding_create": CLIENTS,
    "casemanagement:uitstel_create": CLIENTS,
    "casemanagement:aanmelding_afmelden": CLIENTS,
    "casemanagement:aanmelding_netwerk": {CO},
    "casemanagement:aanmelding_assign": {CO},
    "casemanagement:toewijzing_list": {CO},
    "casemanagement:contact_create": {CM},
    "casemanagement:intensiteit_update": CLIENTS,
    "casemanagement:casemanager_wissel": {CO},
    "casemanagement:traject_transfer": {CO},
    "casemanagement:traject_close": CLIENTS,
    "casemanagement:indicatie_create": {CM},
    "casemanagement:indicatie_cosign": {CM},
    "casemanagement:meting_create": CLIENTS,
    "casemanagement:casemanager_list": {CO},
    "casemanagement:casemanager_create": {CO},
    "casemanagement:casemanager_update": {CO},
    "casemanagement:casemanager_move": {CO},
    "casemanagement:casemanager_uitnodiging_resend": {CO},
    "casemanagement:casemanager_uitnodiging_revoke": {CO},
    # the client data's life cycle (docs/decisions/0017): the coordinator records, a second
    # coordinator or a beheerder decides; reading the log (inzage, access view) needs the
    # second factor, so an unverified coordinator is sent to it (302)
    "casemanagement:vernietigingsverzoek_create": {CO},
    "casemanagement:vernietigingsverzoek_list": COORDINATION,
    "casemanagement:vernietigingsverzoek_detail": COORDINATION,
    "casemanagement:vernietigingsverzoek_confirm": COORDINATION,
    "casemanagement:vernietigingsverzoek_reject": COORDINATION,
    "casemanagement:inzageverslag": COORDINATION,
    "casemanagement:inzageverslag_csv": COORDINATION,
    "casemanagement:inzageverslag_pdf": COORDINATION,
    "casemanagement:toegangslog": COORDINATION,
    "casemanagement:uitnodiging_aannemen": ALL,
    "casemanagement:import": {CO},
    "casemanagement:import_template_csv": {CO},
    "casemanagement:import_template_xlsx": {CO},
    "api:aanmelding-create": CLIENTS,
    "api:aanmelding-detail": CLIENTS,
    # a provider's key only (casemanagement/aanlevering): no person's session opens it
    "api:aanlevering": set(),
    "casemanagement:aanlevering_sleutels": {CO},
    # every network's keys: the beheerder only (decision 0018)
    "casemanagement:aanlevering_sleutels_beheer": {Role.BEHEERDER},
    "casemanagement:aanlevering_sleutel_intrekken_beheer": {Role.BEHEERDER},
    "casemanagement:aanlevering_upload": CLIENTS,
    "accounts:notificaties": ALL,
    "accounts:instellingen": ALL,
    "wachtlijst:wachtlijst": {CO},
    "wachtlijst:wachtlijst_paneel": DETAILS,
    "wachtlijst:meldingen": {CO},
    "wachtlijst:landelijk": DETAILS,
    "wachtlijst:landelijk_csv": DETAILS,
    "wachtlijst:landelijk_xlsx": DETAILS,
    "api:netwerk-wachtlijst": DETAILS,
    "api:wachtlijst-landelijk": DETAILS,
    "wachtlijst:nza_list": DETAILS,
    "wachtlijst:nza_create": {CO},
    "wachtlijst:nza_detail": DETAILS,
    "wachtlijst:nza_regenerate": {CO},
    "wachtlijst:nza_publish": {CO},
    "wachtlijst:nza_correct": {CO},
    "wachtlijst:nza_delete": {CO},
    "wachtlijst:nza_export_csv": DETAILS,
    "wachtlijst:nza_export_xlsx": DETAILS,
    # the NZa quarterly cycle (docs/decisions/0024): a provider's own people confirm, the
    # coordinator on its behalf; the delivery to the NZa is the coordinator's
    "wachtlijst:nza_aanbieder": {CM, CO},
    "wachtlijst:nza_portaal_csv": {CO},
    "wachtlijst:nza_portaal_xlsx": {CO},
    "wachtlijst:nza_portaal_markeren": {CO},
    "wachtlijst:publiek": ALL,
    "wachtlijst:openbaar": ALL,
    "api:nza-kwartaal": DETAILS,
    "signaalteam:list": DETAILS,
    "signaalteam:create": {Role.SIGNAALTEAM},
    "signaalteam:mijn_signalen": {Role.SIGNAALTEAM},
    "signaalteam:export_csv": DETAILS,
    "signaalteam:export_xlsx": DETAILS,
    "signaalteam:detail": DETAILS,
    "signaalteam:update": {Role.SIGNAALTEAM},
    "signaalteam:take_up": {Role.SIGNAALTEAM},
    "signaalteam:close": {Role.SIGNAALTEAM},
    "signaalteam:reopen": {Role.SIGNAALTEAM},
    "signaalteam:actie_create": {Role.SIGNAALTEAM, CO},
    "signaalteam:actie_opgevolgd": {Role.SIGNAALTEAM},
    "signaalteam:meldpunt": ALL,
    "signaalteam:meldpunt_ontvangen": ALL,
    "api:signaal-list": DETAILS,
    "api:signaal-detail": DETAILS,
    "rapportage:rapporten": {CO},
    "rapportage:werkbak": {CO},
    "rapportage:landelijk": {Role.SIGNAALTEAM, Role.BEHEERDER},
    # the national comparison (decision 0026): the national roles and the insurers
    "rapportage:vergelijking": {V, Role.SIGNAALTEAM, Role.BEHEERDER},
    "api:vergelijking": {V, Role.SIGNAALTEAM, Role.BEHEERDER},
    "rapportage:downloads": {CO, V, Role.SIGNAALTEAM, Role.BEHEERDER},
    "rapportage:voortgang": ALL,
    "rapportage:detail": {CO, V, Role.SIGNAALTEAM, Role.BEHEERDER},
    "rapportage:teksten": {CO},
    "rapportage:vaststellen": {CO},
    "rapportage:nieuwe_versie": {CO},
    "rapportage:pdf": {CO, V, Role.SIGNAALTEAM, Role.BEHEERDER},
    "rapportage:signalen_overzicht": DETAILS,
    # the minimale dataset: per traject, so the coordinator and the national monitoring only
    "rapportage:mds_exports": {CO, Role.SIGNAALTEAM, Role.BEHEERDER},
    "rapportage:mds_lijst": {CO, Role.SIGNAALTEAM, Role.BEHEERDER},
    "rapportage:mds_bestand": {CO, Role.SIGNAALTEAM, Role.BEHEERDER},
    "rapportage:mds_aanlevering": {CO, Role.SIGNAALTEAM, Role.BEHEERDER},
    "api:rapport-list": ALL,
    "api:rapport-pdf": {CO, V, Role.SIGNAALTEAM, Role.BEHEERDER},
}

ANDERE_ORGANISATIE = "andere organisatie in hetzelfde netwerk"

# Django's own admin checks is_staff itself; covered by the anonymous walk.
SKIPPED_NAMESPACES = ("admin:",)


def _urls():
    return [
        u
        for u in sorted(set(walk()), key=lambda u: u.name)
        if u.path and not u.name.startswith(SKIPPED_NAMESPACES)
    ]


def _kwarg_names(url) -> list[str]:
    from django.urls import resolve

    return list(resolve(url.path).kwargs)


def test_every_url_is_classified():
    missing = sorted({u.name for u in _urls()} - set(ACCESS))
    assert missing == [], f"Classify these URLs in ACCESS: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", _urls(), ids=lambda u: u.name)
def test_role_access(client, url):
    """Every role, on its own party's objects and on another party's. The world is built once
    per URL; each role's requests run in a savepoint that is rolled back, so what one role
    changes (a deletion, a status) never affects the next."""
    own, own_parties = build_side("eigen")
    other, _ = build_side("ander")
    names = _kwarg_names(url)
    unknown = [name for name in names if name not in own.objects]
    assert not unknown, f"tests/authz.py has no object for URL parameter(s) {unknown}"
    failures = []
    for role in ROLES:
        sides = ["eigen", "ander"] if names else ["eigen"]
        if names and role == CM:
            sides.append(ANDERE_ORGANISATIE)
        for side in sides:
            with transaction.atomic():
                failure = _check(client, url, role, side, own, other, own_parties)
                transaction.set_rollback(True)
            client.logout()
            if failure:
                failures.append(failure)
    assert failures == []


def _check(client, url, role, side, own, other, own_parties) -> str | None:
    user_for(role, own_parties, client, andere_organisatie=side == ANDERE_ORGANISATIE)
    objects = other.objects if side == "ander" else own.objects
    names = _kwarg_names(url)
    path = reverse(url.name, kwargs={name: objects[name] for name in names})
    response = client.get(path)
    if response.status_code == 405:
        response = client.post(path)
    # A public page is open to everyone, whichever party's object it shows.
    if side == "eigen":
        reaches = True
    elif side == ANDERE_ORGANISATIE:
        # Client-level objects belong to one care organisation; network pages to all of them.
        reaches = not ACCESS[url.name] <= CLIENTS
    else:
        reaches = role in NATIONAL
    allowed = url.name in PUBLIC or (role in ACCESS[url.name] and reaches)
    status = response.status_code
    if allowed:
        if status not in (200, 201, 302, 400):
            return f"{role} should reach {path} ({side}), got {status}"
        location = response.get("Location", "")
        if (
            status == 302
            and url.name != "accounts:logout"
            and location.startswith(reverse("accounts:login"))
        ):
            return f"{role} was sent to the login page from {path} ({side})"
    elif status not in (401, 403, 404):  # 401: an API that takes another credential
        return f"{role} should be refused {path} ({side}), got {status}"
    return None
