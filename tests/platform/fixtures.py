"""Fixtures of the platform tests: the isolation world and signed-in clients."""

import pytest

from tests.isolation import World, build_world


@pytest.fixture
def world(fengshu, jiahonglu) -> World:
    """Fengshu (A, the target) and Jiahonglu (B, whose admin is the outsider)."""
    return build_world(target=fengshu, outsider=jiahonglu)
