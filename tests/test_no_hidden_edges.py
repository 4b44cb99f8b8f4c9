"""No hidden edges between the apps (docs/decisions/0014-no-upward-edges.md).

import-linter (`make lint`) checks the imports the code writes. What it cannot see is an
app reaching another one through a dotted name: a setting that names a function, resolved
with ``import_string``. These tests close that gap: our apps resolve no dotted names, and
every setting that names code of our apps is one a framework reads (Django, Celery, DRF,
drf-spectacular, logging), never one an app of ours reads to find another app's code.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Our domain apps, lowest first. The project (config) wires them; the demo app sits on top
# and may import any of them.
APPS = tuple(
    app
    for app in settings.INSTALLED_APPS[settings.INSTALLED_APPS.index("accounts") :]
    if app not in ("config", "demo")
)
# Settings read by a framework, not by our apps: the project's wiring of Django, Celery, DRF,
# drf-spectacular and logging. A new setting naming our code is a decision: add it here
# only when a framework reads it.
FRAMEWORK_SETTINGS = {
    "AUTH_USER_MODEL",
    "CELERY_BEAT_SCHEDULE",
    "CSRF_FAILURE_VIEW",
    "FORM_RENDERER",
    "INSTALLED_APPS",
    "LOGGING",
    "MIDDLEWARE",
    "REST_FRAMEWORK",
    "ROOT_URLCONF",
    "SETTINGS_MODULE",
    "SPECTACULAR_SETTINGS",
    "TEMPLATES",
    "WSGI_APPLICATION",
}
NAMES_OUR_CODE = re.compile(rf"^({'|'.join([*APPS, 'config'])})(\.|$)")
DYNAMIC_IMPORTS = {"import_string", "import_module", "__import__"}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


def test_the_provider_and_loader_settings_are_gone():
    assert not hasattr(settings, "PROVIDERS")
    assert not hasattr(settings, "ACCOUNTS_MEMBERSHIPS_LOADER")


def test_only_framework_settings_name_code_of_our_apps():
    naming = {
        name
        for name in dir(settings)
        if name.isupper()
        and any(NAMES_OUR_CODE.match(text) for text in _strings(getattr(settings, name)))
    }

    assert naming - FRAMEWORK_SETTINGS == set()


def _dynamic_imports(source: str) -> list[str]:
    """The calls that import code by name, as "line name"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in DYNAMIC_IMPORTS:
                found.append(f"{node.lineno} {name}")
    return found


def test_our_apps_resolve_no_dotted_names():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:
                continue
            found += [f"{relative}:{hit}" for hit in _dynamic_imports(path.read_text())]

    assert found == [], "an app reaches code by name; import it (downward) or use a hook"


def test_the_check_finds_code_reached_by_name():
    source = (
        "import importlib\n"
        "from django.utils.module_loading import import_string\n"
        "def figures(netwerk):\n"
        "    fetch = import_string('wachtlijst.selectors.samenvatting_netwerk')\n"
        "    return importlib.import_module('inkoop.selectors'), fetch(netwerk)\n"
    )

    assert _dynamic_imports(source) == ["4 import_string", "5 import_module"]
