"""A representative's pages: their partnership in one community (community host) and 我的合伙
across communities with the public-profile editor (platform host)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from commonweal.partners import selectors
from commonweal.partners.models import (
    Partnership,
    PartnershipStatus,
    PartnershipTransition,
    ResourceCommitment,
    ServiceRating,
)
from commonweal.partners.notify import representative_path
from commonweal.partners.pages.forms import AnswerForm, FulfilmentForm, ProfileForm, put_back
from commonweal.partners.registry import selectors as registry_selectors
from commonweal.partners.registry import services as registry
from commonweal.partners.services import agreement, partnerships
from commonweal.platform.kernel.errors import DomainError, NotFound
from commonweal.web import links

S = PartnershipStatus


def _mine(request, pk) -> Partnership:
    """The partnership `pk` of an organisation the user represents; others are not found."""
    partnership = (
        Partnership.objects.select_related("organisation", "call")
        .filter(
            pk=pk, organisation__in=registry_selectors.organisations_represented_by(request.user)
        )
        .first()
    )
    if partnership is None:
        raise Http404
    return partnership


def partnership_page(request, pk: int):
    """Where an applicant follows their application and a partner records deliveries."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    community = request.tenant
    partnership = _mine(request, pk)
    answer_form = AnswerForm(prefix="answer")
    fulfil_form = FulfilmentForm(prefix="fulfil", initial={"delivered_on": timezone.localdate()})
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "answer":
                answer_form = AnswerForm(request.POST, prefix="answer")
                if answer_form.is_valid():
                    partnerships.partnership_provide_information(
                        community=community,
                        actor=request.user,
                        partnership=partnership,
                        answer=answer_form.cleaned_data["answer"],
                    )
                    messages.success(request, _("Thank you: the office resumes its review."))
                    return redirect(representative_path(partnership))
            elif action == "fulfil":
                fulfil_form = FulfilmentForm(request.POST, prefix="fulfil")
                if fulfil_form.is_valid():
                    data = fulfil_form.cleaned_data
                    agreement.fulfilment_record(
                        actor=request.user,
                        partnership=partnership,
                        commitment_id=data["commitment"],
                        quantity=data["quantity"],
                        delivered_on=data["delivered_on"],
                        beneficiary=data["beneficiary"],
                        evidence=data["evidence"],
                    )
                    messages.success(request, _("Delivery recorded."))
                    return redirect(representative_path(partnership))
        except NotFound as error:
            raise Http404 from error
        except DomainError as error:
            put_back(answer_form if action == "answer" else fulfil_form, error)
    today = timezone.localdate()
    commitments = list(ResourceCommitment.objects.filter(partnership=partnership))
    return render(
        request,
        "partners/mine.html",
        {
            "community": community,
            "partnership": partnership,
            "organisation": partnership.organisation,
            "transitions": list(
                PartnershipTransition.objects.filter(partnership=partnership).order_by("at", "pk")
            ),
            "commitments": commitments,
            "open_commitments": [c for c in commitments if not c.is_kept],
            "today": today,
            "ratings": list(
                ServiceRating.objects.filter(partnership=partnership).order_by("-created_at")[:20]
            ),
            "answer_form": answer_form,
            "my_partnerships_url": links.platform_url("/my/partners/", request),
            "fulfil_form": fulfil_form,
            "waiting_for_answer": partnership.status == S.INFO_REQUESTED,
            "records_deliveries": partnership.status == S.ACTIVE,
        },
    )


# --- the platform host ------------------------------------------------------------------


def to_platform(request):
    """我的合伙 from a community's 我的: it lives on the platform host, across communities."""
    return redirect(links.platform_url("/my/partners/", request))


def _community_view(request, listing, today):
    """What one community holds for one of the user's organisations (its own schema)."""
    with tenant_context(listing.community):
        partnership = (
            Partnership.objects.filter(pk=listing.partnership_id)
            .prefetch_related(
                Prefetch(
                    "commitments",
                    queryset=ResourceCommitment.objects.order_by("due_on", "pk"),
                ),
                Prefetch("ratings", queryset=ServiceRating.objects.order_by("-created_at", "-pk")),
            )
            .first()
        )
        if partnership is None:
            return None
        commitments = list(partnership.commitments.all())
        ratings = list(partnership.ratings.all())
        question = (
            partnership.transitions.filter(to_status=S.INFO_REQUESTED).order_by("-at").first()
            if partnership.status == S.INFO_REQUESTED
            else None
        )
    open_ = [c for c in commitments if not c.is_kept]
    return {
        "listing": listing,
        "partnership": partnership,
        "status_label": S(partnership.status).label,
        "url": links.community_url(
            listing.community.slug, representative_path(partnership), request
        ),
        "due": [c for c in open_ if c.due_on and c.due_on >= today],
        "overdue": [c for c in open_ if c.due_on and c.due_on < today],
        "to_record": open_ if partnership.status == S.ACTIVE else [],
        "ratings": ratings[:5],
        "rating_count": len(ratings),
        "average": round(sum(r.score for r in ratings) / len(ratings), 1) if ratings else None,
        "question": question,
    }


def my_partnerships(request):
    """我的合伙: every organisation the user represents and where it stands in each community."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    today = timezone.localdate()
    organisations = []
    for organisation in registry_selectors.organisations_represented_by(request.user).order_by(
        "legal_name", "pk"
    ):
        communities = [
            view
            for listing in selectors.listings_of(organisation)
            if (view := _community_view(request, listing, today)) is not None
        ]
        organisations.append({"organisation": organisation, "communities": communities})
    return render(request, "partners/my_partnerships.html", {"organisations": organisations})


def edit_profile(request, organisation_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        organisation = registry_selectors.access_represented_organisation(
            actor=request.user, organisation_id=organisation_id
        )
    except NotFound as error:
        raise Http404 from error
    fields = list(ProfileForm.base_fields)
    form = ProfileForm(
        request.POST or None, initial={name: getattr(organisation, name) for name in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            registry.organisation_update_profile(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except DomainError as error:
            put_back(form, error)
        else:
            messages.success(request, _("Your public profile is saved."))
            return redirect("my-partnerships")
    return render(
        request, "partners/edit_profile.html", {"organisation": organisation, "form": form}
    )
