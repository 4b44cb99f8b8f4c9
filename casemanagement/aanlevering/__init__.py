"""Delivery by providers (aanleveren); see docs/aanleveren.md and decision 0022."""
