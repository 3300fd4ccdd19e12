"""Vote options (表决方案): staff may put an item to a vote among its own options (方案一 /
方案二 / 方案三) instead of for/against/abstain. Each voter picks one option (the same
UNIQUE(item, voter) as every vote).

Options are fixed once the vote has opened, anyone has voted or it was tallied: setting them
takes the item's exclusive lock, which waits for every voter's SHARE lock, and is refused
(`OPTIONS_LOCKED`, nothing changed) once the opening time has passed.

Outcome of a tally among options, in this order:
- fewer members present than the quorum → NO_QUORUM (no option adopted);
- two or more options share the most votes (also when nobody voted) → TIED;
- simple rule (过半数): the leading option has more than half the votes cast → ADOPTED, that
  option wins; two-thirds (三分之二): at least ⅔ of the votes cast → ADOPTED;
- otherwise → REJECTED (no option reached the rule's majority).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.models import AgendaItem, VoteOption, VoteOutcome, VoteRule
from commonweal.governance.deliberation.services.lifecycle import lock
from commonweal.platform.kernel.errors import DomainError

MIN_OPTIONS, MAX_OPTIONS, LABEL_LIMIT = 2, 6, 40


def clean_labels(labels) -> list[str]:
    """2–6 distinct labels of at most 40 characters (blank lines dropped); refused otherwise."""
    cleaned = [label.strip() for label in labels or () if label and label.strip()]

    def bad(message):
        return DomainError(DeliberationErrorCode.INVALID_OPTIONS, message, field="options")

    if not MIN_OPTIONS <= len(cleaned) <= MAX_OPTIONS:
        raise bad(_("Give between 2 and 6 options."))
    if any(len(label) > LABEL_LIMIT for label in cleaned):
        raise bad(_("An option has at most 40 characters."))
    if len(set(cleaned)) != len(cleaned):
        raise bad(_("Each option is named once."))
    return cleaned


def locked(item: AgendaItem, now=None) -> bool:
    now = now or timezone.now()
    return (
        item.tallied_at is not None
        or (item.vote_opens_at is not None and item.vote_opens_at <= now)
        or item.votes.exists()
    )


def replace_options(item: AgendaItem, labels: list[str]) -> None:
    """Caller holds the item's row lock and has checked `locked`."""
    item.options.all().delete()
    VoteOption.objects.bulk_create(
        VoteOption(item=item, label=label, position=index)
        for index, label in enumerate(labels, start=1)
    )


def options_set(*, actor, community, item: AgendaItem, labels) -> AgendaItem:
    """Set (or replace) the options of an item whose vote has not opened; an empty list puts
    it back to for/against/abstain."""
    from commonweal.governance.deliberation.services.meetings import open_meeting

    cleaned = clean_labels(labels) if labels else []
    item = lock(AgendaItem, item.pk)
    open_meeting(item.meeting)
    if locked(item):
        raise DomainError(
            DeliberationErrorCode.OPTIONS_LOCKED,
            _("The options cannot change once voting has opened."),
            field="options",
        )
    replace_options(item, cleaned)
    return item


def options_outcome(*, rule: str, quorum: int, present: int, counts: list[int]):
    """(outcome, index of the winning option or None); see the module docstring."""
    if present < quorum:
        return VoteOutcome.NO_QUORUM, None
    top = max(counts, default=0)
    if counts.count(top) != 1:
        return VoteOutcome.TIED, None
    cast = sum(counts)
    needed = 3 * top >= 2 * cast if rule == VoteRule.TWO_THIRDS else 2 * top > cast
    if needed:
        return VoteOutcome.ADOPTED, counts.index(top)
    return VoteOutcome.REJECTED, None
