"""A need's life: raised by a resident (or recorded by staff from a 坝坝会, a visit, a call),
seconded (附议), triaged by staff — accepted, merged, declined or marked a 微心愿 — carried
into a task, resolved with its project, rated by the people behind it, closed.

Public needs (accepted onwards, never declined or merged) are search documents without any
personal data: title, category, place and status only.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs import notify
from commonweal.governance.needs.error_codes import NeedErrorCode
from commonweal.governance.needs.models import (
    Need,
    NeedCategory,
    NeedRating,
    NeedSource,
    NeedStatus,
    NeedSupport,
    NeedTransition,
)
from commonweal.governance.needs.services.lifecycle import lock, move, move_table
from commonweal.governance.needs.services.text import clean_point, required_text
from commonweal.platform.kernel.db import insert_once
from commonweal.platform.kernel.errors import DomainError
from commonweal.search.documents import DocumentKind, index_document, remove_document

N = NeedStatus
TRANSITIONS = move_table(
    accept=({N.SUBMITTED}, N.ACCEPTED),
    decline=({N.SUBMITTED, N.ACCEPTED, N.WISH}, N.DECLINED, True),
    merge=({N.SUBMITTED, N.ACCEPTED, N.WISH}, N.MERGED),
    mark_wish=({N.SUBMITTED, N.ACCEPTED}, N.WISH),
    adopt_wish=({N.WISH}, N.IN_PROGRESS),
    start=({N.ACCEPTED}, N.IN_PROGRESS),
    resolve=({N.IN_PROGRESS}, N.RESOLVED),
    close=({N.RESOLVED}, N.CLOSED),
)
PUBLIC_STATUSES = frozenset({N.ACCEPTED, N.WISH, N.IN_PROGRESS, N.RESOLVED, N.CLOSED})
# Still wanting attention: what "me too" and duplicate suggestions consider.
OPEN_STATUSES = frozenset({N.SUBMITTED, N.ACCEPTED, N.WISH, N.IN_PROGRESS})
RATEABLE_STATUSES = frozenset({N.RESOLVED, N.CLOSED})


def _category(value: str) -> str:
    if value not in NeedCategory.values:
        raise DomainError(
            NeedErrorCode.INVALID_CATEGORY, _("Please choose a category."), field="category"
        )
    return value


def sync_search(community, need: Need) -> None:
    if need.status not in PUBLIC_STATUSES:
        remove_document(community=community, kind=DocumentKind.NEED, key=need.pk)
        return
    index_document(
        community=community,
        kind=DocumentKind.NEED,
        key=need.pk,
        title=need.title,
        body="\n".join([need.description, need.place, str(need.get_status_display())]),
        category=need.category,
        tags=[str(need.get_category_display())],
        lat=need.lat,
        lng=need.lng,
        url=need.path,
    )


def _create(*, actor, title, description, category, place, lat, lng, **extra) -> Need:
    now = timezone.now()
    lat, lng = clean_point(lat, lng)
    need = Need.objects.create(
        title=required_text(title, field="title", limit=80, code=NeedErrorCode.TITLE_REQUIRED),
        description=required_text(
            description, field="description", limit=2000, code=NeedErrorCode.DESCRIPTION_REQUIRED
        ),
        category=_category(category),
        place=required_text(place, field="place", limit=80, required=False),
        lat=lat,
        lng=lng,
        status=N.SUBMITTED,
        status_changed_at=now,
        created_at=now,
        **extra,
    )
    NeedTransition.objects.create(
        need=need, from_status="", to_status=N.SUBMITTED, actor=actor, at=now
    )
    return need


def need_raise(
    *, actor, community, title, description, category, place="", lat=None, lng=None
) -> Need:
    """A member raises a need online; staff are told."""
    need = _create(
        actor=actor,
        title=title,
        description=description,
        category=category,
        place=place,
        lat=lat,
        lng=lng,
        raised_by=actor,
        source=NeedSource.ONLINE,
    )
    notify.need_raised(community=community, need=need)
    return need


def need_record_offline(
    *,
    actor,
    community,
    title,
    description,
    category,
    origin,
    residents_note="",
    place="",
    lat=None,
    lng=None,
) -> Need:
    """Staff or a grid worker records a need gathered at a 坝坝会, a home visit or by phone;
    `residents_note` names who raised it and is never published."""
    if origin not in NeedSource.values or origin == NeedSource.ONLINE:
        raise DomainError(
            NeedErrorCode.INVALID_SOURCE,
            _("Say where the need was gathered: courtyard meeting, home visit or phone."),
            field="origin",
        )
    return _create(
        actor=actor,
        title=title,
        description=description,
        category=category,
        place=place,
        lat=lat,
        lng=lng,
        source=origin,
        recorded_by=actor,
        residents_note=required_text(
            residents_note, field="residents_note", limit=200, required=False
        ),
    )


def need_second(*, actor, community, need: Need) -> Need:
    """附议: "me too". Once per person; asking again changes nothing. Safe under concurrency:
    the unique (need, user) row decides, and the count moves in the same transaction."""
    if need.raised_by_id == actor.pk:
        raise DomainError(NeedErrorCode.OWN_NEED, _("You raised this need yourself."), field="id")
    if need.status not in OPEN_STATUSES:
        raise DomainError(NeedErrorCode.INVALID_TRANSITION, _("This need is no longer open."))
    with transaction.atomic():
        if insert_once(NeedSupport(need=need, user=actor), unique=("need", "user")):
            Need.objects.filter(pk=need.pk).update(support_count=F("support_count") + 1)
    need.refresh_from_db(fields=["support_count"])
    return need


def _move(*, actor, community, need: Need, verb: str, reason: str = "") -> Need:
    need = lock(Need, need.pk)
    move(
        need,
        table=TRANSITIONS,
        verb=verb,
        actor=actor,
        reason=reason,
        log=NeedTransition,
        log_field="need",
    )
    stamps = {"accept": "accepted_at", "resolve": "resolved_at"}
    if verb in stamps:
        setattr(need, stamps[verb], need.status_changed_at)
        need.save(update_fields=[stamps[verb]])
    sync_search(community, need)
    notify.need_status_changed(community=community, need=need, reason=reason)
    return need


def need_accept(*, actor, community, need: Need) -> Need:
    return _move(actor=actor, community=community, need=need, verb="accept")


def need_decline(*, actor, community, need: Need, reason: str) -> Need:
    return _move(actor=actor, community=community, need=need, verb="decline", reason=reason)


def need_mark_wish(*, actor, community, need: Need) -> Need:
    return _move(actor=actor, community=community, need=need, verb="mark_wish")


def need_adopt_wish(*, actor, community, need: Need, note: str = "") -> Need:
    """A volunteer or partner adopts a 微心愿 directly, without a task."""
    return _move(actor=actor, community=community, need=need, verb="adopt_wish", reason=note)


def need_resolve(*, actor, community, need: Need, note: str = "") -> Need:
    return _move(actor=actor, community=community, need=need, verb="resolve", reason=note)


def need_close(*, actor, community, need: Need) -> Need:
    return _move(actor=actor, community=community, need=need, verb="close")


def need_merge(*, actor, community, need: Need, into: Need) -> Need:
    """Merge a duplicate into `into`: its raiser and seconders become seconders of `into`
    (each person once), and it leaves the public list."""
    if need.pk == into.pk:
        raise DomainError(
            NeedErrorCode.MERGE_INTO_ITSELF, _("A need cannot be merged into itself."), field="into"
        )
    # Lock both in id order so two opposite merges cannot deadlock.
    first, second = sorted([need.pk, into.pk])
    lock(Need, first), lock(Need, second)
    into = Need.objects.get(pk=into.pk)
    if into.status not in OPEN_STATUSES:
        raise DomainError(
            NeedErrorCode.INVALID_TRANSITION,
            _("The need to merge into is no longer open."),
            field="into",
        )
    need = _move(actor=actor, community=community, need=need, verb="merge", reason=f"→ #{into.pk}")
    Need.objects.filter(pk=need.pk).update(merged_into=into)
    people = set(NeedSupport.objects.filter(need=need).values_list("user_id", flat=True))
    if need.raised_by_id:
        people.add(need.raised_by_id)
    people.discard(into.raised_by_id)
    added = sum(
        insert_once(NeedSupport(need=into, user_id=user_id), unique=("need", "user"))
        for user_id in sorted(people)
    )
    Need.objects.filter(pk=into.pk).update(support_count=F("support_count") + added)
    need.merged_into = into
    return need


def need_rate(*, actor, community, need: Need, score: int, comment: str = "") -> NeedRating:
    """满意度 from the raiser or a seconder, once, after the need is resolved."""
    if need.status not in RATEABLE_STATUSES:
        raise DomainError(
            NeedErrorCode.INVALID_TRANSITION, _("A need can be rated once it is resolved.")
        )
    eligible = need.raised_by_id == actor.pk or need.supports.filter(user=actor).exists()
    if not eligible:
        raise DomainError(
            NeedErrorCode.NOT_ELIGIBLE_TO_RATE,
            _("Only the people who raised or seconded a need rate it."),
        )
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise DomainError(NeedErrorCode.INVALID_RATING, _("Give 1 to 5 stars."), field="score")
    rating = NeedRating(
        need=need,
        user=actor,
        score=score,
        comment=required_text(comment, field="comment", limit=300, required=False),
    )
    if not insert_once(rating, unique=("need", "user")):
        raise DomainError(NeedErrorCode.ALREADY_RATED, _("You have already rated this need."))
    return rating
