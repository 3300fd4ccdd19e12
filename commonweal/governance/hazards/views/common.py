"""What every hazards page shares: the community and roles, who may go on, one write (the
shell's page helpers are the needs pages', as deliberation's are)."""

from commonweal.governance.needs.views.common import attempt, page_context, refusal

__all__ = ["attempt", "page_context", "refusal"]
