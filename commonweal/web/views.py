"""Pages of the shell itself: 我的, the text-size switch, the favicon and the error pages."""

import sys

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from commonweal.platform.kernel import outage
from commonweal.web import registry
from commonweal.web.context import LARGE_TEXT_COOKIE

# A year: the choice is the reader's, not the session's.
LARGE_TEXT_MAX_AGE = 365 * 24 * 3600

FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    '<rect width="64" height="64" rx="14" fill="#b83b1e"/>'
    '<path d="M32 50s-16-9.5-16-21a9 9 0 0 1 16-5.6A9 9 0 0 1 48 29c0 11.5-16 21-16 21z" '
    'fill="#fff"/></svg>'
)


@require_POST
def text_size(request):
    """Switch large-text mode (适老化) and go back; a cookie, so the next page renders large."""
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("large") == "1":
        response.set_cookie(
            LARGE_TEXT_COOKIE, "1", max_age=LARGE_TEXT_MAX_AGE, samesite="Lax", httponly=True
        )
    else:
        response.delete_cookie(LARGE_TEXT_COOKIE, samesite="Lax")
    return response


@cache_control(max_age=86400, public=True)
def favicon(request):
    return HttpResponse(FAVICON, content_type="image/svg+xml")


def me(request):
    """我的: who I am here, my links (apps register them), staff queues with counts."""
    from commonweal.platform.accounts.selectors import memberships_of, roles_in_current_community
    from commonweal.platform.kernel.roles import Role

    community = getattr(request, "tenant", None)
    context = {"links": registry.me_links_for(request), "queues": registry.queues_for(request)}
    if request.user.is_authenticated:
        if community is not None:
            roles = roles_in_current_community(request)
            context["role_labels"] = [r.label for r in Role if r in roles]
        else:
            context["memberships"] = memberships_of(request.user).select_related("community")
    return render(request, "web/me.html", context)


ERRORS = {
    # A context of their own: Django's and the admin's catalogues translate "Page not found".
    400: (pgettext_lazy("error page", "Bad request"), "Bad request"),
    403: (pgettext_lazy("error page", "You may not open this page"), "You may not open this page"),
    404: (pgettext_lazy("error page", "Page not found"), "Page not found"),
    500: (pgettext_lazy("error page", "Something went wrong"), "Something went wrong"),
    503: (
        pgettext_lazy("error page", "Temporarily unavailable"),
        "Temporarily unavailable",
    ),
}
EXPLANATIONS = {
    400: _("Check the address, or go back and try again."),
    403: _("Sign in with an account that has access, or ask the community's staff."),
    404: _("The address may be mistyped, or the page was moved or withdrawn."),
    500: _("The error is recorded. Please try again in a few minutes."),
    503: _("The service is being restored. Nothing you sent was lost; please try again shortly."),
}


def error_page(request, status: int) -> HttpResponse:
    heading, english = ERRORS[status]
    context = {
        "status": status,
        "heading": heading,
        "english": english,
        "explanation": EXPLANATIONS[status],
    }
    try:
        response = render(request, "web/error.html", context, status=status)
    except Exception:  # the error page must not fail too (e.g. the database is down)
        response = HttpResponse(f"<h1>{status}</h1><p>{english}</p>", status=status)
    response.styled_error = True
    return response


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    """Django calls this inside the `except` of the failed request, so the exception is at
    hand: a database that cannot be reached (restarting, failing over) is an outage the client
    may retry, answered 503 with Retry-After, not a bug."""
    if outage.database_unreachable(sys.exc_info()[1]):
        return outage.unavailable(request, error_page)
    return error_page(request, 500)
