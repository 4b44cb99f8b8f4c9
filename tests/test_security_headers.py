"""Clickjacking, MIME sniffing, referrer, cross-origin, content-security, caching and CSRF
protection on every page.

Every URL of the URL conf (as the role the authorization test's ACCESS table gives it, in one
world of objects from tests.authz; public pages anonymously) is fetched, also as the HTMX
fragment it may serve: every response carries the security headers the settings promise (a
strict Content-Security-Policy; Cache-Control no-store for a logged-in user), and
every form that posts carries a CSRF token. Every URL that takes a POST refuses one without
the token (403) and changes nothing. The production settings add HSTS and pass Django's
deployment checks."""

from __future__ import annotations

import importlib
import re
import uuid
from html.parser import HTMLParser

import pytest
from django.core.checks import Tags, run_checks
from django.test import Client, override_settings
from django.urls import resolve, reverse
from django.utils import timezone

from accounts.models import Role
from casemanagement.models import Contactmoment
from tests.accounts.factories import PASSWORD
from tests.hostile.pages import (
    ANONYMOUS,
    changed_tables,
    fingerprint,
    roles_for,
    urls_accepting,
)
from tests.hostile.world import log_in, world_fixture


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_fixture(django_db_blocker)


def _role(role: str) -> str | None:
    return None if role == ANONYMOUS else role


def _path(url, world) -> str:
    names = list(resolve(url.path).kwargs)
    return reverse(url.name, kwargs={name: world["side"].objects[name] for name in names})


# The API answers JSON (its docs page is HTML and is included); logging out is a POST.
PAGES = [
    (url, role)
    for url in urls_accepting("GET")
    if not url.name.startswith("api:") or url.name == "api:docs"
    for role in roles_for(url)[:1]
]
POSTS = [
    (url, role)
    for url in urls_accepting("POST")
    if not url.name.startswith("api:")
    for role in roles_for(url)[:1]
]
# the providers' delivery takes its key only (decision 0022): a browser session is no
# credential there at all, so CSRF never comes into it (test below)
KEY_ONLY = {"api:aanlevering"}
API_POSTS = [
    url
    for url in urls_accepting("POST")
    if url.name.startswith("api:") and url.name not in KEY_ONLY
]

EXPECTED_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class _Forms(HTMLParser):
    """Per form: its method and whether a CSRF token is in it; and whether any element posts
    with HTMX (which sends the token from the body's hx-headers)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.hx_posts = False
        self.hx_csrf_header = False
        self._form: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self._form = {
                "method": attributes.get("method", "get").lower(),
                "action": attributes.get("action", ""),
                "csrf": False,
                "hx": any(name in attributes for name in ("hx-post", "hx-put", "hx-delete")),
            }
            self.forms.append(self._form)
        elif (
            tag == "input"
            and attributes.get("name") == "csrfmiddlewaretoken"
            and self._form is not None
            and attributes.get("value")
        ):
            self._form["csrf"] = True
        if any(name in attributes for name in ("hx-post", "hx-put", "hx-delete")):
            self.hx_posts = True
        if "X-CSRFToken" in attributes.get("hx-headers", ""):
            self.hx_csrf_header = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


# Directives every Content-Security-Policy must hold (the admin's may allow inline styles).
CSP_REQUIRED = (
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def _header_problems(response, logged_in: bool) -> list[str]:
    problems = [
        f"{name}: {response.headers.get(name)!r}, expected {value!r}"
        for name, value in EXPECTED_HEADERS.items()
        if response.headers.get(name) != value
    ]
    policy = response.headers.get("Content-Security-Policy", "")
    missing = [directive for directive in CSP_REQUIRED if directive not in policy.split("; ")]
    if missing:
        problems.append(f"Content-Security-Policy {policy!r} lacks {missing}")
    if "unsafe-" in policy:
        problems.append(f"Content-Security-Policy allows unsafe sources: {policy!r}")
    # What a logged-in user is shown stays out of browser and proxy caches.
    cache_control = response.headers.get("Cache-Control", "")
    if logged_in and "no-store" not in cache_control:
        problems.append(f"Cache-Control {cache_control!r} for a logged-in user, no no-store")
    return problems


def _form_problems(html: str, full_page: bool) -> list[str]:
    page = _Forms(html)
    problems = [
        f"<form method=post action={form['action']!r}> without a csrfmiddlewaretoken"
        for form in page.forms
        if form["method"] == "post" and not form["csrf"] and not form["hx"]
    ]
    # HTMX requests take the token from the body's hx-headers, which only a full page has.
    if full_page and page.hx_posts and not page.hx_csrf_header:
        problems.append("posts with HTMX, but the page sends no X-CSRFToken header")
    return problems


def _is_html(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "role"), PAGES, ids=[f"{url.name}-{role}" for url, role in PAGES])
def test_every_page_is_protected_against_framing_sniffing_and_csrf(client, world, url, role):
    log_in(client, world, _role(role))
    path = _path(url, world)
    problems = []
    for htmx in (False, True):
        response = client.get(path, headers={"HX-Request": "true"} if htmx else {})
        problems += [
            f"{path} (HTMX {htmx}): {problem}"
            for problem in _header_problems(response, logged_in=role != ANONYMOUS)
        ]
        if _is_html(response):
            html = response.content.decode()
            problems += [
                f"{path} (HTMX {htmx}): {problem}"
                for problem in _form_problems(html, full_page="<body" in html)
            ]
    assert not problems, "\n".join(problems)


def test_every_page_kind_is_checked():
    """The crawl reaches the pages people use, not just a few."""
    names = {url.name for url, _role in PAGES}
    assert {
        "accounts:login",
        "signaalteam:meldpunt",
        "casemanagement:client_detail",
        "wachtlijst:wachtlijst",
        "netwerk:plan_detail",
        "rapportage:detail",
    } <= names


# --- A POST without the CSRF token is refused -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "role"), POSTS, ids=[f"{url.name}-{role}" for url, role in POSTS])
def test_post_without_csrf_token_is_refused_and_changes_nothing(world, url, role):
    client = Client(enforce_csrf_checks=True)
    log_in(client, world, _role(role))
    path = _path(url, world)
    client.get(path)  # the CSRF cookie, as a browser has it; only the token is missing
    before = fingerprint()
    response = client.post(path, {"naam": "Zonder token", "next": "/"})
    assert response.status_code == 403, f"POST {path} without a CSRF token: {response.status_code}"
    assert "CSRF" in response.content.decode()  # Django's page, in Dutch: CSRF-verificatie mislukt
    assert not changed_tables(before, fingerprint())


@pytest.mark.django_db
@pytest.mark.parametrize("url", API_POSTS, ids=[url.name for url in API_POSTS])
def test_api_post_with_a_session_and_without_csrf_token_is_refused(world, url):
    """A token-authenticated referrer's system needs no CSRF token; a browser session does."""
    client = Client(enforce_csrf_checks=True)
    log_in(client, world, Role.NETWERKCOORDINATOR)
    before = fingerprint()
    response = client.post(url.path, {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not changed_tables(before, fingerprint())


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(KEY_ONLY))
def test_a_key_only_api_refuses_a_browser_session_whatever_its_token(world, name):
    client = Client(enforce_csrf_checks=True)
    log_in(client, world, Role.NETWERKCOORDINATOR)
    before = fingerprint()
    response = client.post(reverse(name), {}, content_type="application/json")
    assert response.status_code == 401
    assert not changed_tables(before, fingerprint())


@pytest.mark.django_db
def test_login_with_the_token_is_accepted_and_without_it_refused(world):
    client = Client(enforce_csrf_checks=True)
    form = client.get(reverse("accounts:login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    credentials = {"username": world["users"][Role.CASEMANAGER].email, "password": PASSWORD}

    refused = client.post(reverse("accounts:login"), credentials)
    assert refused.status_code == 403
    assert "_auth_user_id" not in client.session

    accepted = client.post(reverse("accounts:login"), {**credentials, "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_htmx_contact_with_the_token_in_its_header_is_accepted_and_without_refused(world):
    """The quick contact form posts with HTMX, which sends the token as X-CSRFToken (the
    body's hx-headers), not in the form."""
    client = Client(enforce_csrf_checks=True)
    log_in(client, world, Role.CASEMANAGER)
    page = client.get(reverse("casemanagement:mijn_clienten")).content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page)[1]
    url = reverse("casemanagement:contact_create", args=[world["side"].objects["traject_pk"]])
    data = {
        "idempotentie_sleutel": str(uuid.uuid4()),
        "datum": timezone.localdate().isoformat(),
        "type": "telefonisch",
        "minuten": "15",
    }
    before = Contactmoment.objects.count()

    refused = client.post(url, data, headers={"HX-Request": "true"})
    assert refused.status_code == 403
    assert Contactmoment.objects.count() == before

    accepted = client.post(url, data, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert accepted.status_code == 200
    assert Contactmoment.objects.count() == before + 1


# --- Production ---------------------------------------------------------------------------

SECURITY_SETTINGS = re.compile(
    r"^(DEBUG|SECURE_\w+|SESSION_COOKIE_\w+|CSRF_COOKIE_\w+|X_FRAME_OPTIONS)$"
)


def _production_security() -> dict:
    production = importlib.import_module("config.settings.production")
    return {
        name: getattr(production, name) for name in dir(production) if SECURITY_SETTINGS.match(name)
    }


def test_production_settings_pass_the_deployment_security_checks():
    strong_key = "k" * 10 + "".join(chr(ord("a") + (i * 7) % 26) for i in range(60))
    with override_settings(**_production_security(), SECRET_KEY=strong_key):
        problems = run_checks(include_deployment_checks=True, tags=[Tags.security])
    assert not problems, [f"{problem.id}: {problem.msg}" for problem in problems]


@pytest.mark.django_db
def test_production_sends_hsts_and_redirects_plain_http(client):
    with override_settings(**_production_security()):
        plain = client.get(reverse("accounts:login"))
        secure = client.get(reverse("accounts:login"), secure=True)
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    assert secure.status_code == 200
    hsts = secure.headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    assert secure.headers["X-Frame-Options"] == "DENY"
    assert secure.cookies["csrftoken"]["secure"]
