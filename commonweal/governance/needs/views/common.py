"""What every needs page shares: the community and the caller's roles, who may go on, a
write in one transaction told in words, and the object-level checks."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from commonweal.governance.needs import selectors
from commonweal.partners.models import Partnership, PartnershipStatus
from commonweal.partners.registry.models import PartnerRepresentative
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.errors import DomainError, NotFound
from commonweal.platform.kernel.roles import OFFICE_ROLES


def page_context(request):
    if getattr(request, "tenant", None) is None:
        raise Http404
    return request.tenant, roles_in_current_community(request)


def refusal(request, roles, *, office_only=False):
    """The answer for someone who may not go on — a sign-in page or 403 — or None."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not roles or (office_only and not roles & OFFICE_ROLES):
        raise PermissionDenied
    return None


def attempt(request, action, success: str) -> bool:
    """Run `action` in one transaction; tell the person what happened either way."""
    try:
        with transaction.atomic():
            action()
    except DomainError as error:
        messages.error(request, str(error.message))
        return False
    messages.success(request, success)
    return True


def need_or_404(request, pk):
    _community, roles = page_context(request)
    try:
        return selectors.access_need(actor=request.user, roles=roles, need_id=pk)
    except NotFound as missing:
        raise Http404 from missing


def represented(user):
    if not user.is_authenticated:
        return []
    organisations = PartnerRepresentative.objects.filter(user=user).values("organisation_id")
    return list(
        Partnership.objects.filter(
            status=PartnershipStatus.ACTIVE, organisation_id__in=organisations
        ).select_related("organisation")
    )
