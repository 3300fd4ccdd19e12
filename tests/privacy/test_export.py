"""下载我的数据: the person's rows from every community, prepared by a job."""

from datetime import timedelta

from django.utils import timezone

from commonweal.privacy.models import DataExport, ExportStatus
from commonweal.privacy.services.exports import (
    export_build,
    export_request,
    exports_purge_expired,
    person_archive,
)
from tests.fixtures import make_member
from tests.privacy.fixtures import NAME, PHONE, unzip


def test_the_export_holds_the_persons_rows_from_every_community(person):
    # when the person's archive is made
    files = unzip(person_archive(person.user))

    # then it has their account, and from both communities their need, report, donation,
    # volunteer profile and points
    account = files["account.json"]
    assert (account["display_name"], account["phone"]) == (NAME, PHONE)
    assert sorted(c["slug"] for c in account["communities"]) == ["fengshu", "jiahonglu"]
    for slug in ("fengshu", "jiahonglu"):
        needs = files[f"{slug}/needs.Need.json"]
        assert [n["title"] for n in needs] == ["楼道灯坏了"]
        assert [r["description"] for r in files[f"{slug}/hazards.HazardReport.json"]] == [
            f"消防通道堆物，{NAME}发现"
        ]
        donations = files[f"{slug}/microfund.Donation.json"]
        assert [(d["amount"], d["donor_name"]) for d in donations] == [(5000, NAME)]
        assert [p["real_name"] for p in files[f"{slug}/timebank.VolunteerProfile.json"]] == [NAME]
        assert [p["points"] for p in files[f"{slug}/timebank.points.json"]] == [5]
        assert files[f"{slug}/needs.Need.csv"].splitlines()[0].startswith("id,")
    # ... and from the platform, their memberships and the organisation they registered
    assert len(files["platform/platform.Membership.json"]) == 2
    assert [
        o["legal_name"] for o in files["platform/partner_registry.PartnerOrganisation.json"]
    ] == ["思远修鞋铺"]
    # ... and no secret of anyone
    assert not any("password" in json_row for json_row in str(files["account.json"]))
    assert "password" not in files["platform/platform.User.json"][0]


def test_an_export_is_prepared_by_a_job_and_then_ready(person, django_capture_on_commit_callbacks):
    # given a requested export
    export = export_request(user=person.user)
    assert export.status == ExportStatus.PREPARING

    # when its job runs
    export_build(export.pk)

    # then it is ready with the zip
    export = DataExport.objects.get(pk=export.pk)
    assert export.status == ExportStatus.READY
    assert export.size == len(bytes(export.content)) > 0
    assert export.download_path == f"/me/data/exports/{export.pk}/"
    assert "fengshu/needs.Need.json" in unzip(bytes(export.content))


def test_exports_are_deleted_after_their_lifetime(fengshu):
    # given a fresh export and one past its 7 days
    resident = make_member(fengshu, "resident")
    fresh = export_request(user=resident)
    old = export_request(user=resident)
    DataExport.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    # when the daily purge runs
    # then only the old one is gone
    assert exports_purge_expired() == 1
    assert list(DataExport.objects.values_list("pk", flat=True)) == [fresh.pk]
