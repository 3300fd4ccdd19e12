"""Who a meeting invites (members, partners, departments) and the department's page behind its
e-mailed link (报到): no account, the signed token is the key. A refused link (forged, of
another community, expired) says so and shows nothing."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from commonweal.governance.deliberation.forms import ConfirmForm, InviteForm
from commonweal.governance.deliberation.services import invitations
from commonweal.governance.deliberation.services import meetings as services
from commonweal.governance.deliberation.views.common import attempt, member_by_contact, page_context
from commonweal.platform.kernel.errors import DomainError


def invite_form(data=None) -> InviteForm:
    from commonweal.governance.hazards.models import Department
    from commonweal.partners.models import Partnership, PartnershipStatus

    partners = Partnership.objects.filter(status=PartnershipStatus.ACTIVE).select_related(
        "organisation"
    )
    return InviteForm(
        data,
        auto_id="invite_%s",
        partners=[(p.pk, p.organisation.legal_name) for p in partners.order_by("pk")],
        departments=[(d.pk, d.name) for d in Department.objects.order_by("name", "pk")],
    )


def invite(request, common, meeting) -> None:
    """One member (by phone or e-mail), partner or department, from the meeting's page."""
    from commonweal.governance.hazards.models import Department
    from commonweal.partners.models import Partnership

    form = invite_form(request.POST)
    if not form.is_valid():
        return
    data = form.cleaned_data
    invitees = {
        "partnerships": Partnership.objects.filter(pk=data.get("partnership") or 0),
        "departments": Department.objects.filter(pk=data.get("department") or 0),
    }

    def run():
        users = []
        if data.get("contact") or not (data.get("partnership") or data.get("department")):
            users = [member_by_contact(common["community"], data.get("contact"), field="contact")]
        return services.meeting_invite(**common, meeting=meeting, users=users, **invitees)

    attempt(request, run, _("Invited; they are told."))


def confirm(request, token: str):
    community, _roles = page_context(request)
    try:
        invitation = invitations.read_token(token)
    except DomainError as error:
        return render(
            request,
            "deliberation/confirm.html",
            {"community": community, "refused": str(error.message)},
            status=403,
        )
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            lambda: invitations.attendance_confirm(
                community=community, token=token, note=form.cleaned_data["note"]
            ),
            _("Thank you: your attendance (报到) is confirmed."),
        )
        invitation.refresh_from_db()
    return render(
        request,
        "deliberation/confirm.html",
        {
            "community": community,
            "invitation": invitation,
            "meeting": invitation.meeting,
            "form": form,
        },
    )
