"""States a community adds to the flow: an open one between being handled and fixed, a closed
and a fixed end. A report in one holds its base (处置中, 无法整改, 已整改), so escalation, Open311
and the statistics read it as before, while pages and the history show the added name."""

import pytest
from django.test import Client

from commonweal.governance.hazards.models import CustomState, HazardReport, ReportTransition
from commonweal.governance.hazards.services import escalation
from commonweal.governance.hazards.services import reports as services
from commonweal.governance.hazards.services.states import state_add
from commonweal.governance.hazards.stats import figures
from commonweal.platform.kernel.errors import DomainError
from tests.fixtures import gql, host_of
from tests.governance.hazards.fixtures import file_report
from tests.governance.hazards.test_pages import _get, _post
from tests.partners.fixtures import in_schema

WAITING = {
    "name": "待采购配件",
    "name_en": "Waiting for parts",
    "kind": "open",
    "after": "in_progress",
    "sources": ["confirmed", "in_progress"],
    "targets": ["in_progress", "fixed"],
}
HANDED_OVER = {
    "name": "已移交物业",
    "kind": "closed",
    "after": "unable",
    "sources": ["in_progress", "added_1"],
}
AWAITING_CHECK = {
    "name": "已整改待验收",
    "kind": "fixed",
    "after": "fixed",
    "sources": ["added_1"],
}


def _add(fengshu, **fields):
    with in_schema(fengshu):
        return state_add(actor=None, **fields)


def _confirmed(fengshu, people):
    report = file_report(fengshu, people.resident)
    with in_schema(fengshu):
        return services.report_confirm(actor=people.staff, community=fengshu, report=report)


def _enter(fengshu, people, report, state, reason=""):
    with in_schema(fengshu):
        return services.report_enter_state(
            actor=people.staff, community=fengshu, report=report, state=state, reason=reason
        )


def _open311(fengshu, report):
    answer = Client().get(f"/open311/v2/requests/{report.pk}.json", HTTP_HOST=host_of(fengshu))
    return answer.json()[0]["status"], answer.json()[0]["status_notes"]


def test_an_added_open_state_is_entered_and_left_only_as_declared(
    fengshu, grid_map, people, gas_department
):
    waiting = _add(fengshu, **WAITING)
    report = _confirmed(fengshu, people)
    due_before = report.next_due_at

    report = _enter(fengshu, people, report, waiting.code)
    entered_due = report.next_due_at
    with in_schema(fengshu):
        shown = report.get_state_display()
    open311 = _open311(fengshu, report)
    with in_schema(fengshu), pytest.raises(DomainError) as give_up:
        services.report_give_up(
            actor=people.staff, community=fengshu, report=report, reason="修不了"
        )
    with in_schema(fengshu):
        unchanged = HazardReport.objects.get(pk=report.pk)
        # Straight to the department: not referred, as the added state does not lead there.
        report = escalation.blow_whistle(
            actor=people.staff,
            community=fengshu,
            report=report,
            reason="急",
            department=gas_department,
        )
        fixed = services.report_fix(actor=people.staff, community=fengshu, report=report)
        history = list(
            ReportTransition.objects.filter(report=report).values_list("from_status", "to_status")
        )

    assert waiting.code == "added_1"
    assert (report.state, report.stage_id, shown) == ("in_progress", "added_1", "待采购配件")
    assert entered_due == due_before  # the level's clock runs on: still open
    assert open311 == ("open", "待采购配件")
    assert give_up.value.code == "INVALID_TRANSITION"
    assert (unchanged.state, unchanged.stage_id, unchanged.level) == ("in_progress", "added_1", 1)
    assert (report.level, report.state, report.stage_id) == (4, "in_progress", "added_1")
    assert (fixed.state, fixed.stage_id) == ("fixed", None)
    assert history == [
        ("", "submitted"),
        ("submitted", "confirmed"),
        ("confirmed", "added_1"),
        ("added_1", "fixed"),
    ]


def test_the_whistle_escalates_a_report_in_an_added_open_state(fengshu, grid_map, people):
    waiting = _add(fengshu, **{**WAITING, "targets": ["in_progress", "referred", "fixed"]})
    report = _enter(fengshu, people, _confirmed(fengshu, people), waiting.code)
    with in_schema(fengshu):
        report = escalation.blow_whistle(
            actor=people.staff, community=fengshu, report=report, reason="配件迟迟未到"
        )

    assert (report.level, report.stage_id) == (2, "added_1")


def test_closed_and_fixed_ends_close_the_report_and_count_in_their_base(fengshu, grid_map, people):
    waiting = _add(fengshu, **WAITING)
    handed = _add(fengshu, **HANDED_OVER)
    checking = _add(fengshu, **AWAITING_CHECK)
    first = _enter(fengshu, people, _confirmed(fengshu, people), waiting.code)
    second = _enter(fengshu, people, _confirmed(fengshu, people), waiting.code)
    with in_schema(fengshu), pytest.raises(DomainError) as no_reason:
        services.report_enter_state(
            actor=people.staff, community=fengshu, report=first, state=handed.code
        )
    first = _enter(fengshu, people, first, handed.code, reason="属物业维修范围")
    second = _enter(fengshu, people, second, checking.code)
    with in_schema(fengshu):
        shown = first.get_state_display()
        counted = figures()
        reopened = services.report_reopen(
            actor=people.resident, community=fengshu, report=second, reason="还是漏气"
        )

    assert no_reason.value.code == "REASON_REQUIRED"
    assert (first.state, shown, first.next_due_at) == (
        "unable",
        "已移交物业",
        None,
    )
    assert _open311(fengshu, first) == ("closed", "已移交物业")
    assert (second.state, second.fixed_at is not None) == ("fixed", True)
    assert counted.resolution_rate == 0.5
    assert (reopened.state, reopened.stage_id) == ("in_progress", None)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({**WAITING, "name": "处置中"}, "DUPLICATE_NAME"),
        ({**WAITING, "name": " "}, "NAME_REQUIRED"),
        ({**WAITING, "kind": "paused"}, "UNKNOWN_KIND"),
        ({**WAITING, "after": "nowhere"}, "INVALID_STATE"),
        ({**WAITING, "sources": []}, "NO_WAY_IN"),
        ({**WAITING, "sources": ["submitted"]}, "INVALID_SOURCE"),
        ({**WAITING, "sources": ["fixed"]}, "INVALID_SOURCE"),
        ({**WAITING, "targets": []}, "NO_WAY_OUT"),
        ({**WAITING, "targets": ["duplicate"]}, "INVALID_TARGET"),
        ({**HANDED_OVER, "sources": ["in_progress"], "targets": ["fixed"]}, "INVALID_TARGET"),
    ],
)
def test_a_wrong_state_is_refused_with_its_code_and_nothing_added(fengshu, fields, code):
    with in_schema(fengshu), pytest.raises(DomainError) as refused:
        state_add(actor=None, **fields)
    with in_schema(fengshu):
        assert CustomState.objects.count() == 0
    assert refused.value.code == code


def test_an_added_name_is_taken_and_a_report_cannot_enter_from_elsewhere(fengshu, grid_map, people):
    waiting = _add(fengshu, **WAITING)
    with in_schema(fengshu), pytest.raises(DomainError) as again:
        state_add(actor=None, **{**WAITING, "name": "待采购配件"})
    submitted = file_report(fengshu, people.resident)
    with in_schema(fengshu), pytest.raises(DomainError) as too_early:
        services.report_enter_state(
            actor=people.staff, community=fengshu, report=submitted, state=waiting.code
        )
    with in_schema(fengshu), pytest.raises(DomainError) as unknown:
        services.report_enter_state(
            actor=people.staff, community=fengshu, report=submitted, state="added_9"
        )
    with in_schema(fengshu):
        assert HazardReport.objects.get(pk=submitted.pk).state == "submitted"
        assert CustomState.objects.count() == 1

    assert (again.value.code, too_early.value.code, unknown.value.code) == (
        "DUPLICATE_NAME",
        "INVALID_TRANSITION",
        "INVALID_STATE",
    )


def test_staff_add_a_state_on_the_page_and_move_a_report_into_it(fengshu, grid_map, people):
    refused = _get(fengshu, "/hazards/states/", people.resident)
    wrong = _post(
        fengshu, "/hazards/states/", {**WAITING, "action": "add", "kind": "x"}, people.staff
    )
    added = _post(fengshu, "/hazards/states/", {**WAITING, "action": "add"}, people.staff)
    report = _confirmed(fengshu, people)
    page = _get(fengshu, report.path, people.staff).content.decode()
    moved = _post(fengshu, f"{report.path}state/", {"state": "added_1"}, people.staff)

    assert refused.status_code == 403
    assert 'value="待采购配件"' in wrong.content.decode()  # the form keeps what was typed
    assert "待采购配件" in added.content.decode().split('id="flow-heading"')[1]
    assert "转为“待采购配件”" in page
    history = moved.content.decode().split('id="history"')[1]
    assert "待采购配件" in history
    with in_schema(fengshu):
        assert HazardReport.objects.get(pk=report.pk).stage_id == "added_1"


def test_graphql_adds_a_state_reads_the_flow_and_moves_a_report(fengshu, grid_map, people):
    report = _confirmed(fengshu, people)
    staff = gql(fengshu, people.staff)
    added = staff.execute(
        'mutation { addHazardState(input: {name: "待采购配件", kind: "open", after: "in_progress",'
        ' sources: ["confirmed"], targets: ["fixed"]}) { state { code kind sources targets }'
        " errors { code field } } }"
    )["data"]["addHazardState"]
    unknown = staff.execute(
        'mutation { addHazardState(input: {name: "暂停", kind: "paused", after: "fixed",'
        ' sources: ["confirmed"]}) { state { code } errors { code field } } }'
    )["data"]["addHazardState"]
    moved = staff.execute(
        'mutation($id: ID!) { moveHazardReportToState(id: $id, state: "added_1")'
        " { report { state stateName stateKind addedState } errors { code } } }",
        {"id": _global(report)},
    )["data"]["moveHazardReportToState"]
    flow = staff.execute("query { hazardFlow { code kind name added } }")["data"]["hazardFlow"]

    assert added == {
        "state": {
            "code": "added_1",
            "kind": "OPEN",
            "sources": ["confirmed"],
            "targets": ["fixed"],
        },
        "errors": [],
    }
    assert unknown == {"state": None, "errors": [{"code": "UNKNOWN_KIND", "field": "kind"}]}
    assert moved == {
        "report": {
            "state": "IN_PROGRESS",
            "stateName": "待采购配件",
            "stateKind": "OPEN",
            "addedState": "added_1",
        },
        "errors": [],
    }
    assert [f["code"] for f in flow][2:5] == ["in_progress", "added_1", "referred"]
    assert flow[3] == {"code": "added_1", "kind": "OPEN", "name": "待采购配件", "added": True}


def _global(report):
    from tests.operations import global_id

    return global_id("HazardReport", report.pk)
