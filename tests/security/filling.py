"""Filling in a form the way a careful user does, without knowing the form: for every field
(as the page renders it, tests.hostile.pages.Field) a list of good values, best first. When
the page refuses the form and names a field, the walk moves that field on to its next value
(`learn`), so a form that changes shape is still filled in."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casemanagement.aanlevering.formaat import SOORTEN
from casemanagement.importeren.kolommen import KOLOM_NAMEN
from casemanagement.importeren.sjabloon import sjabloon_rij
from tests.casemanagement.factories import valid_bsn
from tests.hostile.pages import Field

NOT_FILLED = {"submit", "button", "reset", "image"}
TEXT = "Schrijfpad"
# Eight digits that pass as AGB-code and KvK-nummer; two, for the unique ones.
DIGITS = ["47123456", "47123457"]
TEXT_ALTERNATIVES = [TEXT, *DIGITS, "2514 EA", ""]
NUMBER_ALTERNATIVES = ["1", "10", "0.8", "0", "2026", ""]
FIELD_ERROR = re.compile(r'id="id_(?P<name>[\w-]+?)_error"[^>]*>(?P<text>.*?)</div>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
BEVOLKING_HEADER = ["cbs_code", "jaar", "inwoners_65_plus", "inwoners_65_79", "inwoners_80_plus"]


def _today() -> dt.date:
    return timezone.localdate()


def _dates(name: str) -> list[str]:
    today = _today()
    later = (today + dt.timedelta(days=30)).isoformat()
    if "geboorte" in name:
        first = "1942-03-14"
    elif any(part in name for part in ("tot", "eind", "opvolg", "deadline")):
        first = later
    else:
        first = today.isoformat()
    return [first, today.isoformat(), later, (today - dt.timedelta(days=30)).isoformat(), ""]


def _texts(name: str, kind: str) -> list[str]:
    if "bsn" in name:
        return [valid_bsn()]
    if "postcode" in name:
        return ["2514 EA"]
    if kind == "tel" or "telefoon" in name:
        return ["0612345678", ""]
    if kind == "url" or "website" in name:
        return ["https://example.nl", ""]
    if kind == "email" or "email" in name:
        return ["nieuw.adres@example.nl", ""]
    if kind == "password":
        return ["een-lang-test-wachtwoord"]
    return TEXT_ALTERNATIVES


def csv_file(rows: list[list[str]], name: str = "bestand.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), "text/csv")


def upload_examples(netwerk, gemeente) -> list[list[list[str]]]:
    """The files the upload pages read, as rows: the import template with one good row, and
    population figures for a gemeente."""
    row = {**sjabloon_rij(netwerk, _today()), "bsn": valid_bsn()}  # the template's own BSN
    good = [str(value) if value is not None else "" for value in row.values()]
    return [
        [KOLOM_NAMEN, good],
        [BEVOLKING_HEADER, [gemeente.cbs_code, str(_today().year), "12000", "", ""]],
        [
            AANLEVERING_CLIENTEN,
            ["W-1", valid_bsn(), "Anna", "Walk", "1940-05-17", gemeente.cbs_code],
        ],
    ]


# The providers' delivery (casemanagement/aanlevering) reads one file per record type: a
# good clienten file, the others left out.
AANLEVERING_CLIENTEN = ["bron_id", "bsn", "voornaam", "achternaam", "geboortedatum", "gemeente"]
AANLEVERING_SOORTEN = set(SOORTEN)


def _file_candidates(name: str, uploads) -> list:
    delivery = [rows for rows in uploads if rows[0] == AANLEVERING_CLIENTEN]
    if name in AANLEVERING_SOORTEN:
        return [("rows", rows) for rows in delivery] if name == "clienten" else [None]
    return [("rows", rows) for rows in uploads if rows[0] != AANLEVERING_CLIENTEN]


def candidates(item: Field, uploads: list[list[list[str]]], hints: dict[str, list[str]]) -> list:
    """Good values for the field, best first; None leaves it out of the request. hints:
    values that only the world knows (a gemeente code of the actor's network), by a part
    of the field's name."""
    name, kind, page = item.name.lower(), item.kind, item.value
    options = [option for option in item.options if option]
    hinted = [value for part, values in hints.items() if part in name for value in values]
    if hinted and kind in ("select", "radio"):
        options = [option for option in options if option in hinted] + [
            option for option in options if option not in hinted
        ]
        page = page if page in hinted else None
    elif hinted and kind in ("text", "textarea", "search"):
        return [*hinted, *_texts(name, kind)]
    if kind == "hidden":
        return [page or ""]
    if kind == "id":  # an API's reference to another object: left out, as most callers do
        return [None]
    if kind == "file":
        return _file_candidates(name, uploads)
    if kind == "checkbox":
        if len(item.options) > 1:  # a group of boxes with one name
            checked = [page] if page is not None else []
            return [checked, options[:1], []]
        return [page, None if page is not None else (options or ["on"])[0]]
    if kind == "radio":
        first = page if page is not None else (options or [""])[0]
        return [first, *(option for option in options if option != first)]
    if kind == "select":
        if page:
            return [page, *(option for option in options if option != page), ""]
        # an empty choice offered by the page may be what it wants: second best
        empty = [""] if "" in item.options else []
        return [*options[:1], *empty, *options[1:], *([] if empty else [""])]
    if kind == "select-multiple":
        first = [page] if page else options[:1]
        return [first, *([option] for option in options if [option] != first), []]
    if kind == "date":
        values = _dates(name)
    elif kind == "number":
        values = NUMBER_ALTERNATIVES
    else:
        values = _texts(name, kind)
    if page:
        values = [page, *(value for value in values if value != page)]
    return list(values)


def materialise(value):
    """A value as the test client sends it (a file is made at the last moment: it is read
    once)."""
    if isinstance(value, tuple) and value and value[0] == "rows":
        return csv_file(value[1])
    return value


def form_data(choice: dict[str, object]) -> dict:
    return {name: materialise(value) for name, value in choice.items() if value is not None}


def fields_with_errors(html: str) -> dict[str, str]:
    """Field name -> the text of its error messages, from the project's field component."""
    return {
        match["name"]: " ".join(TAG.sub(" ", match["text"]).split())
        for match in FIELD_ERROR.finditer(html)
    }


def _numbers_in(message: str) -> list[str]:
    """The values a message suggests ("De score ligt tussen 13 en 52": 32, 13, 52)."""
    numbers = [text.replace(",", ".") for text in NUMBER.findall(message)]
    suggested = []
    if len(numbers) >= 2:
        low, high = float(numbers[0]), float(numbers[1])
        middle = (low + high) / 2
        suggested.append(str(int(middle)) if middle.is_integer() or high - low > 2 else str(middle))
    return suggested + numbers


def learn(
    fields: dict[str, Field],
    uploads,
    post: Callable[[dict], tuple[bool, dict[str, str]]],
    *,
    hints: dict[str, list[str]],
    rounds: int = 10,
) -> tuple[dict[str, object], bool]:
    """Values for the form that the page accepts: the best value of every field first; when
    the answer names fields as wrong, those move on to their next value (first the numbers
    its message suggests, for a number field). An answer that names no field refuses the
    write for another reason (the state of the object): learning stops. post(values) sends
    the values and says whether the write happened and which fields the answer named, with
    their messages. Returns the values and whether they were accepted."""
    options = {
        name: list(candidates(item, uploads, hints))
        for name, item in fields.items()
        if item.kind not in NOT_FILLED and name != "csrfmiddlewaretoken" and not item.disabled
    }
    position = dict.fromkeys(options, 0)
    buttons = {
        name: item.value
        for name, item in fields.items()
        if item.kind in NOT_FILLED and item.name and item.value is not None
    }

    def current() -> dict[str, object]:
        values = {name: options[name][position[name]] for name in options if options[name]}
        return {**values, **buttons}

    for _round in range(rounds):
        wrote, errors = post(current())
        if wrote:
            return current(), True
        wrong = set(errors) & set(options)
        for name in wrong:
            if fields[name].kind == "number":
                later = options[name][position[name] + 1 :]
                suggested = [n for n in _numbers_in(errors[name]) if n not in later]
                options[name][position[name] + 1 : position[name] + 1] = suggested
        movable = [name for name in wrong if position[name] + 1 < len(options[name])]
        if not movable:
            break
        for name in movable:
            position[name] += 1
    return current(), False
