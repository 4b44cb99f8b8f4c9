"""Every response that shows a client writes an access-log row (DESIGN.md rule 7, NEN 7513;
issue #12): who, which client.

Every client of the world gets a name nobody else has. Then every page of the URL walk and
every GET of the API is requested by every role that may use it (and by a verpleegkundige
of another organisation asked to co-sign an indication), with its parameters pointing at
the objects of each side; also as an HTMX request (a view may answer HX-Request with a
fragment of its own), with the page's own search form filled in, and as a POST of an empty
form (a refused form is shown again, with the client). Wherever the answer contains a
client's name or masked BSN, the same request must have written an access-log row
(outcome toegestaan) for that client by that user.

Generic: the URLs come from the walk, the search forms from each page's HTML; a new page is
covered without editing this file. Each request runs in a savepoint that is rolled back."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import resolve, reverse

from accounts.models import AccessLogEntry, AccessOutcome, Role
from casemanagement.identifiers import mask_bsn
from casemanagement.models import Client
from tests.hostile.pages import forms_in, may_use, url_name_of, urls_accepting
from tests.security.world import COSIGNING, OWN, World, log_in, world_fixture
from tests.test_url_authorization import PUBLIC

ROLES = [
    Role.NETWERKCOORDINATOR,
    Role.CASEMANAGER,
    Role.VERZEKERAAR,
    Role.SIGNAALTEAM,
    Role.BEHEERDER,
]
COSIGNER = "medeondertekenaar van een andere organisatie"
GET_URLS = urls_accepting("GET")
POST_URLS = [url for url in urls_accepting("POST") if not url.name.startswith("api:")]
# What every client's name starts with: typed into a page's search form, it finds them all.
MARK = "Qz"
TEXT_FIELDS = {"text", "search"}


@dataclass(frozen=True)
class Shown:
    client_id: int
    texts: tuple[str, ...]  # what on a page gives the client away


def _name_clients() -> list[Shown]:
    """A name no other text has, for every client: 'Qzvoor00012 Qzachter00012'. The masked
    BSN counts too when no other client's masked BSN is the same."""
    shown = []
    clients = list(Client.objects.order_by("pk"))
    masks = [mask_bsn(client.bsn) for client in clients]
    for client, mask in zip(clients, masks, strict=True):
        voornaam, achternaam = f"{MARK}voor{client.pk:05d}", f"{MARK}achter{client.pk:05d}"
        Client.objects.filter(pk=client.pk).update(voornaam=voornaam, achternaam=achternaam)
        texts = [voornaam, achternaam]
        if masks.count(mask) == 1:
            texts.append(mask)
        shown.append(Shown(client.pk, tuple(texts)))
    return shown


def _with_named_clients(world: World) -> None:
    world.cache["clients"] = _name_clients()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_fixture(
        django_db_blocker, then=_with_named_clients, cosigner_of_other_organisation=True
    )


def _readers(world: World, name: str) -> list[tuple[str, object]]:
    """(who, user): every role that may use the URL, and the co-signer."""
    readers = [
        (role, world.actors[role]) for role in ROLES if name in PUBLIC or may_use(role, name)
    ]
    if name in PUBLIC or may_use(Role.CASEMANAGER, name):
        readers.append((COSIGNER, world.parties[OWN]["casemanager andere organisatie"].user))
    return readers


def _paths(world: World, url) -> list[tuple[str, str]]:
    names = list(resolve(url.path).kwargs)
    if not names:
        return [("", url.path)]
    paths: dict[str, str] = {}
    for side in (OWN, COSIGNING, *(s for s in world.sides if s not in (OWN, COSIGNING))):
        objects = world.sides[side].objects
        path = reverse(url.name, kwargs={name: objects[name] for name in names})
        paths.setdefault(path, side)
    return [(side, path) for path, side in paths.items()]


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):  # a spreadsheet: its sheets are XML in a zip
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                return "\n".join(
                    archive.read(member).decode("utf-8", "replace") for member in archive.namelist()
                )
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8", "replace")


def _look(
    world: World, http, user, how: str, path: str, **request
) -> tuple[list[str], object, str]:
    """Send the request; the clients the answer shows that the request did not log."""
    with transaction.atomic():
        last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if request.pop("method", "GET") == "POST":
            response = http.post(path, **request)
        else:
            response = http.get(path, **request)
        body = _body(response)
        logged = set(
            AccessLogEntry.objects.filter(
                pk__gt=last, user=user, outcome=AccessOutcome.TOEGESTAAN
            ).values_list("client_id", flat=True)
        )
        transaction.set_rollback(True)
    problems = []
    for client in world.cache["clients"]:
        found = [text for text in client.texts if text in body]
        if found and client.client_id not in logged:
            problems.append(
                f"{how} {path} ({response.status_code}) toont cliënt {client.client_id} "
                f"({', '.join(found)}) zonder toegangslogregel voor die cliënt"
            )
    return problems, response, body


def _search_forms(body: str, path: str, name: str) -> list[dict]:
    """The page's own GET forms with a text field, filled with what every client's name
    starts with."""
    queries = []
    for form in forms_in(body):
        if form.method != "get" or url_name_of(form.action or path) != name:
            continue
        data = {
            field.name: MARK if field.kind in TEXT_FIELDS else (field.value or "")
            for field in form.fields.values()
            if field.kind not in ("submit", "button", "checkbox", "radio") and field.name
        }
        if any(value == MARK for value in data.values()):
            queries.append(data)
    return queries


@pytest.mark.django_db
@pytest.mark.parametrize("url", GET_URLS, ids=[url.name for url in GET_URLS])
def test_every_page_that_shows_a_client_logs_the_access(world, no_rate_limits, url):
    problems = []
    for who, user in _readers(world, url.name):
        http = HttpClient()
        log_in(http, world, user)
        for side, path in _paths(world, url):
            where = f"{who} ({user.email}), parameters van '{side}':" if side else f"{who}:"
            found, response, body = _look(world, http, user, f"{where} GET", path)
            problems += found
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            problems += _look(
                world, http, user, f"{where} GET (HTMX)", path, headers={"HX-Request": "true"}
            )[0]
            for query in _search_forms(body, path, url.name):
                problems += _look(world, http, user, f"{where} zoeken", path, data=query)[0]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("url", POST_URLS, ids=[url.name for url in POST_URLS])
def test_a_refused_form_that_shows_a_client_again_logs_the_access(world, no_rate_limits, url):
    problems = []
    for who, user in _readers(world, url.name):
        http = HttpClient()
        log_in(http, world, user)
        for side, path in _paths(world, url):
            where = f"{who} ({user.email}), parameters van '{side}':" if side else f"{who}:"
            # An empty form: refused, and shown again. (A browser always sends the CSRF
            # token; the test client does not check it.)
            problems += _look(
                world,
                http,
                user,
                f"{where} POST van een leeg formulier",
                path,
                method="POST",
                data={"csrfmiddlewaretoken": "x" * 32},
            )[0]
    assert not problems, "\n".join(problems)
