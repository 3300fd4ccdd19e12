"""What a resident can do on a partner's profile: call, go there, see it on the welfare map,
and rate a service they received."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from commonweal.partners.models import Fulfilment
from commonweal.partners.pages.forms import RatingForm
from commonweal.partners.selectors import access_partnership
from commonweal.partners.services import evaluations
from commonweal.platform.kernel.errors import DomainError, NotFound
from commonweal.welfaremap.navigation import navigation_links


def unrated_services(user, partner) -> list[Fulfilment]:
    """Services `user` received from `partner` and has not rated yet."""
    if not user.is_authenticated:
        return []
    return list(
        Fulfilment.objects.filter(partnership=partner, recipient=user, rating__isnull=True)
        .select_related("commitment", "obligation")
        .order_by("-delivered_on", "-pk")
    )


def actions(request, partner) -> dict:
    """The profile's action context: a number to call, directions per service point, what
    the visitor may rate."""
    organisation = partner.organisation
    points = [
        {"point": point, "links": navigation_links(point)} for point in partner.service_points.all()
    ]
    callable_phone = organisation.contact_phone if organisation.phone_public else ""
    to_rate = [
        (f, (f.commitment.title if f.commitment else f.obligation.description))
        for f in unrated_services(request.user, partner)
    ]
    return {
        "phone": organisation.public_phone,
        "callable_phone": callable_phone,
        "points": points,
        "to_rate": to_rate,
        "rating_form": RatingForm(initial={"fulfilment": to_rate[0][0].pk}) if to_rate else None,
    }


@require_POST
def rate(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(f"/partners/{pk}/")
    try:
        partner = access_partnership(actor=request.user, partnership_id=pk, public_only=True)
    except NotFound as error:
        raise Http404 from error
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose from one to five stars."))
        return redirect("partners:profile", pk=partner.pk)
    fulfilment = Fulfilment.objects.filter(
        pk=form.cleaned_data["fulfilment"], partnership=partner
    ).first()
    try:
        if fulfilment is None:
            raise Http404
        evaluations.rating_give(
            actor=request.user,
            fulfilment_id=fulfilment.pk,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you for your rating."))
    return redirect("partners:profile", pk=partner.pk)
