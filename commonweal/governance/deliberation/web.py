"""What deliberation puts into the web shell (see commonweal.web.registry)."""

from django.utils.translation import gettext_lazy as _

from commonweal.web.registry import home_tile, search_kind, workbench_queue

home_tile(
    "deliberation",
    _("Deliberation (议事协商)"),
    "/deliberation/",
    glyph="议",
    colour="#5f3dc4",
    order=45,
)

search_kind("deliberation_proposal", _("Proposal (议题)"))
search_kind("deliberation_meeting", _("Meeting (议事会议)"))
search_kind("deliberation_decision", _("Decision (决议)"))


def _in_review(request) -> int:
    from commonweal.governance.deliberation.models import Proposal, ProposalStatus

    return Proposal.objects.filter(status=ProposalStatus.IN_REVIEW).count()


workbench_queue(
    "proposals-in-review",
    _("Proposals to review (审议题)"),
    "/deliberation/?status=in_review",
    count=_in_review,
    order=38,
)
