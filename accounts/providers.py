"""Late-bound figures across apps (settings.PROVIDERS): a lower app asks for a figure that a
higher or sibling app computes, without importing it."""

from collections.abc import Callable

from django.conf import settings
from django.utils.module_loading import import_string


def provider(name: str) -> Callable | None:
    """The function registered for this name, or None when no app supplies it (yet)."""
    dotted = settings.PROVIDERS.get(name)
    return import_string(dotted) if dotted else None
