"""Staff confirm a suggested resource for a need (匹配确认), and withdraw it.

The resource is looked up in the resources list as it stands (available resources of this
community only: another community's, a withdrawn partner's or an unavailable one reads as not
found), scored against the need for the reason staff saw, and recorded with who confirmed it
and when. The partner behind a confirmed commitment is told. The need's row is locked first,
so two confirmations of the same resource cannot both pass the "already matched" check.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commonweal.governance.needs import matching, notify
from commonweal.governance.needs.error_codes import NeedErrorCode, not_found
from commonweal.governance.needs.models import Need, NeedMatch, NeedStatus
from commonweal.governance.needs.services.lifecycle import lock
from commonweal.platform.kernel.errors import DomainError

# Needs still wanting help: accepted into the list, a small wish, or being handled.
MATCHABLE_STATUSES = frozenset({NeedStatus.ACCEPTED, NeedStatus.WISH, NeedStatus.IN_PROGRESS})
SOURCES = frozenset({"partner", "community"})


def _resource(source: str, key: int) -> matching.Resource:
    if source not in SOURCES:
        raise not_found()
    for resource in matching.resources_list():
        if resource.source == source and resource.pk == key:
            return resource
    raise not_found()


def live_matches(need: Need):
    return need.matches.filter(withdrawn_at__isnull=True)


def match_confirm(*, actor, community, need: Need, source: str, key: int) -> NeedMatch:
    """Confirm `source`/`key` (a partner's commitment or the community's own resource) for
    `need`; refused for a need no longer wanting help or a resource already confirmed."""
    need = lock(Need, need.pk)
    if need.status not in MATCHABLE_STATUSES:
        raise DomainError(
            NeedErrorCode.INVALID_TRANSITION,
            _("Resources are matched with needs accepted into the list and still open (%(state)s).")
            % {"state": need.get_status_display()},
        )
    resource = _resource(source, key)
    if live_matches(need).filter(source=source, key=key).exists():
        raise DomainError(
            NeedErrorCode.ALREADY_MATCHED,
            _("This resource is already confirmed for this need."),
            field="resource_id",
        )
    match = NeedMatch.objects.create(
        need=need,
        source=resource.source,
        key=resource.pk,
        partnership_id=resource.partnership_id,
        title=resource.title[:120],
        provider=resource.provider[:200],
        reason=matching.score(need, resource).reason[:300],
        confirmed_by=actor,
        confirmed_at=timezone.now(),
    )
    if match.partnership_id:
        notify.need_matched(community=community, match=match)
    return match


def access_live_match(*, match_id) -> NeedMatch:
    if not str(match_id).isdigit():
        raise not_found()
    match = NeedMatch.objects.filter(pk=match_id, withdrawn_at__isnull=True).first()
    if match is None:
        raise not_found()
    return match


def match_withdraw(*, actor, community, match: NeedMatch) -> NeedMatch:
    """Withdraw a confirmed match; the row stays, with who withdrew it and when."""
    lock(Need, match.need_id)
    match = access_live_match(match_id=match.pk)
    match.withdrawn_by = actor
    match.withdrawn_at = timezone.now()
    match.save(update_fields=["withdrawn_by", "withdrawn_at"])
    return match
