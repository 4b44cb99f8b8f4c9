"""What a user can read, in every membership they have (they can switch role in the
header): once through the project's own visibility querysets, and once, independent of
them, by requesting the pages that show the world's objects over HTTP (200 or not)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import CharField, QuerySet, Value
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from accounts.models import User
from casemanagement.models import Aanmelding, Client, Traject
from inkoop.models import Contract
from netwerk.models import Meerjarenplan, Netwerk, Voortgangsgesprek
from netwerk.permissions import filter_netwerken_with_details
from rapportage.models import Rapport
from signaalteam.models import Signaal
from tests.hostile.pages import allowed_methods, urls_accepting
from tests.security.world import World, describe_membership, fresh, log_in, memberships
from tests.test_authorization_roles import ACCESS
from tests.test_url_authorization import PUBLIC
from wachtlijst.models import NzaKwartaal


def _with_details(user) -> QuerySet:
    return filter_netwerken_with_details(Netwerk.objects.all(), user)


@dataclass(frozen=True)
class Kind:
    model: type
    visible: Callable[[User], QuerySet]
    page: str  # the URL name of the page that shows it: who may read it is ACCESS[page]


# What a user can read, per kind of object, through the project's querysets.
KINDS = {
    "client": Kind(Client, lambda u: Client.objects.visible_to(u), "casemanagement:client_detail"),
    "aanmelding": Kind(
        Aanmelding, lambda u: Aanmelding.objects.visible_to(u), "api:aanmelding-detail"
    ),
    "traject": Kind(
        Traject, lambda u: Traject.objects.visible_to(u), "casemanagement:client_detail"
    ),
    "netwerk (details)": Kind(Netwerk, _with_details, "netwerk:plan_list"),
    "meerjarenplan": Kind(
        Meerjarenplan,
        lambda u: Meerjarenplan.objects.filter(netwerk__in=_with_details(u)),
        "netwerk:plan_detail",
    ),
    "voortgangsgesprek": Kind(
        Voortgangsgesprek,
        lambda u: Voortgangsgesprek.objects.filter(netwerk__in=_with_details(u)),
        "netwerk:gesprek_detail",
    ),
    "contract": Kind(Contract, lambda u: Contract.objects.visible_to(u), "inkoop:contract_detail"),
    "NZa-kwartaal": Kind(
        NzaKwartaal, lambda u: NzaKwartaal.objects.visible_to(u), "wachtlijst:nza_detail"
    ),
    "rapport": Kind(Rapport, lambda u: Rapport.objects.visible_to(u), "rapportage:detail"),
    "signaal": Kind(Signaal, lambda u: Signaal.objects.visible_to(u), "signaalteam:detail"),
}


def existing_ids() -> dict[str, frozenset[int]]:
    """Every object of every kind in the database now."""
    return {
        name: frozenset(kind.model.objects.values_list("pk", flat=True))
        for name, kind in KINDS.items()
    }


TABLE = re.compile(r'(?:FROM|JOIN|INTO|UPDATE) "(\w+)"')

# (user, membership, all their memberships) -> the SQL of the kinds' querysets for them: the
# querysets are built once per user and membership and the SQL run on every check (building
# ten querysets costs more than running them).
_SQL: dict[tuple, tuple[str, tuple]] = {}


def _visibility_sql(user: User, membership, known: list) -> tuple[str, tuple]:
    key = (
        user.pk,
        user.is_superuser,
        membership.pk if membership is not None else None,
        tuple(
            (m.pk, m.rol, m.netwerk_id, m.organisatie_id, m.zorgverzekeraar_id)
            for m in known
            if m is not None
        ),
    )
    if key in _SQL:
        return _SQL[key]
    acting = fresh(user)
    acting._memberships_cache = [m for m in known if m is not None]
    acting._preferred_membership_id = membership.pk if membership is not None else None
    with CaptureQueriesContext(connection) as built:
        parts = [
            kind.visible(acting).order_by().values_list(Value(name, CharField()), "pk")
            for name, kind in KINDS.items()
        ]
        compiled = []
        for part in parts:
            try:
                compiled.append(part.query.sql_with_params())
            except EmptyResultSet:  # the user can read none of this kind
                continue
    sql = (
        " UNION ALL ".join(f"({text})" for text, _params in compiled)
        or "SELECT NULL, NULL WHERE FALSE",
        tuple(param for _text, params in compiled for param in params),
    )
    if not built.captured_queries:  # nothing was looked up while building: the SQL holds
        _SQL[key] = sql
    return sql


def readable_by_querysets(user: User) -> dict[tuple[str, int], list[str]]:
    """(kind, id) -> the memberships in which the user can read it."""
    readable: dict[tuple[str, int], list[str]] = defaultdict(list)
    known = memberships(user)
    for membership in known:
        label = describe_membership(membership)
        sql, params = _visibility_sql(user, membership, known)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for name, pk in cursor.fetchall():
                readable[name, pk].append(label)
    return dict(readable)


# --- Over HTTP ------------------------------------------------------------------------------------


# Pages that show an object and carry a form to change part of it, named otherwise.
READ_PAGES_WITH_A_FORM = {"inkoop:capaciteit"}


def _kwargs(url) -> list[str]:
    return list(resolve(url.path).kwargs)


def probe_urls() -> list:
    """The pages that show one object of the world: URLs with parameters that answer GET,
    are not open to everyone, and are reads: the view refuses POST (detail pages, the API's
    detail endpoints, downloads, exports), or it is an object's detail page with a form of
    its own on it (named *_detail, or in READ_PAGES_WITH_A_FORM). Of the pages that take the
    same parameters and are open to the same roles (a detail page, its PDF, its CSV and its
    API twin) one is enough to see whether a user reaches the object: the web page, else the
    first by name."""
    reads = [
        url
        for url in urls_accepting("GET")
        if _kwargs(url)
        and url.name not in PUBLIC
        and ACCESS.get(url.name) != ACCESS["start"]
        and (
            "POST" not in (allowed_methods(url) or {"POST"})
            or url.name.endswith("_detail")
            or url.name in READ_PAGES_WITH_A_FORM
        )
    ]
    chosen: dict[tuple, object] = {}
    for url in sorted(reads, key=lambda url: (url.name.startswith("api:"), url.name)):
        chosen.setdefault((tuple(sorted(_kwargs(url))), frozenset(ACCESS[url.name])), url)
    return sorted(chosen.values(), key=lambda url: url.name)


@dataclass(frozen=True)
class Probe:
    name: str  # URL name
    side: str
    path: str


@dataclass
class Probes:
    """The world's pages, each for the objects of both sides."""

    items: list[Probe] = field(default_factory=list)

    @classmethod
    def of(cls, world: World) -> Probes:
        probes, paths = cls(), set()
        for url in probe_urls():
            for side, found in world.sides.items():
                objects = found.objects
                path = reverse(url.name, kwargs={name: objects[name] for name in _kwargs(url)})
                if path not in paths:
                    paths.add(path)
                    probes.items.append(Probe(url.name, side, path))
        return probes


def drain(response) -> bytes:
    """The body; a streamed one (a download) is read to the end, which closes its file (the
    test client sends request_finished then, with the connection kept)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def tables_read(queries) -> set[str]:
    tables = set()
    for query in queries:
        tables.update(TABLE.findall(query["sql"]))
    return tables


@dataclass
class HttpReads:
    """What the pages answered a user: probe -> the memberships in which it answered 200,
    and probe -> the tables its view read (in any membership)."""

    readable: dict[Probe, list[str]] = field(default_factory=lambda: defaultdict(list))
    tables: dict[Probe, set[str]] = field(default_factory=lambda: defaultdict(set))


def readable_by_http(world: World, user: User, plan: dict) -> HttpReads:
    """Request the pages as the user: plan maps each membership to probe (None: every
    membership the user has, each with every probe of the plan's None entry). Runs in a
    savepoint that is rolled back: what the pages write (the access log) is not kept."""
    reads = HttpReads()
    http = HttpClient()
    with transaction.atomic():
        for membership in memberships(user):
            probes = plan.get(membership.pk if membership is not None else None, plan.get("*", []))
            if not probes:
                continue
            log_in(http, world, user, membership)
            label = describe_membership(membership)
            for probe in probes:
                with CaptureQueriesContext(connection) as queries:
                    response = http.get(probe.path)
                    drain(response)
                reads.tables[probe] |= tables_read(queries.captured_queries)
                if response.status_code == 200:
                    reads.readable[probe].append(label)
        transaction.set_rollback(True)
    return reads
