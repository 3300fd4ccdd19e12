"""Photos on a community's host: the photo and its thumbnail, served only to those who may
see what it belongs to, and removing one from its owner's page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from commonweal.governance.hazards import selectors as hazard_selectors
from commonweal.governance.needs import selectors as need_selectors
from commonweal.governance.needs.views.common import page_context, refusal
from commonweal.governance.photos import pages, selectors, services
from commonweal.platform.kernel.errors import DomainError, NotFound

# A stored file never changes (a new upload gets a new id), but whether it may be seen does
# (a need declined, a report closed as not a hazard): browsers keep it a day, shared caches
# never.
CACHE_CONTROL = "private, max-age=86400"


def _photo_or_404(request, pk):
    _community, roles = page_context(request)
    try:
        return selectors.access_photo(actor=request.user, roles=roles, photo_id=pk)
    except NotFound as missing:
        raise Http404 from missing


def _serve(request, photo, name: str) -> HttpResponse:
    etag = f'"{name.rsplit("/", 1)[-1]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        try:
            stored = default_storage.open(name, "rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        response = FileResponse(stored, content_type=photo.content_type)
        response["Content-Disposition"] = "inline"
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    # Whether it may be seen depends on who asks.
    response["Vary"] = "Cookie, Authorization"
    return response


@require_GET
def photo_full(request, pk: int):
    photo = _photo_or_404(request, pk)
    return _serve(request, photo, photo.image)


@require_GET
def photo_thumbnail(request, pk: int):
    photo = _photo_or_404(request, pk)
    return _serve(request, photo, photo.thumbnail)


@require_POST
def photo_remove(request, pk: int):
    _community, roles = page_context(request)
    if refused := refusal(request, roles):
        return refused
    photo = _photo_or_404(request, pk)
    back = photo.owner_path
    if not selectors.may_remove(actor=request.user, roles=roles, photo=photo):
        raise PermissionDenied
    try:
        with transaction.atomic():
            services.photo_remove(actor=request.user, roles=roles, photo=photo)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The photo was removed."))
    return redirect(back)


@require_POST
def photos_add(request, kind: str, pk: int):
    """More photos for a need or a report (its raiser, or who handles it), from its page."""
    _community, roles = page_context(request)
    if refused := refusal(request, roles):
        return refused
    # More files than places left are refused by the services' count (TOO_MANY_PHOTOS).
    files = request.FILES.getlist("photos")
    try:
        with transaction.atomic():
            owner = _owner(request, roles, kind, pk)
            if kind == "needs":
                pages.attach_to_need(files, actor=request.user, roles=roles, need=owner)
            else:
                pages.attach_to_report(
                    files,
                    actor=request.user,
                    roles=roles,
                    report=owner,
                    of_the_fix=request.POST.get("of_the_fix") == "1",
                )
    except NotFound as missing:
        raise Http404 from missing
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        if files:
            messages.success(request, _("Thank you: the photos were added."))
    return redirect(f"/{kind}/{pk}/")


def _owner(request, roles, kind, pk):
    if kind == "needs":
        return need_selectors.access_need(actor=request.user, roles=roles, need_id=pk)
    return hazard_selectors.access_report(actor=request.user, roles=roles, report_id=pk)
