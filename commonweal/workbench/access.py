"""Who may open the workbench: the community's office (admins and staff)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.roles import OFFICE_ROLES


def office_only(view):
    """Refuse before the view reads anything: a visitor is sent to sign in, a signed-in
    person without an office role of *this* community gets 403 (another community's staff
    included)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if getattr(request, "tenant", None) is None:
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not roles_in_current_community(request) & OFFICE_ROLES:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded
