"""List fields cost a fixed number of SQL queries, whatever the number of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from commonweal.platform.accounts.models import Invitation
from commonweal.platform.kernel.roles import Role
from commonweal.platform.notifications.models import Notification
from tests.fixtures import StatementsRun, gql, make_member, make_user, token_for

PAGE = 100
MEMBERS = (
    "query($after: String) { members(first: 100, after: $after) { totalCount"
    " pageInfo { hasNextPage endCursor }"
    " edges { node { id displayName email phone roles joinedAt } } } }"
)
INVITATIONS = (
    "query($after: String) { invitations(first: 100, after: $after) { totalCount"
    " pageInfo { hasNextPage endCursor }"
    " edges { node { id email phone roles createdAt expiresAt acceptedAt revokedAt } } } }"
)
NOTIFICATIONS = (
    "query($after: String) { notifications(first: 100, after: $after) { totalCount"
    " pageInfo { hasNextPage endCursor }"
    " edges { node { id kind title body url createdAt readAt communitySlug } } } }"
)
API_TOKENS = (
    "query($after: String) { apiTokens(first: 100, after: $after) { totalCount"
    " pageInfo { hasNextPage endCursor } edges { node { id name hint communitySlug } } } }"
)


def _pages(client, query: str, field: str) -> list[tuple[int, int]]:
    """(queries, rows) of every page, following the cursor to the end."""
    pages, after = [], None
    while True:
        with StatementsRun(connection) as run:
            response = client.execute(query, {"after": after})
        connection_ = response["data"][field]
        pages.append((len(run), len(connection_["edges"])))
        if not connection_["pageInfo"]["hasNextPage"]:
            return pages
        after = connection_["pageInfo"]["endCursor"]


def _invite_many(community, admin, count: int) -> None:
    Invitation.objects.bulk_create(
        Invitation(
            community=community,
            email=f"invitee{n}@example.cn",
            roles=[Role.RESIDENT],
            secret_digest=Invitation.digest(f"{community.slug}-{n}"),
            invited_by=admin,
            expires_at="2099-01-01T00:00:00Z",
        )
        for n in range(count)
    )


def test_listing_members_costs_the_same_for_10_and_200(fengshu, jiahonglu):
    # given Fengshu with 10 members and Jiahonglu with 200, each with an admin token
    small_admin = make_member(fengshu, Role.ADMIN)
    for _ in range(9):
        make_member(fengshu, Role.RESIDENT)
    large_admin = make_member(jiahonglu, Role.ADMIN)
    for _ in range(199):
        make_member(jiahonglu, Role.RESIDENT, phone=None)
    small = gql(fengshu, token=token_for(small_admin, fengshu))
    large = gql(jiahonglu, token=token_for(large_admin, jiahonglu))
    small.execute("query { myRoles }")  # the token's first use writes last_used_at
    large.execute("query { myRoles }")

    # when each admin lists every member, page by page
    small_pages = _pages(small, MEMBERS, "members")
    large_pages = _pages(large, MEMBERS, "members")

    # then every page costs the same number of queries
    ((small_queries, small_rows),) = small_pages
    assert small_rows == 10
    assert large_pages == [(small_queries, PAGE), (small_queries, PAGE)]


def test_listing_invitations_costs_the_same_for_10_and_200(fengshu, jiahonglu):
    # given Fengshu with 10 invitations and Jiahonglu with 200
    small_admin = make_member(fengshu, Role.ADMIN)
    large_admin = make_member(jiahonglu, Role.ADMIN)
    _invite_many(fengshu, small_admin, 10)
    _invite_many(jiahonglu, large_admin, 200)
    small, large = gql(fengshu, small_admin), gql(jiahonglu, large_admin)

    # when each admin lists every invitation, page by page
    small_pages = _pages(small, INVITATIONS, "invitations")
    large_pages = _pages(large, INVITATIONS, "invitations")

    # then every page costs the same number of queries
    ((small_queries, small_rows),) = small_pages
    assert small_rows == 10
    assert large_pages == [(small_queries, PAGE), (small_queries, PAGE)]


def test_listing_api_tokens_costs_the_same_for_10_and_200(fengshu):
    # given one user with 10 tokens (some scoped to Fengshu) and another with 200
    few, many = make_member(fengshu, Role.RESIDENT), make_member(fengshu, Role.RESIDENT)
    for n in range(10):
        token_for(few, fengshu if n % 2 else None)
    for n in range(200):
        token_for(many, fengshu if n % 2 else None)

    # when each lists their tokens on the platform host, page by page
    small_pages = _pages(gql(None, few), API_TOKENS, "apiTokens")
    large_pages = _pages(gql(None, many), API_TOKENS, "apiTokens")

    # then every page costs the same number of queries
    ((small_queries, small_rows),) = small_pages
    assert small_rows == 10
    assert large_pages == [(small_queries, PAGE), (small_queries, PAGE)]


def test_listing_notifications_costs_the_same_for_10_and_200(fengshu):
    # given one user with 10 notifications and another with 200, half about Fengshu
    few, many = make_user(), make_user()
    for user, count in ((few, 10), (many, 200)):
        Notification.objects.bulk_create(
            Notification(
                user=user, community=fengshu if n % 2 else None, kind="test", title=f"通知{n}"
            )
            for n in range(count)
        )

    # when each lists their notifications on the platform host, page by page
    small_pages = _pages(gql(None, few), NOTIFICATIONS, "notifications")
    large_pages = _pages(gql(None, many), NOTIFICATIONS, "notifications")

    # then every page costs the same number of queries
    ((small_queries, small_rows),) = small_pages
    assert small_rows == 10
    assert large_pages == [(small_queries, PAGE), (small_queries, PAGE)]


def test_member_list_query_count_is_pinned(fengshu):
    # given Fengshu with an admin, signed in, and 20 residents
    admin = make_member(fengshu, Role.ADMIN)
    for _ in range(20):
        make_member(fengshu, Role.RESIDENT)
    client = gql(fengshu, admin)

    # when the admin lists members
    with CaptureQueriesContext(connection) as captured:
        client.execute(MEMBERS, {"after": None})

    # then: host → community, session, user, the admin's roles, one page with its count
    statements = [q["sql"] for q in captured.captured_queries if "search_path" not in q["sql"]]
    assert len(statements) == 5, "\n".join(statements)
