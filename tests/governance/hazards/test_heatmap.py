"""The heat map: open reports counted per cell in SQL, closed ones left out, never more than
32 × 32 cells, on the statistics page with the request's CSP nonce."""

import re

from django.db import connection

from commonweal.governance.hazards.heatmap import SIDE, open_report_heat
from commonweal.governance.hazards.models import HazardReport
from commonweal.governance.hazards.services import reports as services
from tests.fixtures import StatementsRun, gql
from tests.governance.hazards.fixtures import file_report
from tests.governance.hazards.test_pages import _get
from tests.partners.fixtures import in_schema

VIEW = {"south": 30.60, "west": 104.10, "north": 30.632, "east": 104.132}  # 0.001° cells


def test_open_reports_are_counted_per_cell_and_closed_ones_left_out(fengshu, grid_map, people):
    for _ in range(3):
        file_report(fengshu, people.resident, at=(30.6015, 104.1015))
    file_report(fengshu, people.resident, at=(30.6255, 104.1075), category="road")
    closed = file_report(fengshu, people.resident, at=(30.6015, 104.1015))
    with in_schema(fengshu):
        services.report_reject(actor=people.staff, community=fengshu, report=closed, reason="无")
        heat = open_report_heat(**VIEW)

    cells = [(round(c.south, 3), round(c.west, 3), c.count) for c in heat.cells]
    assert cells == [(30.601, 104.101, 3), (30.625, 104.107, 1)]
    assert (heat.total, heat.max_count) == (4, 3)


def test_the_answer_is_bounded_and_costs_the_same_whatever_the_reports(fengshu, grid_map, people):
    file_report(fengshu, people.resident)
    with in_schema(fengshu):
        template = HazardReport.objects.get()
        rows = []
        for i in range(40):
            for j in range(40):
                template.lat, template.lng = 30.6 + i * 0.0008, 104.1 + j * 0.0008
                rows.append(
                    HazardReport(
                        **{
                            f.attname: getattr(template, f.attname)
                            for f in HazardReport._meta.concrete_fields
                            if f.attname != "id"
                        }
                    )
                )
        HazardReport.objects.bulk_create(rows)
        with StatementsRun(connection) as run:
            heat = open_report_heat(**VIEW)
        whole = open_report_heat()

    assert len(heat.cells) <= SIDE * SIDE
    assert len(whole.cells) <= SIDE * SIDE
    assert heat.total == 1601  # the first report sits inside the view too
    assert len(run) == 1


def test_the_statistics_page_carries_the_map_and_its_nonce_script(fengshu, grid_map, people):
    file_report(fengshu, people.resident)

    response = _get(fengshu, "/hazards/stats/")
    page = response.content.decode()
    data = _get(fengshu, "/hazards/heat.json").json()
    nonce = re.search(r"<script nonce=\"([^\"]+)\">[^<]*HazardHeat.start", page)

    assert 'id="hazard-heat"' in page and "/static/hazards/heat.js" in page
    assert nonce is not None and f"'nonce-{nonce.group(1)}'" in response["Content-Security-Policy"]
    assert [c[4] for c in data["cells"]] == [1]
    assert data["total"] == 1


def test_graphql_gives_the_cells_to_anyone(fengshu, grid_map, people):
    file_report(fengshu, people.resident, at=(30.6015, 104.1015))

    answer = gql(fengshu).execute(
        "query { hazardHeatMap(south: 30.60, west: 104.10, north: 30.632, east: 104.132)"
        " { total maxCount cells { count } } }"
    )

    assert answer["data"]["hazardHeatMap"] == {"total": 1, "maxCount": 1, "cells": [{"count": 1}]}
