"""What every netwerk service does when it writes: validate, save, and record the acting user
in the django-simple-history row."""

from __future__ import annotations

from django.db.models import Model

from accounts.models import User


def _save(instance: Model, user: User | None, *, validate: bool = True) -> Model:
    """full_clean + save, recording the acting user in the history."""
    if validate:
        instance.full_clean()
    instance._history_user = user
    instance.save()
    return instance


def _update(instance: Model, user: User | None, **fields) -> Model:
    for name, value in fields.items():
        setattr(instance, name, value)
    return _save(instance, user)
