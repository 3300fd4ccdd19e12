"""An import-linter contract type that import-linter lacks: no app imports another app's
private names (`from commonweal.partners.services.partnerships import _move`) or private
modules (`commonweal.search._x`). Configured in pyproject.toml (`type = "private_names"`)."""

import re

import grimp
from importlinter import Contract, ContractCheck, fields, output

_IMPORTED_NAMES = re.compile(r"^from\s+\S+\s+import\s+\(?(?P<names>[^)#]*)")


def _app_of(module: str, apps: list[str]) -> str | None:
    return next((app for app in apps if module == app or module.startswith(app + ".")), None)


def _private_names(line: str) -> list[str]:
    match = _IMPORTED_NAMES.match(line.strip())
    if not match:
        return []
    names = [part.strip().split(" as ")[0].strip() for part in match["names"].split(",")]
    return [name for name in names if name.startswith("_")]


class PrivateNamesContract(Contract):
    type_name = "private_names"

    apps = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        apps = sorted(self.apps, key=len, reverse=True)  # type: ignore[arg-type]
        offences = []
        for importer in sorted(graph.modules):
            importer_app = _app_of(importer, apps)
            if importer_app is None:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                imported_app = _app_of(imported, apps)
                if imported_app in (None, importer_app):
                    continue
                private_module = any(
                    part.startswith("_") and not part.startswith("__")
                    for part in imported.split(".")
                )
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    names = _private_names(detail["line_contents"])
                    if names or private_module:
                        offences.append(
                            f"{importer}:{detail['line_number']} imports "
                            f"{', '.join(names) or imported} from {imported}"
                        )
        return ContractCheck(kept=not offences, metadata={"offences": offences})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for offence in check.metadata["offences"]:
            output.print_error(offence)
            output.new_line()
