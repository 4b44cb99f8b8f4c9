"""What the hostile-input tests need to know about the project's pages: which URLs take
POST or GET, which role may use each, the fields a page's form renders, whether a response
tells the user what was wrong, and which tables a request wrote (to see that a refused one
wrote nothing)."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import Resolver404, resolve

from accounts.models import Role
from tests.test_authorization_roles import ACCESS, SKIPPED_NAMESPACES
from tests.test_url_authorization import PUBLIC
from tests.urlwalk import WalkedUrl, walk

# --- URLs and methods ----------------------------------------------------------------------


def allowed_methods(url: WalkedUrl) -> set[str] | None:
    """The methods the view accepts, read from require_http_methods (through the decorators
    around it) or from the class-based view; None when the view states none."""
    func = resolve(url.path).func
    view_class = getattr(func, "view_class", None) or getattr(func, "cls", None)
    if view_class is not None:
        return {
            name.upper()
            for name in view_class.http_method_names
            if hasattr(view_class, name) and name not in ("options", "head")
        }
    seen = set()
    while func is not None and id(func) not in seen:
        seen.add(id(func))
        try:
            nonlocals = inspect.getclosurevars(func).nonlocals
        except TypeError:
            nonlocals = {}
        if "request_method_list" in nonlocals:
            return set(nonlocals["request_method_list"])
        func = getattr(func, "__wrapped__", None)
    return None


def project_urls() -> list[WalkedUrl]:
    return [
        url
        for url in sorted(set(walk()), key=lambda u: u.name)
        if url.path and not url.name.startswith(SKIPPED_NAMESPACES)
    ]


def urls_accepting(method: str) -> list[WalkedUrl]:
    """URLs whose view accepts the method (or states no methods at all)."""
    result = []
    for url in project_urls():
        methods = allowed_methods(url)
        if methods is None or method in methods:
            result.append(url)
    return result


# Who uses a URL in these tests: the first allowed role in this order (the coordinator sees
# the most fields). Anonymous for public pages, as the public uses them.
ROLE_PREFERENCE = [
    Role.NETWERKCOORDINATOR,
    Role.CASEMANAGER,
    Role.SIGNAALTEAM,
    Role.VERZEKERAAR,
    Role.BEHEERDER,
]
ANONYMOUS = "anoniem"
# Pages whose form differs per role: also fuzzed as these roles.
ROLES_WITH_OWN_FORM = {
    # a casemanager registers at their own organisation, a coordinator picks one
    "casemanagement:client_create": [Role.CASEMANAGER],
    "casemanagement:aanmelding_create": [Role.CASEMANAGER],
    # a beheerder picks the zorgverzekeraar, an insurer's is fixed
    "inkoop:contract_create": [Role.BEHEERDER],
    "inkoop:contract_update": [Role.BEHEERDER],
    # the signaalteam picks the kind of action, a coordinator only adds an update
    "signaalteam:actie_create": [Role.SIGNAALTEAM],
}


def may_use(role: str, name: str) -> bool:
    if name in PUBLIC:
        return True
    return role in ACCESS.get(name, set(ROLE_PREFERENCE))


def roles_for(url: WalkedUrl) -> list[str]:
    if url.name in PUBLIC:
        return [ANONYMOUS]
    ordered = [role for role in ROLE_PREFERENCE if may_use(role, url.name)]
    return ordered[:1] + [
        role for role in ROLES_WITH_OWN_FORM.get(url.name, []) if role in ordered[1:]
    ]


def url_name_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


# --- Forms in HTML -------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    value: str | None = None  # what the page fills in (None: nothing)
    options: list[str] = field(default_factory=list)
    disabled: bool = False


@dataclass
class Form:
    method: str
    action: str | None
    fields: dict[str, Field] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: Field | None = None

    def _add(self, item: Field) -> None:
        if self._form is None or not item.name:
            return
        known = self._form.fields.get(item.name)
        if known is None:
            self._form.fields[item.name] = item
        else:  # radio buttons and checkboxes with one name: collect the values
            known.options.extend(item.options)
            if item.value is not None and known.value is None:
                known.value = item.value

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self._form = Form(
                method=(attributes.get("method") or "get").lower(),
                action=attributes.get("action"),
            )
            self.forms.append(self._form)
        elif tag in ("input", "button"):
            kind = (attributes.get("type") or ("submit" if tag == "button" else "text")).lower()
            value = attributes.get("value")
            if kind in ("checkbox", "radio"):
                option = value if value is not None else "on"
                checked = "checked" in attributes
                self._add(
                    Field(
                        attributes.get("name", ""),
                        kind,
                        option if checked else None,
                        [option],
                        "disabled" in attributes,
                    )
                )
            else:
                self._add(
                    Field(attributes.get("name", ""), kind, value, [], "disabled" in attributes)
                )
        elif tag == "select":
            kind = "select-multiple" if "multiple" in attributes else "select"
            self._select = Field(
                attributes.get("name", ""), kind, None, [], "disabled" in attributes
            )
        elif tag == "option" and self._select is not None:
            self._option = {"value": attributes.get("value"), "selected": "selected" in attributes}
            self._option_text = ""
        elif tag == "textarea":
            self._textarea = Field(
                attributes.get("name", ""), "textarea", "", [], "disabled" in attributes
            )

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select is not None:
            value = self._option["value"]
            value = self._option_text.strip() if value is None else value
            self._select.options.append(value)
            if self._option["selected"]:
                self._select.value = value
            self._option = None
        elif tag == "select" and self._select is not None:
            self._add(self._select)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._add(self._textarea)
            self._textarea = None
        elif tag == "form":
            self._form = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def fields_of_forms_to(html: str, page_path: str, target_name: str, method: str) -> dict:
    """The fields of the page's forms that send ``method`` to the URL named target_name."""
    fields: dict[str, Field] = {}
    for form in forms_in(html):
        if form.method != method:
            continue
        # an action is relative to the page ("?jaar=2026" posts to the page itself)
        action = urljoin(page_path, form.action or "")
        if url_name_of(action) != target_name:
            continue
        for name, item in form.fields.items():
            fields.setdefault(name, item)
    return fields


# --- What a response tells the user --------------------------------------------------------

ERROR_BLOCKS = re.compile(
    r'<(?P<tag>div|p|ul)[^>]*class="[^"]*\b(?:form-errors|field__errors|message--error)\b'
    r'[^"]*"[^>]*>(?P<body>.*?)</(?P=tag)>',
    re.DOTALL,
)
TAGS = re.compile(r"<[^>]+>")
# Django's English defaults and what leaks from a crash: not a message for a Dutch user.
NOT_A_CLEAR_MESSAGE = re.compile(
    r"This field|Enter a |Enter an |Select a valid|Ensure this|Ensure that|Null characters|"
    r"is not a valid|must be|cannot be|does not exist|already exists|is required|"
    r"invalid literal|Traceback|Exception|ValidationError|object has no attribute|"
    r"\['|None\b|NaN\b|"
    # DRF's own English (security issue #12, item 11)
    r"Must be|Not a valid|parse error|Invalid input|Expected a|Request was|credentials were"
)


def error_texts(html: str) -> list[str]:
    """The visible texts of the project's error markup: the form's summary, a field's
    errors, an error message."""
    return [
        " ".join(TAGS.sub(" ", match.group("body")).split())
        for match in ERROR_BLOCKS.finditer(html)
    ]


# --- What was sent, in a failure message -----------------------------------------------------


def shown(data: dict) -> str:
    """The request data in a failure message, long texts shortened."""

    def short(value):
        if isinstance(value, list):
            return [short(item) for item in value]
        if isinstance(value, SimpleUploadedFile):
            value.seek(0)
            return f"<file {value.name!r}: {value.read()[:300]!r}>"
        text = repr(value)
        return text if len(text) < 200 else f"{text[:100]}...({len(value)} characters)"

    return repr({name: short(value) for name, value in data.items()})


def typed(data: dict) -> list[str]:
    """Every text the request sent, longest first."""
    texts = []
    for value in data.values():
        # a list also comes back whole: "['a', 'b']" is geen geldige keuze
        texts.extend([*value, str(value)] if isinstance(value, list) else [value])
    return sorted((text for text in texts if isinstance(text, str) and text), key=len)[::-1]


# --- What a request wrote -----------------------------------------------------------------

# Written on every read (NEN 7513), refused ones too: not a change by the input.
NOT_FINGERPRINTED = {"accounts_accesslogentry"}
# ours: the apps settings lists from accounts on (lowest first)
PROJECT_APPS = settings.INSTALLED_APPS[settings.INSTALLED_APPS.index("accounts") :]


@cache
def _tables() -> frozenset[str]:
    tables = set()
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            table = model._meta.db_table
            if not model._meta.managed or model._meta.proxy or table in NOT_FINGERPRINTED:
                continue
            tables.add(table)
    return frozenset(tables)


def fingerprint() -> dict[str, tuple[int, int, int]]:
    """Per project table, the rows this transaction has inserted, updated and deleted so far
    (PostgreSQL's own counters, rolled-back savepoints included): take one before and one
    after a request to see whether it wrote anything."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
        )
        rows = cursor.fetchall()
    tables = _tables()
    return {name: tuple(counts) for name, *counts in rows if name in tables}


def changed_tables(before: dict, after: dict) -> list[str]:
    """The tables written between the two fingerprints."""
    return sorted(table for table in after if before.get(table, (0, 0, 0)) != after[table])
