"""操作日志: every staff and admin write that succeeds leaves exactly one append-only row with
what changed; a refused or rolled-back write leaves none; admins read and export their own."""

import csv
import io
from enum import StrEnum
from types import SimpleNamespace
from typing import Annotated

import pytest
import strawberry
from django.db import DatabaseError, connection, transaction
from django.test import Client
from strawberry.types import Info

from commonweal.platform.audit.models import AuditEntry
from commonweal.platform.audit.services import record
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.graphql.errors import ErrorCodes, error_type
from commonweal.platform.kernel.graphql.mutations import (
    MEMBERS,
    OFFICE,
    arg,
    caller,
    mutation,
    payload,
)
from commonweal.platform.kernel.observability import CLIENT_IP
from commonweal.platform.kernel.roles import Role
from commonweal.tenants.models import Community
from tests.fixtures import gql, host_of, make_member


class IntroErrorCode(StrEnum):
    TOO_SHORT = "TOO_SHORT"


IntroError = error_type(IntroErrorCode, "IntroError")
IntroPayload = payload("IntroPayload", IntroError, introduction=(str, "As saved."))


@strawberry.type
class Query:
    @strawberry.field(description="Nothing.")
    def ok(self) -> bool:
        return True


@strawberry.type
class Mutation:
    @mutation(IntroPayload, allow=OFFICE, description="Change the introduction (office).")
    def set_introduction(
        self,
        info: Info,
        text: Annotated[str, arg("The new introduction.")],
        password: Annotated[str, arg("A secret that must not be logged.")] = "",
    ) -> IntroPayload:
        community = caller(info).community
        Community.objects.filter(pk=community.pk).update(introduction=text)
        if len(text) < 2:
            raise DomainError(IntroErrorCode.TOO_SHORT, "太短", field="text")
        return IntroPayload(introduction=text)

    @mutation(IntroPayload, allow=MEMBERS, description="A resident's own write: not audited.")
    def like(self, info: Info) -> IntroPayload:
        return IntroPayload(introduction="")


schema = strawberry.Schema(query=Query, mutation=Mutation, extensions=[ErrorCodes])
SET = 'mutation($t: String!) { setIntroduction(text: $t, password: "hunter2") { errors { code } } }'


def _run(document, user, community, variables=None):
    request = SimpleNamespace(user=user, tenant=community)
    connection.set_tenant(community)
    token = CLIENT_IP.set("203.0.113.7")
    try:
        return schema.execute_sync(
            document, variable_values=variables, context_value=SimpleNamespace(request=request)
        )
    finally:
        CLIENT_IP.reset(token)
        connection.set_schema_to_public()


def test_a_staff_write_leaves_exactly_one_row_with_what_changed(fengshu):
    # given a staff member of fengshu
    staff = make_member(fengshu, Role.STAFF, name="社工小李")

    # when they change the introduction
    result = _run(SET, staff, fengshu, {"t": "欢迎来到枫树"})

    # then one row says who, where, what and from where; the secret is not kept
    assert result.errors is None
    (entry,) = AuditEntry.objects.all()
    assert (entry.actor, entry.actor_name, entry.community, entry.channel, entry.action) == (
        staff,
        str(staff),
        "c_fengshu",
        "graphql",
        "setIntroduction",
    )
    assert entry.changes == {"text": "欢迎来到枫树", "password": "***"}
    assert entry.ip == "203.0.113.7"


def test_a_refused_write_leaves_no_row_and_no_change(fengshu):
    staff = make_member(fengshu, Role.STAFF)

    result = _run(SET, staff, fengshu, {"t": "短"})

    assert result.data["setIntroduction"]["errors"] == [{"code": "TOO_SHORT"}]
    assert AuditEntry.objects.count() == 0
    fengshu.refresh_from_db()
    assert fengshu.introduction == ""


def test_a_write_refused_for_the_role_leaves_no_row(fengshu):
    resident = make_member(fengshu, Role.RESIDENT)

    result = _run(SET, resident, fengshu, {"t": "欢迎来到枫树"})

    assert result.errors is not None
    assert AuditEntry.objects.count() == 0


def test_a_residents_own_write_is_not_an_office_write(fengshu):
    resident = make_member(fengshu, Role.RESIDENT)

    _run("mutation { like { errors { code } } }", resident, fengshu)

    assert AuditEntry.objects.count() == 0


def test_the_log_is_append_only_in_the_database(fengshu):
    entry = record(actor=None, channel="graphql", action="x")

    for statement in (
        "UPDATE audit_auditentry SET action = 'y'",
        "DELETE FROM audit_auditentry",
        "TRUNCATE audit_auditentry",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AuditEntry.objects.get().pk == entry.pk


AUDIT_LOG = "query { auditLog(first: 10) { edges { node { action actorName changes ip } } } }"


def test_admins_read_their_own_communitys_log_and_no_other(fengshu, jiahonglu):
    # given one write in each community
    _run(SET, make_member(fengshu, Role.STAFF, name="枫树社工"), fengshu, {"t": "枫树欢迎你"})
    _run(SET, make_member(jiahonglu, Role.STAFF), jiahonglu, {"t": "佳宏路欢迎你"})

    # when fengshu's admin, and then its staff, read the log
    admin = make_member(fengshu, Role.ADMIN)
    as_admin = gql(fengshu, admin).execute(AUDIT_LOG)
    as_staff = gql(fengshu, make_member(fengshu, Role.STAFF)).execute(AUDIT_LOG)

    # then the admin sees fengshu's row only; staff see nothing of it
    assert as_admin == {
        "data": {
            "auditLog": {
                "edges": [
                    {
                        "node": {
                            "action": "setIntroduction",
                            "actorName": "枫树社工",
                            "changes": {"text": "枫树欢迎你", "password": "***"},
                            "ip": "203.0.113.7",
                        }
                    }
                ]
            }
        }
    }
    assert as_staff == {"data": {"auditLog": {"edges": []}}}


def test_admins_export_the_log_as_csv(fengshu):
    _run(SET, make_member(fengshu, Role.STAFF, name="枫树社工"), fengshu, {"t": "枫树欢迎你"})
    client = Client()
    client.force_login(make_member(fengshu, Role.ADMIN))

    response = client.get("/audit.csv", HTTP_HOST=host_of(fengshu))
    connection.set_schema_to_public()

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "at",
        "actor_name",
        "channel",
        "action",
        "target",
        "changes",
        "ip",
        "request_id",
    ]
    assert [[*row[1:5], row[6]] for row in rows[1:]] == [
        ["枫树社工", "graphql", "setIntroduction", "", "203.0.113.7"]
    ]


def test_staff_cannot_export_the_log(fengshu):
    client = Client()
    client.force_login(make_member(fengshu, Role.STAFF))

    response = client.get("/audit.csv", HTTP_HOST=host_of(fengshu))
    connection.set_schema_to_public()

    assert response.status_code == 403


def test_an_admin_site_change_is_logged_with_its_fields(fengshu):
    # given the community's admin in the community admin site
    from commonweal.platform.accounts.models import Membership

    admin = make_member(fengshu, Role.ADMIN, name="站长")
    resident = make_member(fengshu, Role.RESIDENT)
    membership = Membership.objects.get(user=resident, community=fengshu)
    client = Client()
    client.force_login(admin)

    # when they give the resident the volunteer role too
    response = client.post(
        f"/admin/platform/membership/{membership.pk}/change/",
        {"roles": ["resident", "volunteer"]},
        HTTP_HOST=host_of(fengshu),
    )
    connection.set_schema_to_public()

    # then the admin's change is in the log, naming the changed field
    assert response.status_code == 302
    (entry,) = AuditEntry.objects.filter(channel="admin")
    assert (entry.actor, entry.community, entry.action) == (admin, "c_fengshu", "change membership")
    assert entry.changes == {"admin": [{"changed": {"fields": ["roles"]}}]}
    assert entry.ip == "127.0.0.1"


CREATE_COMPOUND = (
    'mutation { createCompound(input: {name: "二号院", lat: 30.61, lng: 104.11}) {'
    " compound { name } errors { code } } }"
)


def test_a_real_office_mutation_is_logged_once_and_a_residents_attempt_not_at_all(fengshu):
    # given a resident and a staff member of fengshu
    resident = make_member(fengshu, Role.RESIDENT)
    staff = make_member(fengshu, Role.STAFF, name="网格员小王")

    # when the resident tries to register a compound, then the staff member does
    refused = gql(fengshu, resident).execute(CREATE_COMPOUND)
    done = gql(fengshu, staff).execute(CREATE_COMPOUND)

    # then only the staff member's write is in the log, with what they sent
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert done["data"]["createCompound"] == {"compound": {"name": "二号院"}, "errors": []}
    (entry,) = AuditEntry.objects.all()
    assert (entry.actor, entry.community, entry.action, entry.ip) == (
        staff,
        "c_fengshu",
        "createCompound",
        "127.0.0.1",
    )
    assert entry.changes["input"]["name"] == "二号院"
    assert (entry.changes["input"]["lat"], entry.changes["input"]["lng"]) == (30.61, 104.11)
