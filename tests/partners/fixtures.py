"""Partner fixtures: organisations with valid credit codes, partnerships in any status."""

import itertools
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from commonweal.partners.models import PartnershipStatus
from commonweal.partners.registry.credit_code import make_code
from commonweal.partners.registry.services import organisation_register
from commonweal.partners.services import calls, partnerships
from commonweal.platform.kernel.roles import Role
from commonweal.welfaremap.models import ServicePoint
from tests.fixtures import host_of, make_member, make_user

# Real codes, checked by hand against GB 32100-2015 and GB 11714.
REAL_CODES = [
    "91350100M000100Y43",
    "91110000600037341L",
    "91440300708461136T",  # 腾讯科技(深圳)有限公司
    "91110108551385082Q",  # 小米科技有限责任公司
]
_serial = itertools.count(1)
S = PartnershipStatus


def get_page(community, path, user=None):
    """GET a page of `community`'s host, signed in as `user` if given."""
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(path, HTTP_HOST=host_of(community))
    connection.set_schema_to_public()
    return response


@contextmanager
def in_schema(community):
    connection.set_tenant(community)
    try:
        yield
    finally:
        connection.set_schema_to_public()


def new_code() -> str:
    return make_code(division="510104", body=f"{next(_serial) + 7000000:08d}")


def make_organisation(representative=None, *, name=None, kind="enterprise", **fields):
    n = next(_serial)
    return organisation_register(
        actor=representative or make_user(name=f"代表{n}"),
        kind=kind,
        legal_name=name or f"测试合伙人{n}有限公司",
        credit_code=fields.pop(
            "credit_code", new_code() if kind in ("enterprise", "social_org") else ""
        ),
        contact_phone=fields.pop("contact_phone", "13800138000"),
        **fields,
    )


# The verbs that lead to each status from a fresh application.
PATH = {
    S.APPLIED: [],
    S.UNDER_REVIEW: ["start_review"],
    S.APPROVED: ["start_review", "approve"],
    S.REJECTED: ["start_review", "reject"],
    S.ACTIVE: ["start_review", "approve", "activate"],
    S.SUSPENDED: ["start_review", "approve", "activate", "suspend"],
    S.EXITED: ["start_review", "approve", "activate", "exit"],
}


def make_partnership(community, status=S.ACTIVE, *, organisation=None, office=None, **apply):
    """A partnership moved through the services to `status` (caller is on the public schema)."""
    representative = make_user(name="合伙人代表")
    organisation = organisation or make_organisation(representative)
    representative = organisation.representatives.first().user
    office = office or make_member(community, Role.STAFF, name="审核社工")
    with in_schema(community):
        partnership = partnerships.partnership_apply(
            community=community,
            actor=representative,
            organisation_id=organisation.pk,
            tier=apply.get("tier", "low_fee"),
            statement=apply.get("statement", "我们愿意为社区服务。"),
            offers=apply.get("offers", ["家电维修", "公益维修日"]),
        )
        for verb in PATH[status]:
            # _move expects its caller's transaction (browser tests run in autocommit).
            with transaction.atomic():
                partnerships._move(
                    community=community,
                    actor=office,
                    partnership=partnership,
                    verb=verb,
                    reason="测试原因",
                )
        partnership.refresh_from_db()
    return partnership


def make_call(community, actor, *, title="招募社区匠人", needs="修鞋、裁缝", publish=True):
    """A call open to every kind for 30 days (caller is on the public schema)."""
    with in_schema(community):
        return calls.call_create(
            community=community,
            actor=actor,
            title=title,
            needs=needs,
            kinds_allowed=[],
            deadline=timezone.localdate() + timedelta(days=30),
            publish=publish,
        )


def service_point(name: str, **fields):
    """An unsaved point of the welfare map in central Chengdu."""
    return ServicePoint(
        name=name, category="repair", lat=30.6, lng=104.1, raw_lat=30.6, raw_lng=104.1, **fields
    )


def add_commitment(partnership, *, due_in_days=10, quantity=4, **fields):
    from commonweal.partners.models import ResourceCommitment

    return ResourceCommitment.objects.create(
        partnership=partnership,
        kind=fields.get("kind", "service"),
        title=fields.get("title", "公益维修"),
        quantity=quantity,
        unit="次",
        tier="free",
        due_on=timezone.localdate() + timedelta(days=due_in_days),
    )


@pytest.fixture
def office(fengshu):
    return make_member(fengshu, Role.STAFF, name="社工小李")


@pytest.fixture
def representative(db):
    return make_user(email="rep@partner.example.cn", name="合伙人代表老王")


@pytest.fixture
def organisation(representative):
    return make_organisation(representative, name="锦江家电维修有限公司")


def bulk_partners(community, count: int, *, offset: int = 0) -> None:
    """`count` active partners, each with a commitment, a service point, a delivery to a
    resident and that resident's rating, inserted in bulk (caller is on the public schema)."""
    from commonweal.partners.models import (
        Fulfilment,
        Partnership,
        ResourceCommitment,
        ServiceRating,
    )
    from commonweal.partners.registry.models import PartnerOrganisation

    now, today = timezone.now(), timezone.localdate()
    organisations = PartnerOrganisation.objects.bulk_create(
        PartnerOrganisation(
            kind="enterprise",
            legal_name=f"批量合伙人{offset + i:05d}",
            credit_code=make_code(division="510104", body=f"{80000000 + offset + i:08d}"),
            contact_phone="13800138000",
        )
        for i in range(count)
    )
    resident = make_member(community, Role.RESIDENT)
    with in_schema(community):
        partnerships = Partnership.objects.bulk_create(
            Partnership(
                organisation=o,
                status=S.ACTIVE,
                tier="low_fee",
                offers=["家电维修", "公益维修日"],
                applied_at=now,
                status_changed_at=now,
                activated_at=now,
            )
            for o in organisations
        )
        points = ServicePoint.objects.bulk_create(
            service_point(f"服务点{offset + i}") for i in range(count)
        )
        Through = Partnership.service_points.through
        Through.objects.bulk_create(
            Through(partnership_id=p.pk, servicepoint_id=s.pk)
            for p, s in zip(partnerships, points, strict=True)
        )
        commitments = ResourceCommitment.objects.bulk_create(
            ResourceCommitment(
                partnership=p, kind="service", title="公益维修", quantity=4, unit="次", due_on=today
            )
            for p in partnerships
        )
        fulfilments = Fulfilment.objects.bulk_create(
            Fulfilment(
                partnership=p, commitment=c, quantity=1, delivered_on=today, recipient=resident
            )
            for p, c in zip(partnerships, commitments, strict=True)
        )
        ServiceRating.objects.bulk_create(
            ServiceRating(fulfilment=f, partnership_id=f.partnership_id, rater=resident, score=4)
            for f in fulfilments
        )


def partner_state() -> dict:
    """`database_state()` plus what the partner programme writes in the public schema:
    organisations, their representatives and listings, notifications and search documents."""
    from commonweal.partners.registry.models import (
        PartnerOrganisation,
        PartnerRepresentative,
        PartnershipListing,
    )
    from commonweal.platform.notifications.models import Notification
    from commonweal.search.models import SearchDocument
    from tests.isolation import database_state

    state = database_state()
    for model in (
        PartnerOrganisation,
        PartnerRepresentative,
        PartnershipListing,
        Notification,
        SearchDocument,
    ):
        state[model._meta.label] = list(model.objects.order_by("pk").values())
    return state
