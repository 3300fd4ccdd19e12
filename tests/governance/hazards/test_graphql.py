"""GraphQL: bad input refused with coded errors and nothing changed; the reporter hidden;
list queries at a constant number of statements."""

import pytest
from django.db import connection

from commonweal.governance.hazards.models import Department, Grid, HazardReport, Holiday
from tests.fixtures import StatementsRun, gql
from tests.governance.hazards.fixtures import file_report
from tests.partners.fixtures import in_schema

BAD = [
    (
        'mutation { fileHazardReport(input: {category: GAS, description: "燃气味", lat: 999,'
        " lng: 104.1}) { report { state } errors { code field } } }",
        "fileHazardReport",
        {"code": "INVALID_POINT", "field": "lat"},
    ),
    (
        'mutation { fileHazardReport(input: {category: GAS, description: "  ", lat: 30.6,'
        " lng: 104.1}) { report { state } errors { code field } } }",
        "fileHazardReport",
        {"code": "DESCRIPTION_REQUIRED", "field": "description"},
    ),
    (
        'mutation { drawHazardGrid(input: {name: "蝴蝶结", outline: [{lat: 30.60, lng: 104.10},'
        " {lat: 30.61, lng: 104.11}, {lat: 30.60, lng: 104.11}, {lat: 30.61, lng: 104.10}]})"
        " { grid { name } errors { code field } } }",
        "drawHazardGrid",
        {"code": "SHAPE_CROSSES_ITSELF", "field": "rings"},
    ),
    (
        "mutation { setHazardRules(limits: [4, 8], rewardPoints: 10, dailyCap: 30)"
        " { limits errors { code field } } }",
        "setHazardRules",
        {"code": "INVALID_HOURS", "field": "limits"},
    ),
    (
        'mutation { createHazardDepartment(name: "燃气公司", email: "not-an-email",'
        " categories: [GAS]) { department { name } errors { code field } } }",
        "createHazardDepartment",
        {"code": "INVALID_EMAIL", "field": "email"},
    ),
    (
        'mutation { setHazardHoliday(day: "2027-01-01", name: " ") { day errors { code field } } }',
        "setHazardHoliday",
        {"code": "NAME_REQUIRED", "field": "name"},
    ),
]


def _counts(community):
    with in_schema(community):
        return [m.objects.count() for m in (HazardReport, Grid, Department, Holiday)]


@pytest.mark.parametrize(("document", "field", "error"), BAD, ids=[b[1] for b in BAD])
def test_bad_input_is_refused_with_its_code_and_nothing_changes(
    fengshu, people, document, field, error
):
    before = _counts(fengshu)

    answer = gql(fengshu, people.staff).execute(document)

    assert "errors" not in answer, answer
    assert answer["data"][field]["errors"] == [error]
    assert _counts(fengshu) == before


def test_the_reporter_is_never_shown_but_knows_their_own(fengshu, grid_map, people):
    file_report(fengshu, people.resident, anonymous=True)
    query = "query { hazardReports(first: 5) { edges { node { reportedByYou anonymous } } } }"

    mine = gql(fengshu, people.resident).execute(query)
    theirs = gql(fengshu, people.neighbour).execute(query)

    assert mine["data"]["hazardReports"]["edges"] == [
        {"node": {"reportedByYou": True, "anonymous": True}}
    ]
    assert theirs["data"]["hazardReports"]["edges"] == [
        {"node": {"reportedByYou": False, "anonymous": True}}
    ]


LIST = (
    "query { hazardReports(first: 100) { edges { node { category state level warning"
    " gridName departmentName meTooCount reportedByYou } } } }"
)


def _statements(client):
    with StatementsRun(connection) as run:
        answer = client.execute(LIST)
    return len(run), len(answer["data"]["hazardReports"]["edges"])


def test_the_list_costs_the_same_for_3_and_30_reports(fengshu, grid_map, people):
    client = gql(fengshu, people.staff)
    for _ in range(3):
        file_report(fengshu, people.resident)
    small = _statements(client)
    for _ in range(27):
        file_report(fengshu, people.resident)
    large = _statements(client)

    assert (small[1], large[1]) == (3, 30)
    assert small[0] == large[0]
