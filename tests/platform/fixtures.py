"""Fixtures of the platform tests: the world of the operation registry."""

import pytest

from tests.operations import world_of_module


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Fengshu (A) with every actor of the matrix, Jiahonglu (B, whose admin is the outsider)
    and every registered setup: built once per test module, each test rolled back."""
    with world_of_module(django_db_blocker) as world:
        yield world
