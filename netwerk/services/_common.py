"""What every netwerk service does when it writes: validate, save, and record the acting user
in the django-simple-history row, after checking the actor may change the network."""

from __future__ import annotations

from django.db.models import Model

from accounts.actor import Actor, require
from accounts.models import User

from ..permissions import can_change_netwerk_id


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


def _require_change(actor: Actor, netwerk_id: int) -> None:
    """The acting user changes this network (its plans, goals, actions): netwerk.permissions."""
    require(can_change_netwerk_id(actor.user, netwerk_id))
