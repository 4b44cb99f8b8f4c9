"""The write-path walk's engine: perform a write as an actor, follow what it mailed, and
say who can read what afterwards that they could not read before.

The invariant, for every user of the world (not only the actor: a write can hand access to
someone else) and every membership they have:

    readable(after) ∩ objects that existed before  ⊆  readable(before) ∪ allowed

allowed: the actor gains nothing that existed before; another user may gain an object only
when the actor could read it before (it is the actor's to share) and that user already had,
before the write, a role that may read such objects (ACCESS of the object's page in
tests/test_authorization_roles.py), or had no role at all and now has such a role (an
account that accepted an invitation, as a new account would). A coordinator who moves an
aanmelding to another network hands it to that network's coordinator; a coordinator who
makes an insurer's user a casemanager hands client data to someone whose role never may
see it.

Readable is measured twice: through the project's visibility querysets (tests.security.
readable.KINDS), for every user, and over HTTP, for the actor and every user whose
memberships changed or whose querysets show a gain (the pages of both sides' objects:
tests.security.readable.probe_urls)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.core import mail
from django.db import connection, transaction
from django.test import Client as HttpClient
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from accounts.models import User
from netwerk.models import Membership
from tests.hostile.pages import changed_tables, error_texts, fields_of_forms_to, fingerprint
from tests.security.filling import fields_with_errors, form_data, learn
from tests.security.readable import (
    KINDS,
    HttpReads,
    Probes,
    drain,
    existing_ids,
    readable_by_http,
    readable_by_querysets,
    tables_read,
)
from tests.security.world import World, describe_membership, describe_user, log_in, memberships
from tests.test_authorization_roles import ACCESS

LINK = re.compile(r"https?://[^\s\"'<>]+|(?<![\w/])/[\w\-./?=&%]+")


def _roles_before(world: World, user_pk: int) -> set[str]:
    return {rol for rol, *_ in world.cache["memberships"].get(user_pk, [])}


def membership_signatures(user_pks) -> dict[int, list[tuple]]:
    signatures: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        Membership.objects.filter(user_id__in=user_pks, actief=True)
        .order_by("user_id", "rol", "netwerk_id", "organisatie_id", "zorgverzekeraar_id")
        .values_list("user_id", "rol", "netwerk_id", "organisatie_id", "zorgverzekeraar_id")
    ):
        signatures[row[0]].append(row[1:])
    return dict(signatures)


def remember_world(world: World) -> None:
    """What every test of the module starts from, computed once: the users, their
    memberships, what each can read through the querysets, the objects that exist, and the
    tables the visibility querysets read (a write that touches none of them cannot change
    what they return)."""
    if "users" in world.cache:
        return
    users = list(User.objects.order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        querysets = {user.pk: readable_by_querysets(user) for user in users}
    # "users" last: a failure above leaves nothing half-remembered for the next test
    world.cache.update(
        memberships=membership_signatures([user.pk for user in users]),
        querysets=querysets,
        visibility_tables=tables_read(queries.captured_queries),
        existing=existing_ids(),
        probes=Probes.of(world).items,
        http={},
    )
    world.cache["users"] = users


def http_before(world: World, user: User) -> HttpReads:
    """The pages the user opens in the world as built, and the tables each page read
    (computed once per user; the caller is in the world's state, no write pending)."""
    cached = world.cache["http"]
    if user.pk not in cached:
        cached[user.pk] = readable_by_http(world, user, {"*": world.cache["probes"]})
    return cached[user.pk]


# --- One write ------------------------------------------------------------------------------------


@dataclass
class Attempt:
    """One write: who, where, with what, and why these values (for the failure message)."""

    role: str | None  # None: anonymous
    method: str
    path: str
    data: dict
    why: str = "zoals een zorgvuldige gebruiker het formulier invult"
    as_json: bool = False

    def describe(self, world: World) -> str:
        actor = world.actors.get(self.role) if self.role else None
        who = describe_user(actor) if actor else "anoniem"
        return f"{who}: {self.method} {self.path} ({self.why})\n  verstuurd: {_shown(self.data)}"


def _shown(data: dict) -> str:
    def short(value):
        if hasattr(value, "read"):
            return f"<bestand {getattr(value, 'name', '')}>"
        text = repr(value)
        return text if len(text) < 120 else text[:117] + "..."

    return "{" + ", ".join(f"{name!r}: {short(value)}" for name, value in data.items()) + "}"


@dataclass
class Outcome:
    status: int
    location: str
    wrote: list[str]
    gains: list[str] = field(default_factory=list)
    followed: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)


def send(http: HttpClient, attempt: Attempt):
    if attempt.as_json:
        return http.generic(
            attempt.method,
            attempt.path,
            json.dumps(attempt.data),
            content_type="application/json",
        )
    return http.post(attempt.path, form_data(attempt.data))


def _texts(value) -> list[str]:
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return [str(value)]


def _errors_of(response) -> dict[str, str]:
    """Field name -> what the answer says is wrong with it."""
    content_type = response.get("Content-Type", "")
    if response.streaming:
        drain(response)
        return {}
    if content_type.startswith("application/json"):
        try:
            body = json.loads(response.content or b"{}")
        except ValueError:
            return {}
        if not isinstance(body, dict):
            return {}
        return {name: " ".join(_texts(value)) for name, value in body.items()}
    return fields_with_errors(response.content.decode("utf-8", "replace"))


def try_write(world: World, attempt: Attempt) -> tuple[bool, dict[str, str]]:
    """Send the write in a savepoint that is rolled back: did it write, and which fields
    did the answer name as wrong. (For learning what a form accepts.)"""
    actor = world.actors.get(attempt.role) if attempt.role else None
    with transaction.atomic():
        http = HttpClient()
        log_in(http, world, actor)
        before = fingerprint()
        response = send(http, attempt)
        errors = _errors_of(response)
        wrote = bool(changed_tables(before, fingerprint())) and response.status_code < 400
        transaction.set_rollback(True)
    return wrote, errors


def perform(world: World, attempt: Attempt) -> Outcome:
    """Perform the write (and its follow-ups) in a savepoint, measure what every user can
    read afterwards, roll back, and compare with what they could read before."""
    remember_world(world)
    actor = world.actors.get(attempt.role) if attempt.role else None
    with transaction.atomic():
        http = HttpClient()
        log_in(http, world, actor)
        sent_mail = len(mail.outbox)
        before = fingerprint()
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = send(http, attempt)
        wrote = changed_tables(before, fingerprint())
        outcome = Outcome(response.status_code, response.get("Location", ""), wrote)
        outcome.errors = _errors_of(response)
        if not response.streaming and "html" in response.get("Content-Type", ""):
            outcome.texts = error_texts(response.content.decode("utf-8", "replace"))
        outcome.wrote = sorted(set(wrote) | set(follow_mail(world, sent_mail, outcome)))
        if outcome.wrote:
            after = _after(world, actor, set(outcome.wrote))
        transaction.set_rollback(True)
    if outcome.wrote:
        outcome.gains = _gains(world, actor, after)
    return outcome


# --- Follow-ups: what the write mailed ------------------------------------------------------------


def follow_mail(world: World, sent_before: int, outcome: Outcome) -> list[str]:
    """A write that mails a link to this site (an invitation, a request to co-sign) is only
    done when the recipient follows it: the recipient (a user of the world, by e-mail, else
    anonymous) opens every link and submits the form found there as a careful user does."""
    written: list[str] = []
    users = {user.email.lower(): user for user in world.cache["users"]}
    for message in mail.outbox[sent_before:]:
        text = "\n".join(
            [message.body, *(content for content, _type in getattr(message, "alternatives", []))]
        )
        for recipient in message.to:
            user = users.get(recipient.lower())
            for link in dict.fromkeys(LINK.findall(text)):
                path = urlsplit(link).path
                try:
                    name = resolve(path).view_name
                except Resolver404:
                    continue
                written += _submit_form_at(world, user, link, path, name, outcome)
    return written


def _submit_form_at(world, user, link, path, name, outcome) -> list[str]:
    http = HttpClient()
    log_in(http, world, user)
    before = fingerprint()
    page = http.get(link)
    written = changed_tables(before, fingerprint())
    who = user.email if user else "anoniem"
    if page.status_code != 200 or page.streaming:
        outcome.followed.append(f"{who} opende {path}: {page.status_code}")
        return written
    html = page.content.decode("utf-8", "replace")
    fields = fields_of_forms_to(html, path, name, "post")
    if not fields:
        outcome.followed.append(f"{who} opende {path}: geen formulier")
        return written

    def post(values):
        with transaction.atomic():
            start = fingerprint()
            response = http.post(path, form_data(values))
            wrote = bool(changed_tables(start, fingerprint()))
            transaction.set_rollback(True)
        return wrote, _errors_of(response)

    values, accepted = learn(fields, [], post, hints={})
    start = fingerprint()
    http.post(path, form_data(values))
    written += changed_tables(start, fingerprint())
    answer = "aanvaard" if accepted else "geweigerd"
    outcome.followed.append(f"{who} opende {path} en verstuurde het formulier ({answer})")
    return written


# --- After and before -----------------------------------------------------------------------------


@dataclass
class After:
    memberships: dict[int, list[tuple]]
    querysets: dict[int, dict]
    http: dict[int, dict]


def _queryset_gains(world: World, user_pk: int, readable: dict) -> list[tuple[str, int]]:
    before = world.cache["querysets"].get(user_pk, {})
    existing = world.cache["existing"]
    return [key for key in readable if key[1] in existing[key[0]] and key not in before]


def _after(world: World, actor: User | None, wrote: set[str]) -> After:
    users = world.cache["users"]
    members = membership_signatures([user.pk for user in users])
    if wrote & world.cache["visibility_tables"]:
        checked = users
    else:  # the querysets read none of the written tables: only the actor's own check
        checked = [actor] if actor is not None else []
    querysets = {user.pk: readable_by_querysets(user) for user in checked}
    # Over HTTP: the actor, and whoever has other memberships now (a gain the querysets
    # show for anyone else is reported from the querysets).
    suspects = {actor.pk} if actor is not None else set()
    for user in users:
        if members.get(user.pk, []) != world.cache["memberships"].get(user.pk, []):
            suspects.add(user.pk)
    http = {}
    for user in users:
        if user.pk in suspects:
            http[user.pk] = readable_by_http(world, user, _http_plan(world, user, wrote))
    return After(members, querysets, http)


def _http_plan(world: World, user: User, wrote: set[str]) -> dict:
    """Which pages to request again, in which membership: a page the user could not open
    before, in a membership they did not have before, or whose view read a table the write
    changed (a view's answer depends on nothing else). Every page when the user was never
    measured before."""
    before = world.cache["http"].get(user.pk)
    probes = world.cache["probes"]
    if before is None:
        return {"*": probes}
    closed = [probe for probe in probes if probe not in before.readable]
    had = set(world.cache["memberships"].get(user.pk, []))
    plan = {}
    for membership in memberships(user):
        if membership is None:
            continue
        signature = (
            membership.rol,
            membership.netwerk_id,
            membership.organisatie_id,
            membership.zorgverzekeraar_id,
        )
        if signature in had:
            plan[membership.pk] = [p for p in closed if before.tables.get(p, set()) & wrote]
        else:
            plan[membership.pk] = closed
    plan["*"] = [p for p in closed if before.tables.get(p, set()) & wrote]  # no membership
    return plan


def _describe_object(kind: str, pk: int) -> str:
    obj = KINDS[kind].model.objects.filter(pk=pk).first()
    netwerk = getattr(obj, "netwerk", None) if obj is not None else None
    return f"{kind} {pk}" + (f" (van {netwerk})" if netwerk else "")


def _gains(world: World, actor: User | None, after: After) -> list[str]:
    """What users read after the write that existed before, they could not read before,
    and the rules do not allow."""
    users = {user.pk: user for user in world.cache["users"]}
    for pk in after.http:
        http_before(world, users[pk])  # after the rollback: the world's own state
    actor_reads_q = world.cache["querysets"].get(actor.pk, {}) if actor else {}
    http = world.cache["http"]
    actor_reads_h = http[actor.pk].readable if actor is not None and actor.pk in http else {}

    def roles(user_pk: int) -> set[str]:
        """The roles the user may read with: those they had before the write; for an
        account that had none, the roles it has now (a person who accepted an invitation
        joins as a new account would: the actor chose the person, the person chose to
        join, and an account with another role is refused at acceptance)."""
        before = _roles_before(world, user_pk)
        if before:
            return before
        return {rol for rol, *_ in after.memberships.get(user_pk, [])}

    def allowed(user_pk: int, item, actor_reads, page: str) -> bool:
        if actor is None or user_pk == actor.pk or item not in actor_reads:
            return False
        return bool(roles(user_pk) & set(ACCESS.get(page, ())))

    lines = []
    for user_pk, readable in after.querysets.items():
        for key in _queryset_gains(world, user_pk, readable):
            if allowed(user_pk, key, actor_reads_q, KINDS[key[0]].page):
                continue
            lines.append(
                f"{describe_user(users[user_pk])} leest nu {_describe_object(*key)}, "
                f"als {' / '.join(readable[key])} (visible_to-queryset); ervoor niet"
            )
    for user_pk, reads in after.http.items():
        before = world.cache["http"][user_pk].readable
        for probe, labels in reads.readable.items():
            if probe in before or allowed(user_pk, probe, actor_reads_h, probe.name):
                continue
            lines.append(
                f"{describe_user(users[user_pk])} opent nu {probe.path} ({probe.name}, "
                f"object van de kant '{probe.side}'): 200 als {' / '.join(labels)}; ervoor "
                "geweigerd"
            )
    return lines


__all__ = [
    "Attempt",
    "Outcome",
    "describe_membership",
    "follow_mail",
    "http_before",
    "perform",
    "remember_world",
    "try_write",
]
