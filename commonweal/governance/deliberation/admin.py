"""Deliberation in the community admin: read-only records with their transition logs, and the
community's rules (which admins edit). Every move is made on the pages or over GraphQL, where
the services keep the lifecycle."""

from django.contrib import admin

from commonweal.governance.deliberation.models import (
    AgendaItem,
    Attendance,
    Decision,
    DecisionTransition,
    DeliberationSettings,
    Meeting,
    MeetingInvitation,
    MeetingTransition,
    Proposal,
    ProposalTransition,
    VoteOption,
)
from commonweal.platform.accounts.admin_sites import OfficeRoleAdmin, community_admin
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.roles import OFFICE_ROLES

LOG_FIELDS = ["at", "from_status", "to_status", "actor", "reason"]


def _read_only_inline(model, fields, base=admin.TabularInline):
    class Inline(base):
        extra = 0
        can_delete = False

        def has_add_permission(self, request, obj=None):
            return False

        def has_change_permission(self, request, obj=None):
            return False

        # As the page's own admin: office roles of the community, not Django's model perms
        # (which no community member holds, so the inline would be hidden from them).
        def has_view_permission(self, request, obj=None):
            return bool(roles_in_current_community(request) & OFFICE_ROLES)

    Inline.model = model
    Inline.fields = Inline.readonly_fields = fields
    return Inline


@admin.register(DeliberationSettings, site=community_admin)
class DeliberationSettingsAdmin(OfficeRoleAdmin):
    list_display = ["support_threshold", "vote_rule", "quorum", "open_votes"]
    fields = ["support_threshold", "vote_rule", "quorum", "proposer_roles", "open_votes"]


@admin.register(Proposal, site=community_admin)
class ProposalAdmin(OfficeRoleAdmin):
    list_display = ["title", "status", "support_count", "scope", "place", "created_at"]
    list_filter = ["status", "scope"]
    search_fields = ["title", "background", "proposal", "place"]
    fields = [
        "title",
        "background",
        "proposal",
        "scope",
        "place",
        "need",
        "status",
        "status_reason",
        "support_count",
        "merged_into",
        "created_at",
    ]
    readonly_fields = fields
    inlines = [_read_only_inline(ProposalTransition, LOG_FIELDS)]


@admin.register(Meeting, site=community_admin)
class MeetingAdmin(OfficeRoleAdmin):
    list_display = ["title", "kind", "starts_at", "status", "chair", "chair_partnership"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "place", "minutes"]
    fields = [
        "title",
        "kind",
        "starts_at",
        "place",
        "online_link",
        "chair",
        "chair_partnership",
        "status",
        "minutes",
        "minutes_signed_by",
        "minutes_published_at",
    ]
    readonly_fields = fields
    inlines = [
        _read_only_inline(
            AgendaItem,
            [
                "position",
                "title",
                "need",
                "task",
                "project",
                "votes_for",
                "votes_against",
                "votes_abstain",
                "winning_option",
                "outcome",
            ],
        ),
        _read_only_inline(
            MeetingInvitation,
            ["user", "partnership", "department", "confirmed_at", "confirmation_note"],
        ),
        _read_only_inline(Attendance, ["name", "user", "created_at"]),
        _read_only_inline(MeetingTransition, LOG_FIELDS),
    ]


@admin.register(AgendaItem, site=community_admin)
class AgendaItemAdmin(OfficeRoleAdmin):
    """An item with the options of its vote and each one's recorded votes."""

    list_display = ["title", "meeting", "outcome", "tallied_at"]
    list_filter = ["outcome"]
    search_fields = ["title", "notes"]
    fields = [
        "meeting",
        "title",
        "proposal",
        "need",
        "task",
        "project",
        "notes",
        "vote_opens_at",
        "vote_closes_at",
        "outcome",
        "winning_option",
        "tallied_at",
    ]
    readonly_fields = fields
    inlines = [_read_only_inline(VoteOption, ["position", "label", "votes"])]


@admin.register(Decision, site=community_admin)
class DecisionAdmin(OfficeRoleAdmin):
    list_display = ["title", "status", "due_on", "done_at", "overdue_flagged_at"]
    list_filter = ["status"]
    fields = ["title", "description", "item", "owners", "due_on", "task", "status", "progress"]
    readonly_fields = fields
    inlines = [_read_only_inline(DecisionTransition, LOG_FIELDS)]
