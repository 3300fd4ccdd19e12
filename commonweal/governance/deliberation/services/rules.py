"""The community's rules of deliberation (one row per community) and the vote rule itself.

Outcome of a tallied vote, in this order:
- fewer members present than the quorum → NO_QUORUM (nothing is adopted);
- simple majority (过半数): more for than against → ADOPTED; as many → TIED; fewer → REJECTED;
  abstentions are counted and published but decide nothing;
- two-thirds (三分之二): for ≥ ⅔ of the votes cast (for + against + abstain) → ADOPTED;
  otherwise TIED when for = against, else REJECTED.
"""

from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.models import DeliberationSettings, VoteOutcome, VoteRule
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role

THRESHOLD_LIMIT = 10_000


def rules() -> DeliberationSettings:
    """The community's settings; the defaults until the office changes them."""
    found = DeliberationSettings.objects.filter(pk=1).first()
    return found or DeliberationSettings(pk=1)


def settings_update(
    *,
    actor,
    community,
    support_threshold: int,
    vote_rule: str,
    quorum: int,
    proposer_roles: list[str],
    open_votes: bool,
) -> DeliberationSettings:
    def bad(field, message):
        return DomainError(DeliberationErrorCode.INVALID_SETTING, message, field=field)

    if not 1 <= support_threshold <= THRESHOLD_LIMIT:
        raise bad("support_threshold", _("Between 1 and 10,000 supporters."))
    if not 1 <= quorum <= THRESHOLD_LIMIT:
        raise bad("quorum", _("Between 1 and 10,000 members present."))
    if vote_rule not in VoteRule.values:
        raise bad("vote_rule", _("Choose a vote rule."))
    if any(role not in Role.values for role in proposer_roles):
        raise bad("proposer_roles", _("Unknown role."))
    row = rules()
    row.support_threshold = support_threshold
    row.vote_rule = vote_rule
    row.quorum = quorum
    row.proposer_roles = sorted(set(proposer_roles))
    row.open_votes = open_votes
    row.save()
    return row


def outcome(*, rule: str, quorum: int, present: int, yes: int, no: int, abstain: int) -> str:
    """The rule's outcome of a tally (see the module docstring)."""
    if present < quorum:
        return VoteOutcome.NO_QUORUM
    if rule == VoteRule.TWO_THIRDS:
        cast = yes + no + abstain
        if cast and 3 * yes >= 2 * cast:
            return VoteOutcome.ADOPTED
    elif yes > no:
        return VoteOutcome.ADOPTED
    return VoteOutcome.TIED if yes == no else VoteOutcome.REJECTED
