"""The delivery tests' world (a provider with a casemanager, its coordinator, a key) for
every module here; defined beside the first tests that used them."""

from tests.casemanagement.aanlevering.test_aanlevering import (  # noqa: F401
    aanbieder,
    coordinator,
    sleutel,
)
