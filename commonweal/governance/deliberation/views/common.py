"""What every deliberation page shares (the shell's page helpers are the needs pages')."""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from commonweal.governance.deliberation.error_codes import DeliberationErrorCode
from commonweal.governance.needs.views.common import attempt, page_context, refusal
from commonweal.platform.accounts.models import Membership
from commonweal.platform.kernel.errors import DomainError, NotFound

__all__ = ["attempt", "member_by_contact", "page_context", "refusal", "row_or_404"]


def row_or_404(access, **kwargs):
    try:
        return access(**kwargs)
    except NotFound as missing:
        raise Http404 from missing


def member_by_contact(community, contact: str, *, field: str):
    """The member of `community` with this phone or e-mail (as staff type it)."""
    contact = (contact or "").strip()
    membership = (
        Membership.objects.filter(community=community)
        .filter(Q(user__phone=contact) | Q(user__email__iexact=contact))
        .select_related("user")
        .first()
        if contact
        else None
    )
    if membership is None:
        raise DomainError(
            DeliberationErrorCode.NOT_FOUND,
            _("No member of this community has this phone or e-mail."),
            field=field,
        )
    return membership.user
