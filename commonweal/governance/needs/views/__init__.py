"""The needs pages of a community host: the public board (我为群众办实事), raising a need,
a need's page with "me too", triage for staff and rating, the task list with partners'
responses, and projects. Every write calls the same service as GraphQL, in one transaction;
a refusal is shown in words and changes nothing."""

from commonweal.governance.needs.views.matches import need_match_confirm, need_match_withdraw
from commonweal.governance.needs.views.needs import (
    need_act,
    need_detail,
    need_new,
    needs_board,
    needs_board_csv,
)
from commonweal.governance.needs.views.projects import (
    milestone_add,
    milestone_complete,
    project_cancel,
    project_complete,
    project_detail,
    project_grant,
)
from commonweal.governance.needs.views.resources import resources_page
from commonweal.governance.needs.views.tasks import need_task_publish, task_choose, task_detail

__all__ = [
    "milestone_add",
    "milestone_complete",
    "need_act",
    "need_detail",
    "need_match_confirm",
    "need_match_withdraw",
    "need_new",
    "need_task_publish",
    "needs_board",
    "needs_board_csv",
    "project_cancel",
    "project_complete",
    "project_detail",
    "project_grant",
    "resources_page",
    "task_choose",
    "task_detail",
]
