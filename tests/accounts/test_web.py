"""accounts.web.UrlPerPk: a row's link without resolving the URL pattern per row must be
the link reverse gives, or a table would link to another client or network."""

import pytest
from django.urls import reverse

from accounts.web import UrlPerPk


@pytest.mark.parametrize(
    "name", ["casemanagement:client_detail", "casemanagement:aanmelding_assign", "netwerk:detail"]
)
@pytest.mark.parametrize("pk", [1, 7, 42, 2147483, 9000000001])
def test_url_per_pk_is_the_url_reverse_gives(name, pk):
    assert UrlPerPk(name)(pk) == reverse(name, args=[pk])
