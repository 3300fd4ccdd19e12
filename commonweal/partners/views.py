"""Public partner directory and profile, and the office's dashboard (community host)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render

from commonweal.partners import selectors
from commonweal.partners.chart import growth_chart
from commonweal.partners.models import ServiceRating
from commonweal.partners.registry.models import OrganisationKind
from commonweal.platform.accounts.selectors import roles_in_current_community
from commonweal.platform.kernel.choices import ServiceTier
from commonweal.platform.kernel.roles import OFFICE_ROLES

DIRECTORY_PAGE = 24


def _community(request):
    if getattr(request, "tenant", None) is None:
        raise Http404
    return request.tenant


def directory(request):
    community = _community(request)
    kind = request.GET.get("kind") or None
    if kind not in OrganisationKind.values:
        kind = None
    partners = selectors.with_ratings(selectors.directory(kind=kind)).prefetch_related(
        "commitments", selectors.listed_service_points()
    )
    # A page at a time: a community with a thousand partners must stay light on a phone.
    page = Paginator(partners, DIRECTORY_PAGE).get_page(request.GET.get("page"))
    calls = selectors.open_calls()
    return render(
        request,
        "partners/directory.html",
        {
            "community": community,
            "partners": page,
            "page": page,
            "calls": calls,
            "kinds": OrganisationKind.choices,
            "kind": kind,
            "tiers": dict(ServiceTier.choices),
        },
    )


def profile(request, pk: int):
    community = _community(request)
    partner = (
        selectors.with_ratings(selectors.directory())
        .prefetch_related(
            "commitments",
            "obligations",
            selectors.listed_service_points(),
            "recognitions",
            Prefetch("ratings", queryset=ServiceRating.objects.order_by("-created_at", "-pk")),
        )
        .filter(pk=pk)
        .first()
    )
    if partner is None:
        raise Http404
    from commonweal.partners.pages.profile import actions

    return render(
        request,
        "partners/profile.html",
        {
            "community": community,
            "partner": partner,
            "tiers": dict(ServiceTier.choices),
            **actions(request, partner),
        },
    )


def dashboard(request):
    community = _community(request)
    roles = roles_in_current_community(request)
    if not roles & OFFICE_ROLES:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    growth = selectors.growth_by_kind()
    return render(
        request,
        "partners/dashboard.html",
        {
            "community": community,
            "chart": growth_chart(growth),
            "status_counts": selectors.status_counts(),
            "commitments": selectors.commitments_due(),
            "services": selectors.services_this_month(),
        },
    )
