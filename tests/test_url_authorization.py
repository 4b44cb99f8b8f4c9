"""Deny by default: every URL of the project refuses an anonymous visitor, except the
public pages listed here. New URLs are covered automatically."""

import pytest
from django.urls import reverse

from tests.urlwalk import walk

# Pages that anyone may open without logging in, by URL name. Keep this list short.
PUBLIC = {
    "accounts:login",
    "health",
    "wachtlijst:publiek",
    "wachtlijst:openbaar",
    "favicon",
    "signaalteam:meldpunt",
    "signaalteam:meldpunt_ontvangen",
    # the token in the link is the credential (docs/decisions/0010)
    "casemanagement:uitnodiging_aannemen",
}


def _all_urls():
    return sorted(set(walk()), key=lambda u: u.name)


@pytest.mark.django_db
def test_every_url_pattern_can_be_walked():
    unwalkable = [u for u in _all_urls() if u.path is None]
    assert unwalkable == [], "Add sample values in tests/urlwalk.py for these patterns"


@pytest.mark.django_db
@pytest.mark.parametrize("url", [u for u in _all_urls() if u.path], ids=lambda u: u.name)
def test_anonymous_visitor_is_sent_to_login_or_refused(client, url):
    response = client.get(url.path, follow=True)
    if response.status_code == 405:
        response = client.post(url.path, follow=True)
    if url.name in PUBLIC:
        assert response.status_code < 500
        return
    login_path = reverse("accounts:login")
    sent_to_login = response.status_code == 200 and response.request["PATH_INFO"] == login_path
    assert sent_to_login or response.status_code in (401, 403), (
        f"{url.path} answered {response.status_code} to an anonymous visitor"
    )


def test_public_list_names_existing_urls():
    names = {u.name for u in _all_urls()}
    assert names >= PUBLIC
