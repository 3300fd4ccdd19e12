"""The hazards pages of a community host. Every write calls the same service as GraphQL, in
one transaction; a refusal is shown in words and changes nothing."""

from commonweal.governance.hazards.views.department import department_answer
from commonweal.governance.hazards.views.reports import (
    report_act,
    report_detail,
    report_list,
    report_new,
    report_statistics,
)

__all__ = [
    "department_answer",
    "report_act",
    "report_detail",
    "report_list",
    "report_new",
    "report_statistics",
]
