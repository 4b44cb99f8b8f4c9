"""Hostile input on every page of the project, as a user allowed to use it.

POST: every URL that accepts POST gets Hypothesis-generated data for the fields its form
renders (read from the page's HTML), plus fields the form does not have: BSNs with and
without a valid elfproef, dates in many formats (impossible, far future and past, empty),
numbers (huge, negative, decimal comma, NaN, 1e9), unicode (emoji, right-to-left, NUL
bytes, combining marks), text of 10,000+ characters, several values for one field,
files of junk, and fields left out. The server never answers 5xx; a refused form is shown
again with a clear Dutch message and what the user typed; a refused request changes no
data; no redirect leaves the site and no input comes back unescaped.

GET: every page gets junk in the query parameters it reads (filters, pagination,
peildatum, jaar, periode, zoek/q): never a 5xx, and no data changes.

Every URL is used by a role that may use it (the ACCESS table of the authorization test),
in one world of objects built once per module (tests.authz). Each example runs in a
savepoint that is rolled back, so examples never see each other. The API has its own
tests in test_api.py.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.contrib.messages import constants
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import example, given, settings
from hypothesis import strategies as st

from casemanagement.importeren.kolommen import KOLOM_NAMEN
from casemanagement.importeren.sjabloon import sjabloon_rij
from tests.hostile import strategies as hs
from tests.hostile.pages import (
    ANONYMOUS,
    NOT_A_CLEAR_MESSAGE,
    Field,
    allowed_methods,
    changed_tables,
    error_texts,
    fields_of_forms_to,
    fingerprint,
    forms_in,
    may_use,
    roles_for,
    shown,
    typed,
    url_name_of,
    urls_accepting,
)
from tests.hostile.world import HOSTILE, keep_session, log_in

# Fields no form renders but a view reads from the request (request.POST.get), fields of
# forms that are only on another page, and names a crafted request might try.
EXTRA_FIELDS = [
    "next",
    "membership",
    "op",
    "peildatum",
    "periode",
    "tekst_resultaten",
    "tekst_knelpunten",
    "id",
    "pk",
    "user",
    "netwerk",
    "organisatie",
    "status",
    "rol",
    "is_superuser",
    "bsn",
    "_method",
]
# The query parameters the views and their filter forms read.
QUERY_PARAMETERS = [
    "pagina",
    "page",
    "zoek",
    "q",
    "peildatum",
    "jaar",
    "periode",
    "van",
    "tot",
    "netwerk",
    "organisatie",
    "gemeente",
    "status",
    "categorie",
    "sorteer",
    "sortering",
    "signalen",
    "eigenaar",
    "regio",
    "gebruiker",
    "client",
    "actie",
    "uitkomst",
    "type",
    "next",
    "format",
    "lang",
]
# Parameters that views read from request.GET without a form on their page.
PAGE_PARAMETERS = {
    "accounts:login": ["next"],
    "accounts:otp_setup": ["next"],
    "accounts:otp_verify": ["next"],
    "casemanagement:meting_create": ["type"],
    "rapportage:signalen_overzicht": ["van", "tot"],
}
TEXT_KINDS = {"text", "email", "tel", "search", "url", "number", "date", "textarea"}
NOT_FILLED = {"submit", "button", "reset", "image"}
CRAWL_LIMIT = 15
FILE_NAMES = ["bestand.csv", "clienten.xlsx", "x", "../../etc/passwd", "😀.csv", "a" * 300]
BEVOLKING_HEADER = ["cbs_code", "jaar", "inwoners_65_plus", "inwoners_65_79", "inwoners_80_plus"]


# Searches posted so that what was typed (a BSN) stays out of URLs and server logs: they
# answer 200 without saving anything, and must never change anything.
SEARCH_POSTS = {"casemanagement:client_list"}
POST_CASES = [
    (url, role)
    for url in urls_accepting("POST")
    if not url.name.startswith("api:")
    for role in roles_for(url)
]
GET_URLS = [url for url in urls_accepting("GET") if not url.name.startswith("api:")]
GET_CASES = [(url, role) for url in GET_URLS for role in roles_for(url)]


def _role(role: str) -> str | None:
    return None if role == ANONYMOUS else role


def _path(url, side) -> str:
    names = list(resolve(url.path).kwargs)
    return reverse(url.name, kwargs={name: side.objects[name] for name in names})


def _text(response) -> str:
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return ""
    return response.content.decode("utf-8", "replace")


def _csrf_token(client) -> str:
    cookie = client.cookies.get("csrftoken")
    return cookie.value if cookie is not None else "x" * 32


# --- Finding the form of a URL -------------------------------------------------------------


def _kwarg_names(url) -> set[str]:
    return set(resolve(url.path).kwargs)


# Pages already fetched while looking for a POST-only URL's form, per role: the world is the
# same for every test of the module.
_CRAWLED: dict[tuple[str, str], str] = {}


def _page(client, role: str, path: str) -> str:
    if (role, path) not in _CRAWLED:
        response = client.get(path)
        _CRAWLED[role, path] = _text(response) if response.status_code == 200 else ""
    return _CRAWLED[role, path]


def _form_fields(client, url, path: str, role: str, side) -> dict[str, Field]:
    """The fields of the form that posts to this URL: on its own page, or (for a POST-only
    URL) on a page of the role about the same object, or on one of its pages without
    parameters (lists, start pages)."""
    response = client.get(path)
    if response.status_code == 200:
        fields = fields_of_forms_to(_text(response), path, url.name, "post")
        if fields:
            return fields
    own = _kwarg_names(url)
    candidates = [
        candidate
        for candidate in GET_URLS
        if not candidate.name.startswith("api:")
        and may_use(role, candidate.name)
        and (_kwarg_names(candidate) & own or not _kwarg_names(candidate))
    ]
    candidates.sort(key=lambda candidate: not (_kwarg_names(candidate) & own))
    for candidate in candidates[:CRAWL_LIMIT]:
        candidate_path = _path(candidate, side)
        fields = fields_of_forms_to(
            _page(client, role, candidate_path), candidate_path, url.name, "post"
        )
        if fields:
            return fields
    return {}


# --- Data a user could send ----------------------------------------------------------------

CHOICES = ["keep", "plausible"] * 3 + ["hostile_kind", "hostile", "missing", "several"]


def _valid(draw, item: Field) -> str | list[str] | None:
    """What a careful user sends in this field: what the page filled in, or a good value."""
    options = [option for option in item.options if option]
    if item.kind in ("checkbox", "radio", "select-multiple"):
        if item.kind == "radio" or (len(item.options) == 1 and item.kind == "checkbox"):
            return draw(st.sampled_from([item.value, *options])) if options else item.value
        return draw(st.lists(st.sampled_from(options), unique=True)) if options else []
    if item.kind == "select":
        return draw(st.sampled_from([item.value or "", *options]))
    keep = item.value
    if keep and draw(st.booleans()):
        return keep
    return draw(hs.plausible(item.name, item.kind))


def _hostile(draw, item: Field, how: str):
    if how == "missing":
        return None
    if how == "several":
        return draw(st.lists(hs.hostile_for(item.name, item.kind), min_size=2, max_size=3))
    if how == "hostile_kind":
        return draw(hs.hostile_for(item.name, item.kind))
    return draw(hs.hostile())


@st.composite
def _file(draw, headers, examples):
    content = draw(hs.files(headers, examples))
    return SimpleUploadedFile(draw(st.sampled_from(FILE_NAMES)), content, "text/csv")


@st.composite
def post_data(draw, fields: dict[str, Field], csrf_token: str, headers, examples):
    """Form data: every field kept, filled well, or made hostile (one field, or any)."""
    data: dict = {}
    fillable = [
        item
        for item in fields.values()
        if item.kind not in NOT_FILLED and item.name != "csrfmiddlewaretoken"
    ]
    one = draw(st.booleans()) and fillable
    target = draw(st.sampled_from(fillable)).name if one else None
    for item in fillable:
        if item.kind == "file":
            how = draw(st.sampled_from(["keep", "missing"]))
            if how == "keep":
                data[item.name] = draw(_file(headers, examples))
            continue
        if one:
            how = draw(st.sampled_from(CHOICES[6:])) if item.name == target else "keep"
        else:
            how = draw(st.sampled_from(CHOICES))
        value = _valid(draw, item) if how in ("keep", "plausible") else _hostile(draw, item, how)
        if value is not None:
            data[item.name] = value
    for item in fields.values():
        if item.kind in NOT_FILLED and item.name and item.value is not None:
            data[item.name] = item.value
    # A browser always sends the form's CSRF token, so a POST is never empty. (The test
    # client does not check it; without it, a view reading ``request.POST or None`` would
    # take the request for a GET.)
    data["csrfmiddlewaretoken"] = csrf_token
    extras = draw(
        st.lists(
            st.tuples(
                st.one_of(st.sampled_from(EXTRA_FIELDS), st.text(min_size=1, max_size=20)),
                st.booleans(),
            ),
            max_size=3,
        )
    )
    for name, of_kind in extras:
        data.setdefault(name, draw(hs.hostile_for(name, "text") if of_kind else hs.hostile()))
    return data


def _file_examples(parties) -> tuple[list[list[str]], list[list[str]]]:
    """Headers and good rows of the files the upload pages read."""
    row = sjabloon_rij(parties["netwerk"], dt.date(2026, 10, 1))
    good = [str(value) if value is not None else "" for value in row.values()]
    return [KOLOM_NAMEN, BEVOLKING_HEADER], [good, ["GM0518", "2026", "12000", "", ""]]


# --- Checks --------------------------------------------------------------------------------


def _messages(response) -> Counter:
    storage = getattr(response.wsgi_request, "_messages", None)
    return Counter(message.level for message in storage) if storage is not None else Counter()


def _single(value) -> str | None:
    return value if isinstance(value, str) else None


def _check_post(response, fields, data, before, after, path) -> None:
    status = response.status_code
    assert status < 500, f"POST {path} answered {status}"
    page = _text(response)
    assert hs.XSS_MARKER not in page, f"POST {path} put input unescaped in the page"
    changed = changed_tables(before, after)
    if 300 <= status < 400:
        location = response["Location"]
        assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), (
            f"POST {path} redirected off the site, to {location!r}"
        )
        levels = _messages(response)
        if levels[constants.ERROR] and not levels[constants.SUCCESS]:
            assert not changed, f"POST {path} was refused, yet changed {changed}"
        return
    if status >= 400:
        assert not changed, f"POST {path} answered {status}, yet changed {changed}"
        return
    if not page:
        return
    errors = error_texts(page)
    if url_name_of(path) in SEARCH_POSTS:
        assert not changed, f"POST {path} is a search, yet changed {changed}"
    if not errors:
        assert changed or url_name_of(path) in SEARCH_POSTS, (
            f"POST {path} answered 200, saved nothing and showed no error"
        )
        return
    assert not changed, f"POST {path} showed an error, yet changed {changed}"
    sent_texts = typed(data)
    for text in errors:
        text = html.unescape(text)
        for value in sent_texts:  # a message may quote the input; that part is not ours
            text = text.replace(value, "")
        assert not NOT_A_CLEAR_MESSAGE.search(text), f"POST {path}: unclear message {text!r}"
    for name, item in fields.items():
        value = _single(data.get(name))
        if item.kind in TEXT_KINDS and not item.disabled and value and "\r" not in value:
            assert html.escape(value) in page, (
                f"POST {path} was refused and lost what was typed in {name!r}"
            )


def _examples(arguments: list[dict]):
    """Hypothesis @example for each of these argument sets."""

    def decorate(test):
        for kwargs in arguments:
            test = example(**kwargs)(test)
        return test

    return decorate


# --- The tests -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "role"), POST_CASES, ids=[f"{url.name}-{role}" for url, role in POST_CASES]
)
def test_hostile_post_is_refused_clearly_and_changes_nothing(
    client, world, no_rate_limits, url, role
):
    side, parties = world["side"], world["parties"]
    log_in(client, world, _role(role))
    restore_session = keep_session(client)
    path = _path(url, side)
    if allowed_methods(url) is None:
        with transaction.atomic():
            refused = client.post(path).status_code == 405
            transaction.set_rollback(True)
        if refused:
            pytest.skip(f"{url.name} states no methods and refuses POST")
    fields = _form_fields(client, url, path, role, side)
    headers, examples = _file_examples(parties)

    fillable = [name for name in fields if name != "csrfmiddlewaretoken"]
    token = _csrf_token(client)

    def post(data, multipart, htmx):
        restore_session()
        with transaction.atomic():
            before = fingerprint()
            extra = {"headers": {"HX-Request": "true"}} if htmx else {}
            has_file = any(isinstance(value, SimpleUploadedFile) for value in data.values())
            for value in data.values():
                if isinstance(value, SimpleUploadedFile):
                    value.seek(0)
            if multipart or has_file:
                response = client.post(path, data, **extra)
            else:
                response = client.post(
                    path,
                    urlencode(data, doseq=True),
                    content_type="application/x-www-form-urlencoded",
                    **extra,
                )
            after = fingerprint()
            try:
                _check_post(response, fields, data, before, after, path)
            except AssertionError as error:
                raise AssertionError(f"{error}\nsent: {shown(data)}") from None
            transaction.set_rollback(True)

    # Without fields only the extra fields vary: a few examples say enough.
    run = settings(HOSTILE, max_examples=HOSTILE.max_examples if fillable else 1)(
        given(
            data=post_data(fields, token, headers, examples),
            multipart=st.booleans(),
            htmx=st.booleans(),
        )(post)
    )
    for round_ in range(hs.NASTY_ROUNDS if fillable else 0):
        run = example(
            data=_nasty_data(fields, token, headers, round_), multipart=False, htmx=False
        )(run)
    run()


def _nasty_data(fields: dict[str, Field], token: str, headers, round_: int) -> dict:
    """Every field at once gets the round's nasty value of its kind."""
    data: dict = {"csrfmiddlewaretoken": token}
    for name, item in fields.items():
        if item.kind in NOT_FILLED or name == "csrfmiddlewaretoken":
            continue
        if item.kind == "file":
            data[name] = SimpleUploadedFile(
                "bestand.csv", hs.nasty_file(headers, round_), "text/csv"
            )
        else:
            data[name] = hs.nasty(name, item.kind, round_)
    return data


@st.composite
def query_data(draw, own: list[str]):
    """Junk in the parameters the page reads (most of them at once), and in a few others."""
    data = draw(hs.query_values(own))
    others = [name for name in QUERY_PARAMETERS if name not in own]
    for name in draw(st.lists(st.sampled_from(others), unique=True, max_size=2)):
        data[name] = draw(st.one_of(hs.hostile_for(name, "text"), hs.hostile()))
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "role"), GET_CASES, ids=[f"{url.name}-{role}" for url, role in GET_CASES]
)
def test_junk_in_the_query_string_never_breaks_a_page(client, world, no_rate_limits, url, role):
    log_in(client, world, _role(role))
    restore_session = keep_session(client)
    path = _path(url, world["side"])
    own = ["pagina", *PAGE_PARAMETERS.get(url.name, [])]
    first = client.get(path)
    if first.status_code == 200:
        for form in forms_in(_text(first)):
            if form.method == "get" and url_name_of(form.action or path) == url.name:
                own.extend(name for name in form.fields if name not in own)

    # Every page gets a nasty value in each parameter; the pages that read parameters of their
    # own (filters, peildatum) get more, and generated ones. A download (a PDF rendered per
    # request) gets a few: its parameters only pick a period.
    reads_own = len(own) > 1
    download = first.status_code == 200 and not _text(first)
    rounds = range(3 if reads_own and not download else 1)
    explicit = [{name: hs.nasty(name, "text", round_) for name in own} for round_ in rounds]
    examples = HOSTILE.max_examples if reads_own and not download else 1

    @settings(HOSTILE, max_examples=examples)
    @given(query=query_data(own), htmx=st.booleans())
    @_examples([{"query": query, "htmx": False} for query in explicit])
    def get(query, htmx):
        restore_session()
        with transaction.atomic():
            before = fingerprint()
            extra = {"headers": {"HX-Request": "true"}} if htmx else {}
            response = client.get(f"{path}?{urlencode(query, doseq=True)}", **extra)
            after = fingerprint()
            transaction.set_rollback(True)
        sent = f"\nsent: {shown(query)}"
        assert response.status_code < 500, f"GET {path} answered {response.status_code}{sent}"
        assert hs.XSS_MARKER not in _text(response), f"GET {path} put input unescaped{sent}"
        changed = changed_tables(before, after)
        assert not changed, f"GET {path} with junk changed {changed}{sent}"

    get()
