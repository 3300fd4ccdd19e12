"""What every hazards page shares: the community and roles, who may go on, one write."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.errors import DomainError


def page_context(request):
    if getattr(request, "tenant", None) is None:
        raise Http404
    return request.tenant, roles_in_current_community(request)


def refusal(request, roles):
    """A sign-in page for anonymous callers, 403 for non-members, or None to go on."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not roles:
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
