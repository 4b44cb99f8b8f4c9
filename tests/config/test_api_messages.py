"""Every message a client of the API can trigger is Dutch (security issue #12, item 11):
'Must be a valid boolean.', 'Not a valid string.' and 'JSON parse error' came back in
English. DRF's Dutch catalogue lacks some messages (locale/nl adds them) and the parse
errors are not translatable at all (config/parsers.py)."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

AANMELDINGEN = "/api/v1/aanmeldingen/"
CONTRACTEN = "/api/v1/contracten/"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES"
ENGLISH = re.compile(
    r"parse error|Must be|Not a valid|valid boolean|This field|Expected|Invalid|Ensure|"
    r"not allowed|throttled|credentials|permission|Unsupported|Not found|Request was",
)


@pytest.fixture
def api(coordinator):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=coordinator).key}")
    return api


def _texts(body) -> list[str]:
    if isinstance(body, dict):
        return [text for value in body.values() for text in _texts(value)]
    if isinstance(body, list):
        return [text for value in body for text in _texts(value)]
    return [str(body)]


def _dutch(response) -> list[str]:
    texts = _texts(response.json())
    assert texts
    for text in texts:
        assert not ENGLISH.search(text), text
    return texts


def test_invalid_json_gets_a_dutch_message_with_the_place(api):
    response = api.post(AANMELDINGEN, '{"x": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "De inhoud van het verzoek is geen geldige JSON (regel 1, kolom 7). "
        "Controleer aanhalingstekens, komma's en haakjes."
    }


def test_a_body_that_is_no_utf8_gets_a_dutch_message(api):
    response = api.post(AANMELDINGEN, b'{"x": "\xff"}', content_type="application/json")
    assert response.status_code == 400
    assert "geen geldige JSON in UTF-8" in response.json()["detail"]


def test_wrong_types_in_a_body_get_dutch_messages(api):
    response = api.post(
        AANMELDINGEN,
        {"voornaam": {"x": 1}, "achternaam": ["Jansen"], "geboortedatum": "14-03-1942"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["voornaam"] == ["Vul hier tekst in, tussen aanhalingstekens."]
    assert body["achternaam"] == ["Vul hier tekst in, tussen aanhalingstekens."]
    assert body["bsn"] == ["Dit veld is vereist."]
    assert body["geboortedatum"] == [
        "Dit is geen geldige datum. Schrijf de datum als YYYY-MM-DD, bijvoorbeeld 2026-10-01."
    ]
    _dutch(response)


def test_null_too_long_and_an_unknown_choice_get_dutch_messages(api):
    response = api.post(
        AANMELDINGEN,
        {"voornaam": None, "achternaam": "x" * 101, "verwijzer_type": "buurvrouw"},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["voornaam"] == ["Dit veld mag niet leeg (null) zijn."]
    assert body["achternaam"] == ["Dit veld mag niet meer dan 100 tekens bevatten."]
    assert body["verwijzer_type"] == ["Dit is geen geldige keuze."]
    _dutch(response)


def test_a_wrong_boolean_in_a_query_gets_a_dutch_message(api):
    response = api.get(f"{CONTRACTEN}?signalen=misschien")
    assert response.status_code == 400
    assert response.json() == {"signalen": ["Vul true of false in (ja of nee)."]}


def test_a_body_that_is_no_object_gets_a_dutch_message(api):
    response = api.post(AANMELDINGEN, [1, 2], format="json")
    assert response.status_code == 400
    _dutch(response)


def test_refusals_of_the_request_itself_are_dutch(api, coordinator):
    cases = [
        (APIClient().get(CONTRACTEN), 403),
        (api.put(AANMELDINGEN, {}, format="json"), 405),
        (api.post(AANMELDINGEN, "bsn=1", content_type="text/plain"), 415),
        (api.get("/api/v1/aanmeldingen/999999999/"), 404),
        (api.get(f"{CONTRACTEN}?page=999"), 404),
    ]
    for response, status in cases:
        assert response.status_code == status, response.content
        _dutch(response)


def test_a_throttled_request_says_when_to_try_again_in_dutch():
    from rest_framework.exceptions import Throttled

    assert str(Throttled(wait=30).detail) == (
        "Te veel verzoeken in korte tijd. Probeer het over 30 seconden opnieuw."
    )
    assert str(Throttled(wait=1).detail).endswith("over 1 seconde opnieuw.")


def test_the_compiled_catalogue_matches_its_source():
    """Django reads django.mo; a change to django.po that was not compiled would be lost."""
    source = _read_po(CATALOGUE / "django.po")
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    compiled_entries = {key: value for key, value in catalogue.items() if key}
    assert compiled_entries == source


def _read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file without plurals or contexts (as ours is)."""
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if line.startswith(("msgid ", "msgstr ")):
            key, _, rest = line.partition(" ")
            current[key] = _unquote(rest)
        elif line.startswith('"') and key:
            current[key] += _unquote(line)
        elif not line or line.startswith("#"):
            if current.get("msgid"):
                entries[current["msgid"]] = current["msgstr"]
            current, key = {}, ""
    return entries


def _unquote(text: str) -> str:
    return text[1:-1].replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
