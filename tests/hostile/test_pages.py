"""The helpers the hostile-input tests rely on see what they claim to see."""

import pytest
from django.db import transaction

from netwerk.models import Netwerk
from tests.hostile.pages import changed_tables, error_texts, fingerprint
from tests.netwerk.factories import NetwerkFactory


@pytest.mark.django_db
def test_a_write_is_seen_even_when_its_savepoint_is_rolled_back():
    netwerk = NetwerkFactory()
    before = fingerprint()
    assert changed_tables(before, fingerprint()) == []

    with transaction.atomic():
        Netwerk.objects.filter(pk=netwerk.pk).update(naam="Anders")
        transaction.set_rollback(True)

    assert changed_tables(before, fingerprint()) == ["netwerk_netwerk"]


def test_error_texts_are_read_from_the_projects_error_markup():
    html = (
        '<div class="form-errors" role="alert"><p>Controleer <b>de velden</b>.</p></div>'
        '<ul class="field__errors"><li>Dit veld is verplicht.</li></ul><p class="hint">x</p>'
    )
    assert error_texts(html) == ["Controleer de velden .", "Dit veld is verplicht."]
