"""Layering, checked on every test run: the import-linter contracts of pyproject.toml
(`[tool.importlinter]`: which app may import which) all hold."""

from pathlib import Path

import grimp
from importlinter import api
from importlinter.cli import lint_imports

from tests.platform.import_contracts import PrivateNamesContract, _private_names

PYPROJECT = str(Path(__file__).resolve().parents[2] / "pyproject.toml")


def test_every_import_contract_is_kept():
    # given the contracts declared in pyproject.toml
    contracts = api.read_configuration(PYPROJECT)["contracts_options"]
    assert len(contracts) == 12

    # when import-linter checks the package against them
    exit_code = lint_imports(config_filename=PYPROJECT, no_cache=True, no_logo=True)

    # then every one is kept (the broken ones are printed above)
    assert exit_code == 0


def test_private_names_are_read_from_import_lines():
    assert _private_names("from commonweal.partners.services import _move, access") == ["_move"]
    assert _private_names("from commonweal.x import (a as b, _c as d)") == ["_c"]
    assert _private_names("import commonweal.partners") == []


def test_the_private_names_contract_finds_an_offence():
    # given a graph where one app imports another's private name
    graph = grimp.ImportGraph()
    for module in ("app_a", "app_a.views", "app_b", "app_b.services"):
        graph.add_module(module)
    graph.add_import(
        importer="app_a.views",
        imported="app_b.services",
        line_number=3,
        line_contents="from app_b.services import _helper",
    )
    contract = PrivateNamesContract(
        name="test", session_options={}, contract_options={"apps": ["app_a", "app_b"]}
    )

    # when it is checked
    check = contract.check(graph, verbose=False)

    # then the import is named
    assert not check.kept
    assert check.metadata["offences"] == ["app_a.views:3 imports _helper from app_b.services"]
