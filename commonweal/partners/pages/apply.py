"""申请成为合伙人 on a community's host: an organisation registers (or reuses its platform
identity) and applies, in one transaction, through the same services as GraphQL."""

from django.contrib.auth import login
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from commonweal.partners import selectors
from commonweal.partners.error_codes import PartnerErrorCode
from commonweal.partners.notify import representative_path
from commonweal.partners.pages.forms import ApplicationForm, put_back
from commonweal.partners.registry import selectors as registry_selectors
from commonweal.partners.registry import services as registry
from commonweal.partners.registry.models import PartnerOrganisation
from commonweal.partners.services import partnerships
from commonweal.platform.accounts.services import user_register
from commonweal.platform.kernel.errors import DomainError

LOGIN_BACKEND = "commonweal.platform.accounts.backends.EmailOrPhoneBackend"


def _community(request):
    from django.http import Http404

    if getattr(request, "tenant", None) is None:
        raise Http404
    return request.tenant


def _submit(request, form, community):
    """Everything or nothing: the account, the organisation and the application."""
    data = form.cleaned_data
    with transaction.atomic():
        user = request.user
        if not user.is_authenticated:
            user = user_register(
                email=data.get("account_email") or "",
                phone=data.get("account_phone") or "",
                password=data["password"],
                display_name=data["display_name"],
            )
        if form.registers_organisation:
            organisation = registry.organisation_register(
                actor=user,
                kind=data["kind"],
                legal_name=data["legal_name"],
                credit_code=data["credit_code"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                phone_public=data["phone_public"],
                description=data["description"],
            )
        else:
            organisation = registry_selectors.access_represented_organisation(
                actor=user, organisation_id=data["organisation"]
            )
        partnership = partnerships.partnership_apply(
            community=community,
            actor=user,
            organisation_id=organisation.pk,
            call_id=int(data["call"]) if data.get("call") else None,
            tier=data["tier"],
            statement=data["statement"],
            offers=form.offers_list(),
        )
    return user, partnership


def apply(request):
    community = _community(request)
    calls = list(selectors.open_calls())
    organisations = list(registry_selectors.organisations_represented_by(request.user))
    initial = {"call": request.GET.get("call", "")}
    form = ApplicationForm(
        request.POST or None,
        user=request.user,
        organisations=organisations,
        calls=calls,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            user, partnership = _submit(request, form, community)
        except DomainError as error:
            put_back(form, error)
        else:
            if not request.user.is_authenticated:
                login(request, user, backend=LOGIN_BACKEND)
            return redirect(representative_path(partnership))
    return render(
        request,
        "partners/apply.html",
        {
            "community": community,
            "form": form,
            "calls": calls,
            "kinds_by_call": {str(c.pk): list(c.kinds_allowed) for c in calls},
        },
    )


@require_GET
def credit_code_check(request):
    """The check the form runs as a code is typed: the server's own rules, so the page and
    the submission can never disagree. Answers {valid, message, code}."""
    code = request.GET.get("code", "")
    kind = request.GET.get("kind") or "enterprise"
    try:
        cleaned = registry.clean_credit_code(kind, code)
    except DomainError as error:
        return JsonResponse({"valid": False, "code": error.code, "message": str(error.message)})
    if cleaned and PartnerOrganisation.objects.filter(credit_code=cleaned).exists():
        return JsonResponse(
            {
                "valid": False,
                "code": PartnerErrorCode.DUPLICATE_ORGANISATION,
                "message": _("An organisation with this credit code is already registered."),
            }
        )
    return JsonResponse({"valid": True, "code": "", "message": ""})
