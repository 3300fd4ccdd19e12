"""议议题: meetings are scheduled with an agenda and invitations, held with recorded attendance,
and closed by minutes (会议纪要) the chair signs off, which publishes them.

Joint meetings (联席会) are chaired in turn by the community's active partners, in the order
they became active; a partner that has exited (or is suspended) is skipped. Two joint meetings
scheduled at once take the same advisory lock, so they cannot draw the same turn.
"""

from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation import notify
from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.deliberation.models import (
    AgendaItem,
    Attendance,
    Meeting,
    MeetingInvitation,
    MeetingKind,
    MeetingStatus,
    MeetingTransition,
    ProposalStatus,
)
from commonweal.governance.deliberation.services.lifecycle import (
    lock,
    move,
    move_table,
    refuse_state,
)
from commonweal.governance.deliberation.services.options import (
    clean_labels,
    replace_options,
)
from commonweal.governance.deliberation.services.options import locked as options_locked
from commonweal.governance.deliberation.services.search import sync_meeting
from commonweal.governance.deliberation.services.sources import check_sources
from commonweal.governance.deliberation.services.text import required_text
from commonweal.partners.models import Partnership, PartnershipStatus
from commonweal.platform.kernel.errors import DomainError

M = MeetingStatus
TRANSITIONS = move_table(
    hold=({M.SCHEDULED}, M.HELD),
    publish=({M.HELD}, M.PUBLISHED),
    cancel=({M.SCHEDULED}, M.CANCELLED, True),
)
# A meeting still taking attendance, agenda items and votes.
OPEN_STATUSES = frozenset({M.SCHEDULED, M.HELD})
CHAIR_ROTATION_LOCK = 0x1E1A_17  # any constant shared by every scheduler of joint meetings


def _where(place: str, online_link: str) -> tuple[str, str]:
    place = required_text(place, field="place", limit=80, required=False)
    online_link = (online_link or "").strip()
    if online_link and not online_link.startswith(("https://", "http://")):
        raise DomainError(
            DeliberationErrorCode.PLACE_REQUIRED,
            _("An online link starts with https://."),
            field="online_link",
        )
    if not place and not online_link:
        raise DomainError(
            DeliberationErrorCode.PLACE_REQUIRED,
            _("Give a place or an online link."),
            field="place",
        )
    return place, online_link[:200]


def next_rotating_chair() -> Partnership:
    """The active partner whose turn it is to chair the next joint meeting."""
    active = list(
        Partnership.objects.filter(status=PartnershipStatus.ACTIVE).order_by("activated_at", "pk")
    )
    if not active:
        raise DomainError(
            DeliberationErrorCode.NO_ACTIVE_PARTNERS,
            _("A joint meeting is chaired by a partner; this community has no active partner."),
        )
    last = (
        Meeting.objects.filter(kind=MeetingKind.JOINT, chair_partnership__isnull=False)
        .exclude(status=M.CANCELLED)
        .select_related("chair_partnership")
        .order_by("-pk")
        .first()
    )
    if last is None:
        return active[0]
    turn = (last.chair_partnership.activated_at, last.chair_partnership.pk)
    return next((p for p in active if (p.activated_at, p.pk) > turn), active[0])


def meeting_schedule(
    *,
    actor,
    community,
    title: str,
    kind: str,
    starts_at: datetime,
    place: str = "",
    online_link: str = "",
    chair=None,
) -> Meeting:
    """A council or courtyard meeting (chaired by `chair`, the convener by default), or a joint
    meeting chaired by the partner whose turn it is (its active partners are invited)."""
    if kind not in MeetingKind.values:
        kind = MeetingKind.COUNCIL
    if starts_at <= timezone.now():
        raise DomainError(
            DeliberationErrorCode.INVALID_TIME,
            _("A meeting is scheduled in the future."),
            field="starts_at",
        )
    place, online_link = _where(place, online_link)
    chair_partnership = None
    if kind == MeetingKind.JOINT:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIR_ROTATION_LOCK])
        chair_partnership = next_rotating_chair()
        chair = None
    now = timezone.now()
    meeting = Meeting.objects.create(
        title=required_text(title, field="title", limit=80),
        kind=kind,
        starts_at=starts_at,
        place=place,
        online_link=online_link,
        chair=chair if chair is not None or chair_partnership else actor,
        chair_partnership=chair_partnership,
        status=M.SCHEDULED,
        status_changed_at=now,
        convened_by=actor,
    )
    MeetingTransition.objects.create(
        meeting=meeting, from_status="", to_status=M.SCHEDULED, actor=actor, at=now
    )
    sync_meeting(community, meeting)
    if chair_partnership is not None:
        meeting_invite(
            actor=actor,
            community=community,
            meeting=meeting,
            partnerships=Partnership.objects.filter(status=PartnershipStatus.ACTIVE),
        )
    return meeting


def open_meeting(meeting: Meeting) -> Meeting:
    """The meeting, if it still takes attendance, agenda items and votes; refused otherwise."""
    if meeting.status not in OPEN_STATUSES:
        raise refuse_state(meeting)
    return meeting


def meeting_invite(
    *, actor, community, meeting: Meeting, users=(), partnerships=(), departments=()
) -> int:
    """Invite members, partners and departments (each once); how many were newly invited.
    A department is e-mailed its signed link to confirm (报到) by a job written in this
    transaction, so a rolled-back invitation sends nothing."""
    from commonweal.governance.deliberation.tasks import email_department_invitation

    open_meeting(meeting)
    before = notify.invited_people(meeting)
    added = 0
    for field, values in (
        ("user", users),
        ("partnership", partnerships),
        ("department", departments),
    ):
        for value in values:
            try:
                with transaction.atomic():
                    invitation = MeetingInvitation.objects.create(meeting=meeting, **{field: value})
            except IntegrityError:
                continue  # invited already
            added += 1
            if field == "department":
                email_department_invitation.defer(
                    community_schema=community.schema_name, invitation_id=invitation.pk
                )
    notify.invited(
        community=community, meeting=meeting, user_ids=notify.invited_people(meeting) - before
    )
    return added


def _move(*, actor, community, meeting: Meeting, verb: str, reason: str = "") -> Meeting:
    meeting = lock(Meeting, meeting.pk)
    move(
        meeting,
        table=TRANSITIONS,
        verb=verb,
        actor=actor,
        reason=reason,
        log=MeetingTransition,
        log_field="meeting",
    )
    sync_meeting(community, meeting)
    return meeting


def meeting_cancel(*, actor, community, meeting: Meeting, reason: str) -> Meeting:
    return _move(actor=actor, community=community, meeting=meeting, verb="cancel", reason=reason)


def meeting_hold(*, actor, community, meeting: Meeting) -> Meeting:
    """The meeting took place; minutes are written next."""
    return _move(actor=actor, community=community, meeting=meeting, verb="hold")


def _vote_window(opens_at, closes_at) -> tuple[datetime | None, datetime | None]:
    if opens_at is None and closes_at is None:
        return None, None
    if opens_at is None or closes_at is None or opens_at >= closes_at:
        raise DomainError(
            DeliberationErrorCode.INVALID_TIME,
            _("A vote opens before it closes."),
            field="vote_closes_at",
        )
    return opens_at, closes_at


def item_add(
    *,
    actor,
    community,
    meeting: Meeting,
    proposal=None,
    need=None,
    task=None,
    project=None,
    title: str = "",
    vote_opens_at=None,
    vote_closes_at=None,
    options=(),
) -> AgendaItem:
    """An agenda item from a proposal on the agenda, from a need, task or project (joint
    meetings, `services/sources.py`), or a free one with its own title; its vote among
    `options` (2–6) instead of for/against/abstain when they are given."""
    meeting = open_meeting(lock(Meeting, meeting.pk))
    if proposal is not None and proposal.status != ProposalStatus.ON_AGENDA:
        raise DomainError(
            DeliberationErrorCode.INVALID_TRANSITION,
            _("Only a proposal accepted onto the agenda becomes an agenda item."),
            field="proposal_id",
        )
    check_sources(meeting, proposal=proposal, need=need, task=task, project=project)
    source = proposal or need or task or project
    title = title or (source.title if source else "")
    labels = clean_labels(options) if options else []
    opens, closes = _vote_window(vote_opens_at, vote_closes_at)
    position = meeting.items.count() + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        proposal=proposal,
        need=need,
        task=task,
        project=project,
        title=required_text(title, field="title", limit=80),
        position=position,
        vote_opens_at=opens,
        vote_closes_at=closes,
    )
    replace_options(item, labels)
    notify.agenda_changed(community=community, meeting=meeting, item=item)
    return item


def item_update(
    *,
    actor,
    community,
    item: AgendaItem,
    notes: str,
    vote_opens_at=None,
    vote_closes_at=None,
    options=None,
) -> AgendaItem:
    """Discussion notes, and — when both times are given — the vote's times while nobody
    has voted (without them the vote stays as it is); `options`, when given, replace the
    vote's options until it opens (`services/options.py`; [] = for/against/abstain)."""
    item = lock(AgendaItem, item.pk)
    open_meeting(item.meeting)
    item.notes = required_text(notes, field="notes", limit=5000, required=False)
    if options is not None:
        labels = clean_labels(options) if options else []
        if options_locked(item):
            raise DomainError(
                DeliberationErrorCode.OPTIONS_LOCKED,
                _("The options cannot change once voting has opened."),
                field="options",
            )
        replace_options(item, labels)
    if vote_opens_at is not None or vote_closes_at is not None:
        opens, closes = _vote_window(vote_opens_at, vote_closes_at)
        if item.tallied_at is not None or item.votes.exists():
            raise DomainError(
                DeliberationErrorCode.INVALID_TIME,
                _("The vote's times cannot change once voting has begun."),
                field="vote_opens_at",
            )
        item.vote_opens_at, item.vote_closes_at = opens, closes
    item.save(update_fields=["notes", "vote_opens_at", "vote_closes_at"])
    return item


def attendance_record(
    *, actor, community, meeting: Meeting, user=None, name: str = ""
) -> Attendance:
    """到会: a member, or by name someone who came without a phone; each once (the partial
    unique indexes decide under concurrency)."""
    open_meeting(meeting)
    if user is not None:
        name = user.display_name or f"#{user.pk}"  # never a phone or e-mail
    row = Attendance(
        meeting=meeting,
        user=user,
        name=required_text(name, field="name", limit=40, code=DeliberationErrorCode.NAME_REQUIRED),
        recorded_by=actor,
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise DomainError(
            DeliberationErrorCode.ALREADY_PRESENT,
            _("Already recorded as present."),
            field="user_id" if user is not None else "name",
        ) from None
    return row


def is_chair(user, meeting: Meeting) -> bool:
    """The chair, or for a joint meeting a representative of the partner in the chair."""
    if user is None or not user.is_authenticated:
        return False
    if meeting.chair_id is not None:
        return meeting.chair_id == user.pk
    if meeting.chair_partnership_id is None:
        return False
    from commonweal.partners.registry.models import PartnerRepresentative

    return PartnerRepresentative.objects.filter(
        user=user, organisation_id=meeting.chair_partnership.organisation_id
    ).exists()


def minutes_write(*, actor, community, meeting: Meeting, minutes: str) -> Meeting:
    meeting = lock(Meeting, meeting.pk)
    if meeting.status != M.HELD:
        raise refuse_state(meeting)
    meeting.minutes = required_text(
        minutes, field="minutes", limit=10000, code=DeliberationErrorCode.MINUTES_REQUIRED
    )
    meeting.save(update_fields=["minutes"])
    return meeting


def minutes_sign_off(*, actor, community, meeting: Meeting) -> Meeting:
    """The chair signs the minutes off: they are published with every vote's recorded tally,
    and the proposals on the agenda are decided."""
    from commonweal.governance.deliberation.services.proposals import proposal_decide

    meeting = lock(Meeting, meeting.pk)
    if not is_chair(actor, meeting):
        raise DomainError(
            DeliberationErrorCode.NOT_THE_CHAIR,
            _("Only the meeting's chair signs the minutes off."),
        )
    if meeting.status == M.HELD and not meeting.minutes:
        raise DomainError(
            DeliberationErrorCode.MINUTES_REQUIRED, _("Write the minutes first."), field="minutes"
        )
    untallied = meeting.items.filter(vote_opens_at__isnull=False, tallied_at__isnull=True)
    if meeting.status == M.HELD and untallied.exists():
        raise DomainError(
            DeliberationErrorCode.VOTES_NOT_TALLIED, _("Close every vote before signing off.")
        )
    meeting = _move(actor=actor, community=community, meeting=meeting, verb="publish")
    meeting.minutes_signed_by = actor
    meeting.minutes_published_at = meeting.status_changed_at
    meeting.save(update_fields=["minutes_signed_by", "minutes_published_at"])
    sync_meeting(community, meeting)
    notify.results_published(community=community, meeting=meeting)
    for item in meeting.items.filter(proposal__status=ProposalStatus.ON_AGENDA).select_related(
        "proposal"
    ):
        outcome = item.get_outcome_display() if item.outcome else ""
        proposal_decide(
            actor=actor, community=community, proposal=item.proposal, reason=str(outcome)
        )
    return meeting
