"""Each demo community has its own donors, project and grant call (not one list for all)."""

from itertools import combinations

from commonweal.microfund import demo
from commonweal.tenants.demo_data import DEMO_COMMUNITIES


def test_every_demo_community_has_its_own_donors_project_and_call():
    slugs = {d["slug"] for d in DEMO_COMMUNITIES}
    assert set(demo.DONATIONS) == set(demo.PROJECTS) == set(demo.GRANT_CALLS) == slugs
    named = {slug: {row[1] for row in rows if row[1]} for slug, rows in demo.DONATIONS.items()}
    for a, b in combinations(sorted(slugs), 2):
        assert named[a].isdisjoint(named[b]), (a, b, named[a] & named[b])
    assert len({p[0] for p in demo.PROJECTS.values()}) == len(slugs)
    assert len(set(demo.GRANT_CALLS.values())) == len(slugs)
