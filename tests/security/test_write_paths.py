"""Writes never widen access (issue #12): every POST form and every API write, as every
role, performed with the identifiers of objects the actor cannot see (a client's BSN,
name and birth date, every user's e-mail address, the other side's network, organisation,
insurer, casemanager, indication...). Afterwards no user of the world reads an object that
existed before and that they could not read before, except what the rules allow
(tests/security/writes.py says which, and how "reads" is measured).

Generic: the URLs come from the URL walk (tests.hostile.pages.urls_accepting), the API
writes from the OpenAPI schema, the fields from each page's own HTML (or the schema), the
values from the field's kind and name (tests/security/filling.py), and the target values
from the world (tests/security/world.py). A new page, form or field is walked without
editing this file. Each write runs in a savepoint that is rolled back.

Also tried: the roles that may not use the URL (they must change nothing anyone reads),
and the URL pointed at the other side's object. A write that mails a link (an invitation)
is followed: the recipient opens it and submits the form there."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client as HttpClient
from django.urls import resolve, reverse

from accounts.models import Role, User
from casemanagement.models import Client
from tests.casemanagement.factories import gemeente_in
from tests.hostile.pages import (
    Field,
    fields_of_forms_to,
    may_use,
    url_name_of,
    urls_accepting,
)
from tests.hostile.test_api import OPERATIONS, _body_schema, _resolved
from tests.security import filling
from tests.security.filling import upload_examples
from tests.security.world import OTHER, OWN, World, describe_user, log_in, world_fixture
from tests.security.writes import Attempt, Outcome, follow_mail, perform, remember_world, try_write
from tests.test_url_authorization import PUBLIC

ROLES = [
    Role.NETWERKCOORDINATOR,
    Role.CASEMANAGER,
    Role.VERZEKERAAR,
    Role.SIGNAALTEAM,
    Role.BEHEERDER,
]
PAGE_URLS = [url for url in urls_accepting("POST") if not url.name.startswith("api:")]
API_WRITES = [
    (path, method, operation)
    for path, method, operation in OPERATIONS
    if method in ("POST", "PUT", "PATCH")
]
# Pages whose form is found on another page (a button on a detail page): looked for on at
# most this many pages of the role (20 since the NZa cycle added a page per provider under
# the network: the NZa list with the "nieuw" form was the 16th for wachtlijst:nza_create).
CRAWL_LIMIT = 20
# Fields that name another object by its id: choices, hidden fields, an API's integer ids.
CHOICE_KINDS = {"select", "select-multiple", "radio", "hidden", "id", "checkbox-group"}
# URLs that accept POST but write nothing a careful user can get through from the world as
# built, with why. Every other URL must see at least one write go through.
NOTHING_TO_WRITE: dict[str, str] = {
    "accounts:logout": "ends the session; no table of the project changes",
    "accounts:notificaties": "marks unread notifications read; the world has none",
    "accounts:otp_setup": "needs a code from the user's authenticator app",
    "accounts:otp_verify": "needs a code from the user's authenticator app",
    "accounts:switch_membership": "changes the session only (and the world's users have "
    "one membership each until a write gives them another)",
    "casemanagement:aanmelding_netwerk": "the world's waiting aanmelding is at an organisation "
    "that provides no casemanagement in the other network",
    "favicon": "a redirect to the static icon, whatever the method",
    "casemanagement:client_list": "a search, posted to keep the name or BSN out of URLs and "
    "logs; it writes nothing but access-log rows",
    "casemanagement:import_template_csv": "a download; answers POST with 405",
    "casemanagement:import_template_xlsx": "a download; answers POST with 405",
    "casemanagement:vernietigingsverzoek_create": "every client of the world waits or is in "
    "care, which a request for destruction refuses; recording, confirming (four eyes) and "
    "what stays readable are in tests/casemanagement/test_levensloop.py",
    "casemanagement:vernietigingsverzoek_confirm": "the world's request is for a client who "
    "waits, which destruction refuses (see vernietigingsverzoek_create); destroying only "
    "takes data away",
    "inkoop:contract_offer": "the world's contracts are afgesloten (accepted) already; offering, "
    "accepting and declining, and what each lets the insurer see, are in "
    "tests/inkoop/test_acceptatie.py and test_insurer_visibility.py",
    "inkoop:contract_accept": "the world's contracts are accepted already (see contract_offer)",
    "inkoop:contract_decline": "the world's contracts are accepted already (see contract_offer)",
    "netwerk:plan_create": "the world's network has a plan in progress already",
    "netwerk:plan_submit": "the world's plan lacks required topics",
    "netwerk:plan_withdraw": "the world's plan is not submitted",
    "netwerk:plan_adopt": "the world's plan is not submitted",
    "netwerk:plan_new_version": "the world's plan is not adopted",
    "netwerk:plan_review": "the world's plan is not submitted; agreeing and commenting are in "
    "tests/netwerk/test_plan_beoordeling.py",
    "netwerk:sectie_delete": "the world's plan has only a required topic, which stays",
    "rapportage:teksten": "the world's report is adopted (vastgesteld) already",
    "rapportage:vaststellen": "the world's report is adopted (vastgesteld) already",
    "signaalteam:reopen": "the world's signal is open",
    "wachtlijst:nza_publish": "the world's NZa quarter is published already",
    "wachtlijst:nza_regenerate": "the world's NZa quarter is published already",
    "wachtlijst:nza_delete": "the world's NZa quarter is published already",
}
# What a client is known by, besides the BSN: the Client fields a registration asks.
IDENTITY = ["voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "postcode"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from world_fixture(django_db_blocker)


def _kwarg_names(url) -> list[str]:
    return list(resolve(url.path).kwargs)


def _path(url, world: World, side: str) -> str:
    objects = world.sides[side].objects
    return reverse(url.name, kwargs={name: objects[name] for name in _kwarg_names(url)})


def _allowed_roles(name: str) -> list[str | None]:
    if name in PUBLIC:
        return [None]
    return [role for role in ROLES if may_use(role, name)]


def _refused_roles(name: str) -> list[str]:
    if name in PUBLIC:
        return []
    return [role for role in ROLES if not may_use(role, name)]


# --- The form of a page ---------------------------------------------------------------------------

UNREACHABLE = re.compile(r'<input[^>]*\bname="([^"]+)"[^>]*\btabindex="-1"')
GET_PAGES = [url for url in urls_accepting("GET") if not url.name.startswith("api:")]


def _html(response) -> str:
    if response.status_code != 200 or response.streaming:
        return ""
    if "html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode("utf-8", "replace")


def form_of(world: World, url, user: User | None, side: str, role: str | None) -> dict:
    """The fields of the form that posts to the URL, as the user sees it: on the URL's own
    page, or (a button) on a page of the role about the same object or without
    parameters. A field a keyboard cannot reach (tabindex="-1": a honeypot for robots) is
    left as the page has it."""
    path = _path(url, world, side)
    key = ("form", url.name, user.pk if user else None, side)
    if key in world.cache:
        return world.cache[key]
    http = HttpClient()
    with transaction.atomic():
        log_in(http, world, user)
        html = _html(http.get(path))
        fields = fields_of_forms_to(html, path, url.name, "post")
        own = set(_kwarg_names(url))
        pages = [
            page
            for page in GET_PAGES
            if page.name != url.name
            and (role is None or may_use(role, page.name))
            and (set(_kwarg_names(page)) & own or not _kwarg_names(page))
        ]
        pages.sort(key=lambda page: not (set(_kwarg_names(page)) & own))
        for page in pages[:CRAWL_LIMIT] if not fields else []:
            page_path = _path(page, world, side)
            crawled = ("page", user.pk if user else None, page_path)
            if crawled not in world.cache:  # the same for every URL looked for
                world.cache[crawled] = _html(http.get(page_path))
            html = world.cache[crawled]
            fields = fields_of_forms_to(html, page_path, url.name, "post")
            if fields:
                break
        transaction.set_rollback(True)
    for name in UNREACHABLE.findall(html):
        if name in fields:
            fields[name].disabled = True
    world.cache[key] = fields
    world.cache["html", *key] = html
    return fields


# --- Target identifiers ---------------------------------------------------------------------------


@dataclass
class Target:
    why: str
    values: dict


def _unreadable_clients(world: World, actor: User | None) -> list[Client]:
    readable = world.cache["querysets"].get(actor.pk, {}) if actor else {}
    return [
        client for client in Client.objects.order_by("pk") if ("client", client.pk) not in readable
    ]


def _identity(client: Client, names) -> dict:
    values = {}
    for name in IDENTITY:
        if name in names:
            value = getattr(client, name)
            values[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
    return values


def _representatives(world: World) -> list[User]:
    """One user per kind of account: the same memberships (role and party) once."""
    seen, users = set(), []
    for user in world.cache["users"]:
        signature = tuple(world.cache["memberships"].get(user.pk, []))
        if signature not in seen:
            seen.add(signature)
            users.append(user)
    return users


def _id_parts(world: World) -> dict[str, int]:
    """Part of a field's name -> the other side's object of that kind."""
    parts = {
        key.removesuffix("_pk"): value
        for key, value in world.other.objects.items()
        if key.endswith("_pk")
    }
    parts["zorgverzekeraar"] = world.parties[OTHER]["zorgverzekeraar"].pk
    parts["verzekeraar"] = parts["zorgverzekeraar"]
    return parts


def _as_kind(item: Field, value):
    return (
        [value]
        if item.kind in ("select-multiple",) or (item.kind == "checkbox" and len(item.options) > 1)
        else value
    )


def targets(world: World, actor: User | None, fields: dict, other_fields: dict) -> list[Target]:
    """Every write attempt beyond the careful one: each field that can name something the
    actor cannot see gets each such identifier in turn; then all id fields at once."""
    found: list[Target] = []
    ids_at_once: dict = {}
    names = set(fields)
    parts = _id_parts(world)
    for name, item in fields.items():
        lower = name.lower()
        kind = "checkbox-group" if item.kind == "checkbox" and len(item.options) > 1 else item.kind
        if item.kind in filling.NOT_FILLED or item.disabled or name == "csrfmiddlewaretoken":
            continue
        if item.kind == "file":
            found += _file_targets(world, actor, name)
            continue
        if "bsn" in lower and item.kind not in ("select", "radio", "checkbox"):
            for client in _unreadable_clients(world, actor):
                found.append(
                    Target(
                        f"{name} = het BSN van cliënt {client.pk} ({client.netwerk})",
                        {name: client.bsn},
                    )
                )
                identity = _identity(client, names)
                if identity:
                    found.append(
                        Target(
                            f"{name} = het BSN van cliënt {client.pk} ({client.netwerk}), met "
                            "diens naam en geboortedatum",
                            {name: client.bsn, **identity},
                        )
                    )
            continue
        if item.kind == "email" or "email" in lower:
            for user in _representatives(world):
                found.append(
                    Target(
                        f"{name} = het e-mailadres van {describe_user(user)}", {name: user.email}
                    )
                )
            continue
        for part, pk in parts.items() if kind in CHOICE_KINDS else ():
            if part in lower:
                found.append(
                    Target(
                        f"{name} = {part} {pk} van de andere kant", {name: _as_kind(item, str(pk))}
                    )
                )
                ids_at_once.setdefault(name, _as_kind(item, str(pk)))
        theirs = other_fields.get(name)
        if theirs is not None and item.kind in ("select", "radio", "checkbox", "select-multiple"):
            for option in theirs.options:
                if option and option not in item.options:
                    found.append(
                        Target(
                            f"{name} = {option}, een keuze die alleen de andere kant krijgt",
                            {name: _as_kind(item, option)},
                        )
                    )
                    ids_at_once.setdefault(name, _as_kind(item, option))
    if len(ids_at_once) > 1:
        found.append(Target("alle keuzes tegelijk naar de andere kant", ids_at_once))
    return found


def _file_targets(world: World, actor: User | None, name: str) -> list[Target]:
    """An upload's columns are fields too: a BSN column gets each unseen client's BSN, an
    e-mail column each user's address."""
    found = []
    for rows in _uploads(world):
        header, row = rows
        for index, column in enumerate(header):
            column = column.lower()
            values = []
            if "bsn" in column:
                for client in _unreadable_clients(world, actor):
                    changed = list(row)
                    changed[index] = client.bsn
                    for other, value in _identity(client, header).items():
                        changed[header.index(other)] = value
                    values.append((f"BSN, naam en geboortedatum van cliënt {client.pk}", changed))
            elif "email" in column:
                for user in _representatives(world):
                    changed = list(row)
                    changed[index] = user.email
                    values.append((f"het e-mailadres van {user.email}", changed))
            for why, changed in values:
                found.append(
                    Target(
                        f"{name}: kolom {header[index]} = {why}",
                        {name: ("rows", [header, changed])},
                    )
                )
    return found


def _uploads(world: World, html: str = ""):
    """The files the upload pages read; the one whose columns the page names first."""
    own = world.parties[OWN]["netwerk"]
    examples = upload_examples(own, gemeente_in(own))
    return sorted(examples, key=lambda rows: -sum(column in html for column in rows[0]))


def _hints(world: World) -> dict[str, list[str]]:
    """Values only the world knows: the gemeente of the own network (as code and as id)."""
    gemeente = gemeente_in(world.parties[OWN]["netwerk"])
    return {"gemeente": [gemeente.cbs_code, str(gemeente.pk)]}


# --- Walking one URL ------------------------------------------------------------------------------


def _report(world: World, attempt: Attempt, outcome) -> str:
    lines = [attempt.describe(world), f"  antwoord: {outcome.status} {outcome.location}".rstrip()]
    lines += [f"  vervolg: {text}" for text in outcome.followed]
    lines += [f"  schreef in: {', '.join(outcome.wrote)}"]
    lines += [f"  GEVOLG: {gain}" for gain in outcome.gains]
    return "\n".join(lines)


def _walk(world: World, attempts: list[Attempt]) -> tuple[list[str], list]:
    """Perform the attempts; the failures, and every outcome."""
    failures, outcomes = [], []
    for attempt in attempts:
        outcome = perform(world, attempt)
        outcomes.append(outcome)
        if outcome.gains:
            failures.append(_report(world, attempt, outcome))
    return failures, outcomes


def _page_attempts(world: World, url, role: str | None) -> tuple[list[Attempt], dict, bool]:
    actor = world.actors.get(role) if role else None
    fields = form_of(world, url, actor, OWN, role)
    other_user = world.others.get(role) if role else None
    other_fields = form_of(world, url, other_user, OTHER, role) if other_user else {}
    path = _path(url, world, OWN)

    def post(values):
        return try_write(world, Attempt(role, "POST", path, _with_token(values)))

    page = world.cache.get(("html", "form", url.name, actor.pk if actor else None, OWN), "")
    learned, accepted = filling.learn(fields, _uploads(world, page), post, hints=_hints(world))
    attempts = [Attempt(role, "POST", path, _with_token(learned))]
    for target in targets(world, actor, fields, other_fields):
        attempts.append(
            Attempt(role, "POST", path, _with_token({**learned, **target.values}), target.why)
        )
    if _kwarg_names(url):
        attempts.append(
            Attempt(
                role,
                "POST",
                _path(url, world, OTHER),
                _with_token(learned),
                "het adres wijst naar het object van de andere kant",
            )
        )
    return attempts, learned, accepted


def _with_token(values: dict) -> dict:
    # A browser always sends the form's CSRF token, so a POST is never empty (the test
    # client does not check it; a view reading request.POST or None would see a GET).
    return {"csrfmiddlewaretoken": "x" * 32, **values}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGE_URLS, ids=[url.name for url in PAGE_URLS])
def test_page_write_does_not_widen_what_anyone_reads(world, no_rate_limits, url):
    remember_world(world)
    failures, written, refused = [], False, []
    learned_by_allowed, fields_by_allowed = {}, {}
    for role in _allowed_roles(url.name):
        attempts, learned, _accepted = _page_attempts(world, url, role)
        if not learned_by_allowed:
            learned_by_allowed = learned
            actor = world.actors.get(role) if role else None
            fields_by_allowed = form_of(world, url, actor, OWN, role)
        found, outcomes = _walk(world, attempts)
        failures += found
        written = written or any(outcome.wrote for outcome in outcomes)
        refused.append(_report(world, attempts[0], outcomes[0]))
    # The roles that may not use the URL: the careful values with the targets in them.
    for role in _refused_roles(url.name):
        actor = world.actors[role]
        values = dict(learned_by_allowed)
        for target in targets(world, actor, fields_by_allowed, {})[:1]:
            values.update(target.values)
        attempt = Attempt(
            role, "POST", _path(url, world, OWN), _with_token(values), "rol mag dit niet"
        )
        failures += _walk(world, [attempt])[0]
    assert not failures, "\n\n".join(failures)
    # A walk that never got a write through proves nothing about this URL: the form changed
    # beyond what tests/security/filling.py fills in, or the world lacks what it needs.
    assert written or url.name in NOTHING_TO_WRITE, (
        "Geen enkele poging schreef iets; vul tests/security/filling.py aan of zet de URL in "
        "NOTHING_TO_WRITE met de reden:\n\n" + "\n\n".join(refused)
    )


# --- The API --------------------------------------------------------------------------------------


def _api_fields(operation: dict) -> tuple[dict[str, Field], dict[str, dict]]:
    fields, specs = {}, {}
    for name, spec in _body_schema(operation)["properties"].items():
        spec = _resolved(spec)
        if spec.get("readOnly"):
            continue
        specs[name] = spec
        if "enum" in spec:
            fields[name] = Field(name, "select", None, [str(value) for value in spec["enum"]])
        elif spec.get("format") == "date":
            fields[name] = Field(name, "date")
        elif spec.get("type") == "integer":
            fields[name] = Field(name, "id")
        elif spec.get("type") == "boolean":
            fields[name] = Field(name, "checkbox", None, ["true"])
        else:
            fields[name] = Field(name, "text")
    return fields, specs


def _json(values: dict, specs: dict) -> dict:
    body = {}
    for name, value in values.items():
        if value is None:
            continue
        spec = specs.get(name, {})
        if spec.get("type") == "integer" and isinstance(value, str) and value.isdigit():
            value = int(value)
        elif spec.get("type") == "boolean":
            value = value == "true"
        body[name] = value
    return body


def _api_path(template: str, world: World, side: str) -> str:
    for name, value in world.sides[side].objects.items():
        template = template.replace("{" + name + "}", str(value))
    return template


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "method", "operation"), API_WRITES, ids=[f"{m} {p}" for p, m, _ in API_WRITES]
)
def test_api_write_does_not_widen_what_anyone_reads(world, no_rate_limits, path, method, operation):
    remember_world(world)
    fields, specs = _api_fields(operation)
    own_path = _api_path(path, world, OWN)
    name = url_name_of(own_path)
    failures = []
    for role in ROLES:
        actor = world.actors[role]

        def post(values, role=role):
            return try_write(
                world, Attempt(role, method, own_path, _json(values, specs), as_json=True)
            )

        learned, _accepted = filling.learn(fields, [], post, hints=_hints(world))
        found = targets(world, actor, fields, {})
        if not may_use(role, name):
            found = found[:1]
        attempts = [Attempt(role, method, own_path, _json(learned, specs), as_json=True)]
        attempts += [
            Attempt(
                role, method, own_path, _json({**learned, **t.values}, specs), t.why, as_json=True
            )
            for t in found
        ]
        if "{" in path:
            attempts.append(
                Attempt(
                    role,
                    method,
                    _api_path(path, world, OTHER),
                    _json(learned, specs),
                    "het adres wijst naar het object van de andere kant",
                    as_json=True,
                )
            )
        failures += _walk(world, attempts)[0]
    assert not failures, "\n\n".join(failures)


@pytest.mark.django_db
def test_the_walk_follows_a_mailed_link_as_its_recipient(world, settings):
    """An invitation is only done when the invitee follows it: the walk opens a link that a
    write mailed, as the user the mail went to, and submits the form found there."""
    remember_world(world)
    coordinator = world.actors[Role.NETWERKCOORDINATOR]
    path = reverse("netwerk:settings", args=[world.own.objects["netwerk_pk"]])
    sent = len(mail.outbox)
    mail.send_mail("Uitnodiging", f"Klik: {settings.SITE_URL}{path}", None, [coordinator.email])
    outcome = Outcome(302, "", [])
    written = follow_mail(world, sent, outcome)
    assert outcome.followed == [
        f"{coordinator.email} opende {path} en verstuurde het formulier (aanvaard)"
    ]
    assert "netwerk_netwerk" in written
