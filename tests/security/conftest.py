from tests.hostile.conftest import no_rate_limits

__all__ = ["no_rate_limits"]
