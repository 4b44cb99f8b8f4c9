import logging

from accounts.logging import REDACTED, RedactIdentifiersFilter


def test_bsn_like_numbers_never_reach_the_log_output():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "client bsn=%s en %s", ("111222333", "1234.56.782"), None
    )
    RedactIdentifiersFilter().filter(record)
    message = record.getMessage()
    assert "111222333" not in message
    assert "1234.56.782" not in message
    assert message.count(REDACTED) == 2


def test_other_numbers_stay_readable():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "id=%s tel=%s", (12, "0612345678"), None
    )
    RedactIdentifiersFilter().filter(record)
    assert record.getMessage() == "id=12 tel=0612345678"
