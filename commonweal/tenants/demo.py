"""Demo communities from the seed documents, for a newcomer's first start."""

import importlib
import re

from django.db import transaction

from commonweal.platform.accounts.models import User
from commonweal.platform.accounts.services import membership_add
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.demo_data import DEMO_COMMUNITIES, PLATFORM_ADMIN, demo_password
from commonweal.tenants.links import community_url
from commonweal.tenants.models import Community
from commonweal.tenants.services import COMMUNITY_FIELDS, community_create

# Apps add their demo data through a `load(community, data)` function in these modules;
# `data` is the community's entry in DEMO_COMMUNITIES.
DEMO_LOADERS = (
    "commonweal.welfaremap.demo",
    "commonweal.partners.demo",
    "commonweal.microfund.demo",
    "commonweal.governance.needs.demo",
    # Hazards first: its departments are invited to deliberation's joint meetings.
    "commonweal.governance.hazards.demo",
    "commonweal.governance.deliberation.demo",
    "commonweal.governance.photos.demo",
    "commonweal.timebank.demo",
)


def _user(email, password, **fields) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password, **fields)
    return user


@transaction.atomic
def ensure_demo() -> list[tuple[str, str, str]]:
    """Create what is missing; returns (where, login, password) rows to print."""
    email, password = PLATFORM_ADMIN
    _user(email, password, display_name="平台管理员", is_staff=True, is_superuser=True)
    rows = [("platform admin", email, password)]
    for data in DEMO_COMMUNITIES:
        community = Community.objects.filter(slug=data["slug"]).first()
        if community is None:
            community = community_create(
                slug=data["slug"],
                introduction=data["statement"],
                **{f: data[f] for f in COMMUNITY_FIELDS},
            )
        admin = _user(
            data["admin_email"],
            demo_password(data["slug"]),
            phone=data["admin_phone"],
            display_name=data["admin_name"],
        )
        membership_add(community=community, user=admin, roles=[Role.ADMIN, Role.STAFF])
        _load_app_demos(community, data)
        rows.append(
            (
                f"{data['name']} {community_url(data['slug'])}",
                data["admin_email"],
                demo_password(data["slug"]),
            )
        )
    return rows


def _load_app_demos(community, data) -> None:
    from django.db import connection

    connection.set_tenant(community)
    try:
        for module_name in DEMO_LOADERS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue  # that app has no demo data yet
            # Each app's demo lands whole or not at all, and services that lock rows
            # (select_for_update) need the transaction.
            with transaction.atomic():
                module.load(community, data)
    finally:
        connection.set_schema_to_public()


def print_credentials(rows, port: int | None = None) -> None:
    print("\n演示账号 / demo accounts:")
    for where, login, password in rows:
        if port:
            # Links built while serving already carry the port; others get it once.
            where = re.sub(r"\.localhost(?![:\d])", f".localhost:{port}", where)
        print(f"  {where}\n    登录 login: {login}    密码 password: {password}")
