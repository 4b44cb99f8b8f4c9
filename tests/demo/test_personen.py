import itertools

import pytest
from stdnum.nl import bsn as stdnum_bsn

from demo.personen import bsns


@pytest.mark.parametrize("start", [200_000_000, 300_000_000, 600_000_000, 600_100_000])
def test_bsns_are_every_valid_bsn_from_the_start_in_order(start):
    """The demo's BSNs pass the elfproef, and none is skipped (the ranges of the regular
    demo, the national data and the 2016 scenario's networks stay where they were)."""
    expected = [
        f"{number:09d}"
        for number in range(start, start + 5000)
        if stdnum_bsn.is_valid(f"{number:09d}")
    ]

    assert list(itertools.islice(bsns(start), len(expected))) == expected
