"""State names: the office renames a state for its community (the kind stays); the name is
what pages, notifications, the spreadsheet and Open311 say."""

import pytest
from django.test import Client

from commonweal.governance.hazards.models import ReportStateName
from commonweal.governance.hazards.services import reports as services
from commonweal.governance.hazards.services.states import state_rename
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.notifications.models import Notification
from tests.fixtures import gql, host_of
from tests.governance.hazards.fixtures import file_report
from tests.governance.hazards.test_pages import _get, _post
from tests.partners.fixtures import in_schema


def _rename(fengshu, state, name):
    with in_schema(fengshu):
        return state_rename(actor=None, state=state, name=name)


def test_a_renamed_state_reads_so_on_pages_csv_open311_and_notifications(fengshu, grid_map, people):
    _rename(fengshu, "submitted", "待网格员核实")
    _rename(fengshu, "fixed", "已办结")
    report = file_report(fengshu, people.resident)

    listing = _get(fengshu, "/hazards/").content.decode()
    sheet = _get(fengshu, "/hazards/reports.csv").content.decode()
    open311 = Client().get(f"/open311/v2/requests/{report.pk}.json", HTTP_HOST=host_of(fengshu))
    with in_schema(fengshu):
        report = services.report_confirm(actor=people.staff, community=fengshu, report=report)
        services.report_fix(actor=people.staff, community=fengshu, report=report)
    told = Notification.objects.filter(user=people.resident, kind="hazard.state").latest("pk")

    assert "待网格员核实" in listing
    assert "待网格员核实" in sheet
    assert (open311.json()[0]["status"], open311.json()[0]["status_notes"]) == (
        "open",
        "待网格员核实",
    )
    assert "已办结" in told.title


def test_an_empty_name_restores_the_default_and_bad_input_is_refused(fengshu):
    _rename(fengshu, "submitted", "待核查")
    restored = _rename(fengshu, "submitted", "  ")
    with in_schema(fengshu):
        assert ReportStateName.objects.count() == 0
        with pytest.raises(DomainError) as unknown:
            state_rename(actor=None, state="lost", name="丢失")
        with pytest.raises(DomainError) as long:
            state_rename(actor=None, state="fixed", name="已" * 41)
        assert ReportStateName.objects.count() == 0

    assert restored == "待核实"
    assert (unknown.value.code, long.value.code) == ("INVALID_STATE", "TOO_LONG")


def test_the_office_renames_on_the_page_and_residents_may_not(fengshu, people):
    refused = _get(fengshu, "/hazards/states/", people.resident)
    saved = _post(
        fengshu, "/hazards/states/", {"state": "referred", "name": "已吹哨"}, people.staff
    )

    assert refused.status_code == 403
    assert 'value="已吹哨"' in saved.content.decode()
    with in_schema(fengshu):
        assert dict(ReportStateName.objects.values_list("state", "name")) == {"referred": "已吹哨"}


def test_graphql_reads_and_renames_states_with_their_fixed_kinds(fengshu, grid_map, people):
    file_report(fengshu, people.resident)
    renamed = gql(fengshu, people.staff).execute(
        'mutation { renameHazardState(state: SUBMITTED, name: "待网格员核实")'
        " { states { state kind name defaultName } errors { code } } }"
    )["data"]["renameHazardState"]
    report = gql(fengshu, people.resident).execute(
        "query { hazardReports(first: 1) { edges { node { state stateName stateKind } } } }"
    )["data"]["hazardReports"]["edges"][0]["node"]

    assert renamed["errors"] == []
    assert renamed["states"][0] == {
        "state": "SUBMITTED",
        "kind": "OPEN",
        "name": "待网格员核实",
        "defaultName": "待核实",
    }
    assert [(s["state"], s["kind"]) for s in renamed["states"]][4:] == [
        ("FIXED", "FIXED"),
        ("UNABLE", "CLOSED"),
        ("DUPLICATE", "CLOSED"),
        ("NOT_A_HAZARD", "CLOSED"),
    ]
    assert report == {"state": "SUBMITTED", "stateName": "待网格员核实", "stateKind": "OPEN"}
