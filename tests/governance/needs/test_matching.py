"""Suggested resources for a need, and likely duplicates, against hand-computed figures."""

import pytest

from commonweal.governance.needs import matching
from commonweal.governance.needs.models import CommunityResource, NeedStatus, ResourceTerms
from commonweal.partners.models import ResourceCommitment
from commonweal.welfaremap.models import ServicePoint
from tests.governance.needs.fixtures import SQUARE, need_in, raise_need
from tests.partners.fixtures import in_schema

LAT, LNG = SQUARE


def _resource(title, categories, description="", lat=None, lng=None):
    return CommunityResource.objects.create(
        title=title,
        kind="equipment",
        categories=categories,
        description=description,
        lat=lat,
        lng=lng,
    )


def test_resources_are_ranked_by_category_wording_and_distance(fengshu, people):
    # given a need for seats in the square and four resources
    need = need_in(
        fengshu,
        NeedStatus.ACCEPTED,
        people,
        title="时间广场缺少座椅",
        description="老人休息没有座椅",
    )
    with in_schema(fengshu):
        seats = _resource("户外座椅", ["facilities"], lat=LAT + 0.0045, lng=LNG)  # ≈ 500.9 m
        room = _resource("老人活动室", ["elderly", "culture"], "供老人休息", lat=LAT, lng=LNG)
        _resource("法律咨询", ["legal"])
        point = ServicePoint.objects.create(
            name="佳宏物业服务中心",
            category="repair",
            lat=LAT + 0.009,
            lng=LNG,  # ≈ 1,001.9 m
            raw_lat=LAT + 0.009,
            raw_lng=LNG,
        )
        people.partner.service_points.add(point)
        repair = ResourceCommitment.objects.create(
            partnership=people.partner, kind="service", title="座椅维修", quantity=4, unit="次"
        )
        # when the platform suggests resources
        found = matching.suggestions_for(need)
    # then, by hand (need: 13 distinct bigrams):
    #   户外座椅: 0.5·1 + 0.3·(2·1/16) + 0.2·(1 − 500.94/2000)  = 0.687406
    #   座椅维修: 0.5·1 + 0.3·(2·1/16) + 0.2·(1 − 1001.88/2000) = 0.637312
    #   老人活动室: 0.5·0 + 0.3·(2·3/20) + 0.2·1                = 0.29
    #   法律咨询 shares nothing and is left out
    assert [(s.resource.source, s.resource.pk) for s in found] == [
        ("community", seats.pk),
        ("partner", repair.pk),
        ("community", room.pk),
    ]
    assert [s.score for s in found] == pytest.approx([0.687406, 0.637312, 0.29], abs=2e-6)
    assert found[1].resource.provider == "四川佳宏物业"
    assert found[0].reason == "同类需求 · 文字相近 12% · 相距 501 米"
    assert found[2].reason == "文字相近 30% · 相距 0 米"


def test_likely_duplicates_are_same_category_nearby_and_alike(fengshu, people):
    # given open needs around the square
    raise_need(fengshu, people.resident, title="广场座椅坏了", description="座椅坏了没法坐")
    near = raise_need(
        fengshu,
        people.neighbour,
        title="广场座椅损坏",
        description="座椅坏了",
        lat=LAT + 0.00135,  # ≈ 150 m
    )
    raise_need(
        fengshu,
        people.neighbour,
        title="广场座椅坏了",
        description="座椅坏了",
        category="safety",
    )
    raise_need(
        fengshu,
        people.neighbour,
        title="广场座椅坏了",
        description="座椅坏了",
        lat=LAT + 0.0045,  # ≈ 350 m from where the resident stands
    )
    raise_need(fengshu, people.neighbour, title="路灯不亮", description="晚上太黑", lat=LAT)
    # when a resident about to report the broken seats asks for likely duplicates
    with in_schema(fengshu):
        found = matching.likely_duplicates(
            title="广场的座椅坏了",
            description="",
            category="facilities",
            lat=LAT + 0.00135,
            lng=LNG,
            exclude=near.pk,
        )
    # then only the same-category need within 200 m with similar words is suggested
    assert [(n.title, round(d)) for n, d, _alike in found] == [("广场座椅坏了", 150)]


def test_the_resources_list_filters_by_kind_words_and_place(fengshu, people):
    with in_schema(fengshu):
        room = _resource("老人活动室", ["elderly"], "供老人休息", lat=LAT, lng=LNG)
        _resource("应急物资库", ["safety"], "灭火器", lat=LAT + 0.05, lng=LNG)
        far_room = _resource("书画活动室", ["culture", "elderly"], lat=LAT + 0.05, lng=LNG)
        assert [r.pk for r in matching.resources_list(categories=["elderly"])] == [
            room.pk,
            far_room.pk,
        ]
        assert [r.pk for r in matching.resources_list(text="活动室")] == [room.pk, far_room.pk]
        assert [r.pk for r in matching.resources_list(near=(LAT, LNG), radius_m=1000)] == [room.pk]


def _suggest(need):
    from django.db import connection

    from tests.fixtures import StatementsRun

    with StatementsRun(connection) as run:
        found = matching.suggestions_for(need)
    return [(s.resource.title, s.score) for s in found], len(run)


def test_resources_words_are_cut_once_kept_with_the_row_and_rank_the_same(fengshu, people):
    # given a need and a community resource and a partner's commitment never matched before
    need = need_in(
        fengshu, NeedStatus.ACCEPTED, people, title="广场缺少座椅", description="广场缺少座椅"
    )
    with in_schema(fengshu):
        seats = _resource("户外座椅", ["facilities"], "可借用")
        repair = ResourceCommitment.objects.create(
            partnership=people.partner, kind="service", title="座椅维修", quantity=4, unit="次"
        )
        # when suggestions are asked for twice
        first, first_statements = _suggest(need)
        second, second_statements = _suggest(need)
        stored = {
            (t.source, t.key): (t.version, t.text, sorted(t.terms))
            for t in ResourceTerms.objects.all()
        }
    # then the first cut the words and stored them in one statement; the second read them
    assert stored == {
        ("community", seats.pk): (1, "户外座椅 可借用", ["借用", "可借", "外座", "座椅", "户外"]),
        ("partner", repair.pk): (1, "座椅维修 ", ["座椅", "椅维", "维修"]),
    }
    # (need: 5 bigrams; 户外座椅 0.5 + 0.3·2/10, 座椅维修 0.3·2/8, neither placed)
    assert first == second == [("户外座椅", 0.56), ("座椅维修", 0.075)]
    assert first_statements == second_statements + 1


def test_a_resource_edited_behind_the_services_back_is_matched_by_its_new_words(fengshu, people):
    # given suggestions made once, their words stored
    need = need_in(
        fengshu, NeedStatus.ACCEPTED, people, title="广场缺少座椅", description="广场缺少座椅"
    )
    with in_schema(fengshu):
        lawyer = _resource("法律咨询", ["legal"])
        assert _suggest(need)[0] == []
        # when the resource is renamed by a bulk update (no service, no hook: as the admin,
        # a script or another process might)
        CommunityResource.objects.filter(pk=lawyer.pk).update(title="座椅出借")
        found, _n = _suggest(need)
        again, _n = _suggest(need)
        terms = ResourceTerms.objects.get(source="community", key=lawyer.pk)
    # then it is matched by its new words at once, and its row now holds them
    assert [title for title, _score in found] == ["座椅出借"] == [t for t, _s in again]
    assert (terms.text, sorted(terms.terms)) == ("座椅出借 ", ["出借", "座椅", "椅出"])


def test_words_cut_by_an_older_cutter_are_cut_again(fengshu, people):
    need = need_in(
        fengshu, NeedStatus.ACCEPTED, people, title="广场缺少座椅", description="广场缺少座椅"
    )
    with in_schema(fengshu):
        seats = _resource("户外座椅", ["facilities"])
        # a row as an older version of the cutter left it, with other words
        ResourceTerms.objects.create(
            source="community", key=seats.pk, version=0, text="户外座椅 ", terms=["无关"]
        )
        found, _n = _suggest(need)
        terms = ResourceTerms.objects.get(source="community", key=seats.pk)
    assert [title for title, _score in found] == ["户外座椅"]
    assert (terms.version, sorted(terms.terms)) == (1, ["外座", "座椅", "户外"])
