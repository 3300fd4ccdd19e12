"""表决: members present vote on an agenda item between its set times; the server tallies.

Invariants: one voter, one vote per item (the UNIQUE(item, voter) constraint decides, also
under concurrency); a vote is cast only while its window is open and before the tally; the
tally, the rule and the quorum used and the outcome are recorded once and never change.
Voters take a SHARE lock on the item and the tally an exclusive one, so many voters proceed
side by side while no vote can slip in beside or after the tally. An item with its own options
(`services/options.py`) takes one option per voter instead of for/against/abstain; its options
are fixed before the vote opens, so a voter reads them under the same SHARE lock.
"""

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode, not_found
from commonweal.governance.deliberation.models import (
    AgendaItem,
    Attendance,
    Vote,
    VoteChoice,
    VoteOption,
)
from commonweal.governance.deliberation.services.lifecycle import lock, refuse_state
from commonweal.governance.deliberation.services.meetings import OPEN_STATUSES
from commonweal.governance.deliberation.services.options import options_outcome
from commonweal.governance.deliberation.services.rules import outcome, rules
from commonweal.platform.kernel.db import insert_once
from commonweal.platform.kernel.errors import DomainError


def _share_lock(item_pk) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {AgendaItem._meta.db_table} WHERE id = %s FOR SHARE", [item_pk]
        )
        if cursor.fetchone() is None:
            raise not_found()


def vote_cast(*, actor, community, item: AgendaItem, choice: str = "", option_id=None) -> Vote:
    """A member recorded as present votes once on an open item: `choice` (for, against,
    abstain) on a plain item, `option_id` (one of its options) on an item with options."""
    if option_id is None and choice not in VoteChoice.values:
        raise DomainError(
            DeliberationErrorCode.VOTE_NOT_OPEN,
            _("Choose for, against or abstain."),
            field="choice",
        )
    with transaction.atomic():
        return _cast(actor, item, choice, option_id)


def _option(item, choice, option_id) -> tuple[str, VoteOption | None]:
    """What the vote records: a choice on a plain item, an option of this item otherwise."""
    options = {str(o.pk): o for o in item.options.all()}
    if not options and option_id is None:
        return choice, None
    option = options.get(str(option_id)) if option_id is not None else None
    if option is None:
        raise DomainError(
            DeliberationErrorCode.INVALID_OPTION,
            _("Choose one of this item's options.") if options else _("This item has no options."),
            field="option_id",
        )
    return "", option


def _cast(actor, item, choice, option_id) -> Vote:
    _share_lock(item.pk)
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    now = timezone.now()
    window_open = (
        item.vote_opens_at is not None
        and item.vote_opens_at <= now < item.vote_closes_at
        and item.tallied_at is None
        and item.meeting.status in OPEN_STATUSES
    )
    if not window_open:
        raise DomainError(DeliberationErrorCode.VOTE_NOT_OPEN, _("This vote is not open."))
    if not Attendance.objects.filter(meeting_id=item.meeting_id, user=actor).exists():
        raise DomainError(
            DeliberationErrorCode.NOT_PRESENT, _("Only members recorded as present vote.")
        )
    choice, option = _option(item, choice, option_id)
    vote = Vote(item=item, voter=actor, choice=choice, option=option, cast_at=now)
    if not insert_once(vote, unique=("item", "voter")):
        raise DomainError(DeliberationErrorCode.ALREADY_VOTED, _("You have already voted."))
    return vote


def vote_tally(*, actor, community, item: AgendaItem) -> AgendaItem:
    """Close the vote (early, if its time has not come: the close time is then now) and record
    the tally and the rule's outcome."""
    with transaction.atomic():
        return _tally(lock(AgendaItem, item.pk))


def votes_close_due(*, community, now=None) -> int:
    """Tally every vote whose closing time has passed and nobody closed (the job's part;
    staff may close a vote earlier). Each item under its lock, so a tally by hand at the same
    moment wins and the job skips it; how many the job tallied."""
    now = now or timezone.now()
    due = AgendaItem.objects.filter(
        vote_closes_at__lte=now, tallied_at__isnull=True, meeting__status__in=OPEN_STATUSES
    ).values_list("pk", flat=True)
    tallied = 0
    for pk in list(due):
        with transaction.atomic():
            item = lock(AgendaItem, pk)
            if item.tallied_at is None:
                _tally(item)
                tallied += 1
    return tallied


def _tally(item: AgendaItem) -> AgendaItem:
    meeting = item.meeting
    if meeting.status not in OPEN_STATUSES:
        raise refuse_state(meeting)
    now = timezone.now()
    if item.vote_opens_at is None or item.tallied_at is not None or now < item.vote_opens_at:
        raise DomainError(
            DeliberationErrorCode.VOTE_NOT_OPEN, _("There is no open vote to close on this item.")
        )
    community_rules = rules()
    item.present = Attendance.objects.filter(meeting=meeting).count()
    item.rule = community_rules.vote_rule
    item.quorum = community_rules.quorum
    options = list(item.options.all())
    if options:
        _tally_options(item, options)
    else:
        counts = {choice: 0 for choice in VoteChoice.values}
        for choice in Vote.objects.filter(item=item).values_list("choice", flat=True):
            counts[choice] += 1
        item.votes_for = counts[VoteChoice.FOR]
        item.votes_against = counts[VoteChoice.AGAINST]
        item.votes_abstain = counts[VoteChoice.ABSTAIN]
        item.outcome = outcome(
            rule=item.rule,
            quorum=item.quorum,
            present=item.present,
            yes=item.votes_for,
            no=item.votes_against,
            abstain=item.votes_abstain,
        )
    item.vote_closes_at = min(item.vote_closes_at, now)
    item.tallied_at = now
    item.save()
    return item


def _tally_options(item: AgendaItem, options: list[VoteOption]) -> None:
    counts = dict.fromkeys((o.pk for o in options), 0)
    for option_id in Vote.objects.filter(item=item).values_list("option_id", flat=True):
        counts[option_id] += 1
    for option in options:
        option.votes = counts[option.pk]
    VoteOption.objects.bulk_update(options, ["votes"])
    item.outcome, winner = options_outcome(
        rule=item.rule,
        quorum=item.quorum,
        present=item.present,
        counts=[o.votes for o in options],
    )
    item.winning_option = options[winner] if winner is not None else None
