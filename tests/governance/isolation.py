"""Governance operations for the isolation harness: one module per concern."""

import tests.governance.needs.isolation  # noqa: F401
