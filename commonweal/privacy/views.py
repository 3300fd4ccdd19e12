"""Pages: 我的个人信息 (download my data, erase my account) on both hosts, 社区数据导出 for a
community's admins, and community deletions for platform admins. Writes go through the same
services as the GraphQL mutations."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.errors import DomainError
from commonweal.platform.kernel.roles import Role
from commonweal.privacy.forms import ClosureForm, ErasureForm
from commonweal.privacy.models import CommunityClosure, DataExport, ExportStatus
from commonweal.privacy.services import closures, erasure, exports


def _sign_in_first(request):
    return redirect(f"/login/?next={request.get_full_path()}")


def _zip(export: DataExport) -> HttpResponse:
    response = HttpResponse(bytes(export.content), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def my_data(request):
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    return render(
        request,
        "privacy/my_data.html",
        {
            "exports": exports.exports_of(request.user),
            "closing": closures.pending_closure(getattr(request, "tenant", None)),
        },
    )


@require_POST
def my_data_export(request):
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    exports.export_request(user=request.user)
    messages.success(request, _("We are preparing your download; it appears below when ready."))
    return redirect("/me/data/")


def my_data_download(request, pk: int):
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    export = (
        exports.exports_of(request.user)
        .filter(pk=pk, status=ExportStatus.READY)
        .defer(None)
        .first()
    )
    if export is None:
        raise Http404
    return _zip(export)


def erase_account(request):
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = erasure.person_erase(user=request.user, password=form.cleaned_data["password"])
        except DomainError as error:
            form.add_error(error.field, str(error.message))
        else:
            logout(request)
            return render(request, "privacy/erased.html", {"pseudonym": done.pseudonym})
    return render(request, "privacy/erase.html", {"form": form}, status=400 if form.errors else 200)


# --- a community's admins ---------------------------------------------------------------


def _community_admin(request):
    if getattr(request, "tenant", None) is None:
        raise Http404
    if Role.ADMIN not in roles_in_current_community(request):
        raise Http404  # the same as a missing page: no probing of who is admin where


def community_export(request):
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    _community_admin(request)
    if request.method == "POST":
        from commonweal.platform.audit.services import record

        exports.export_request(user=request.user, community=request.tenant)
        record(actor=request.user, channel="web", action="requestCommunityExport")
        messages.success(request, _("We are preparing the export; it appears below when ready."))
        return redirect("/privacy/")
    return render(
        request,
        "privacy/community_export.html",
        {"exports": exports.exports_of(request.user, community=request.tenant)},
    )


def community_export_download(request, pk: int):
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    _community_admin(request)
    export = (
        exports.exports_of(request.user, community=request.tenant)
        .filter(pk=pk, status=ExportStatus.READY)
        .defer(None)
        .first()
    )
    if export is None:
        raise Http404
    return _zip(export)


# --- platform admins --------------------------------------------------------------------


def community_closures(request):
    """Schedule or call off a community's deletion (platform host, platform admins)."""
    if not request.user.is_authenticated:
        return _sign_in_first(request)
    if getattr(request, "tenant", None) is not None or not request.user.is_staff:
        raise Http404
    from commonweal.platform.audit.services import record
    from commonweal.tenants.models import Community

    cancelling = request.method == "POST" and "cancel" in request.POST
    form = ClosureForm(request.POST if request.method == "POST" and not cancelling else None)
    if request.method == "POST":
        community = Community.objects.filter(slug=request.POST.get("slug", "")).first()
        if community is None:
            raise Http404
        try:
            if cancelling:
                closures.closure_cancel(actor=request.user, community=community)
                record(
                    actor=request.user,
                    channel="web",
                    action="cancelCommunityDeletion",
                    target=community.schema_name,
                )
                return redirect("/privacy/closures/")
            if form.is_valid():
                closures.closure_schedule(
                    actor=request.user,
                    community=community,
                    **{k: form.cleaned_data[k] for k in ("reason", "grace_days")},
                )
                record(
                    actor=request.user,
                    channel="web",
                    action="scheduleCommunityDeletion",
                    target=community.schema_name,
                    changes=form.cleaned_data,
                )
                return redirect("/privacy/closures/")
        except DomainError as error:
            if cancelling:
                messages.error(request, str(error.message))
                return redirect("/privacy/closures/")
            form.add_error(error.field, str(error.message))
    pending = CommunityClosure.objects.filter(
        cancelled_at__isnull=True, deleted_at__isnull=True
    ).select_related("community")
    return render(
        request,
        "privacy/closures.html",
        {"form": form, "pending": pending},
        status=400 if form.is_bound and form.errors else 200,
    )
