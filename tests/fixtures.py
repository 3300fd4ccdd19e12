"""Shared fixtures: communities, people with roles, and a GraphQL client for any host."""

import itertools
import json
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from commonweal.platform.accounts.models import User
from commonweal.platform.accounts.services import membership_add, token_create
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.services import community_create

PASSWORD = "correct horse battery staple"
_serial = itertools.count(1)


def make_community(slug: str, **overrides):
    fields = {
        "name": f"{slug}社区",
        "city": "成都市",
        "district": "锦江区",
        "subdistrict": "成龙路街道",
        "area_km2": "0.73",
        "population": 33000,
        "households": 14000,
        "centre_lat": 30.6,
        "centre_lng": 104.1,
    }
    fields.update(overrides)
    return community_create(slug=slug, **fields)


def make_user(*, email=None, phone=None, name="", staff=False) -> User:
    n = next(_serial)
    return User.objects.create_user(
        email or (None if phone else f"user{n}@example.cn"),
        PASSWORD,
        phone=phone,
        display_name=name or f"用户{n}",
        is_staff=staff,
    )


def make_member(community, *roles: Role, **user_fields) -> User:
    user = make_user(**user_fields)
    membership_add(community=community, user=user, roles=list(roles))
    return user


def host_of(community) -> str:
    return f"{community.slug}.{settings.BASE_DOMAIN}" if community else settings.BASE_DOMAIN


@dataclass
class GraphQLClient:
    """Posts GraphQL to one host as one identity: anonymous, a session, or a token."""

    host: str
    user: User | None = None
    token: str | None = None

    def __post_init__(self):
        self.client = Client(enforce_csrf_checks=False)
        if self.user is not None and self.token is None:
            self.client.force_login(self.user)

    def execute(self, query: str, variables: dict | None = None) -> dict:
        headers = {"HTTP_HOST": self.host}
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        variables = dict(variables or {})
        files = {k: v for k, v in variables.items() if isinstance(v, UploadedFile)}
        if files:
            # The GraphQL multipart request spec: the operation with nulls where files go,
            # a map from part names to variable paths, then the files.
            operations = {"query": query, "variables": variables | dict.fromkeys(files)}
            body = {
                "operations": json.dumps(operations),
                "map": json.dumps({name: [f"variables.{name}"] for name in files}),
                **files,
            }
            response = self.client.post("/graphql/", body, **headers)
        else:
            response = self.client.post(
                "/graphql/",
                json.dumps({"query": query, "variables": variables}),
                content_type="application/json",
                **headers,
            )
        # The community middleware leaves the connection on the community's schema.
        connection.set_schema_to_public()
        self.status = response.status_code
        return response.json()


def gql(community=None, user=None, *, token=None) -> GraphQLClient:
    return GraphQLClient(host=host_of(community), user=user, token=token)


def run_worker() -> None:
    """Run every job due, as `commonweal worker` would: over the worker's own connector (so
    only committed jobs and data are seen)."""
    from procrastinate.contrib.django import app

    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)


def token_for(user, community=None) -> str:
    _token, secret = token_create(user=user, name="tests", community=community)
    return secret


@pytest.fixture
def fengshu(db):
    return make_community("fengshu", name="枫树社区")


@pytest.fixture
def jiahonglu(db):
    return make_community("jiahonglu", name="佳宏路社区", subdistrict="狮子山街道")


@pytest.fixture
def platform_admin(db):
    return make_user(email="root@example.cn", staff=True)


class StatementsRun(CaptureQueriesContext):
    """The statements a block ran, search-path switches left out: whether the
    connection must switch schema depends on what ran before, not on the rows."""

    def __len__(self) -> int:
        return sum(1 for q in self.captured_queries if not q["sql"].startswith("SET search_path"))
