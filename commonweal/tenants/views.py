import math
import re

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from commonweal.platform.kernel.errors import DomainError
from commonweal.tenants.forms import CommunityApplicationForm
from commonweal.tenants.models import ApplicationStatus, Community, CommunityApplication
from commonweal.tenants.services import application_submit
from commonweal.tenants.slugs import suggest_slug
from commonweal.tenants.validators import domain_for

FILED_KEY = "filed_applications"
# The decisions the "usually takes" figure is drawn from.
REVIEW_HISTORY = 50


def _form_field(field: str | None) -> str | None:
    # Services name fields as GraphQL does (camelCase); the form uses snake_case.
    return re.sub(r"(?<!^)(?=[A-Z])", "_", field).lower() if field else None


def apply(request):
    form = CommunityApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = application_submit(
                applicant=request.user,
                data=form.service_data(),
                password=form.cleaned_data["password"],
            )
        except DomainError as error:
            field = _form_field(error.field)
            if field in ("centre_lat", "centre_lng"):
                field = "centre"
            form.add_error(field if field in form.fields else None, str(error.message))
        else:
            # Ids are guessable; the receipt is for whoever filed the application.
            request.session[FILED_KEY] = [*request.session.get(FILED_KEY, []), application.pk]
            return redirect("apply-done", pk=application.pk)
    return render(request, "tenants/apply.html", {"form": form})


def _slug_taken(slug: str) -> bool:
    return (
        slug in settings.RESERVED_SLUGS
        or Community.objects.filter(slug=slug).exists()
        or CommunityApplication.objects.filter(slug=slug, status=ApplicationStatus.PENDING).exists()
    )


def slug_suggestion(request):
    """{"slug": …} for a community name: the apply form fills the address with it until the
    applicant types their own."""
    name = request.GET.get("name", "")[:60]
    return JsonResponse({"slug": suggest_slug(name, taken=_slug_taken)})


def typical_review_days() -> int | None:
    """How many days the last decided applications waited, at the median (None without
    enough history to say)."""
    waits = sorted(
        (reviewed - submitted).total_seconds() / 86400
        for submitted, reviewed in CommunityApplication.objects.filter(reviewed_at__isnull=False)
        .order_by("-reviewed_at")
        .values_list("submitted_at", "reviewed_at")[:REVIEW_HISTORY]
    )
    if len(waits) < 3:
        return None
    return max(1, math.ceil(waits[len(waits) // 2]))


def apply_done(request, pk):
    application = get_object_or_404(CommunityApplication, pk=pk)
    filed_here = pk in request.session.get(FILED_KEY, [])
    if not filed_here and not (
        request.user.is_authenticated and application.applicant_id == request.user.pk
    ):
        raise Http404
    return render(
        request,
        "tenants/apply_done.html",
        {
            "application": application,
            "typical_days": typical_review_days(),
            "usual_days": settings.COMMUNITY_REVIEW_DAYS,
            "host": domain_for(application.slug),
        },
    )
