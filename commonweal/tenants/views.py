import re

from django.shortcuts import get_object_or_404, redirect, render

from commonweal.platform.errors import DomainError
from commonweal.tenants.forms import CommunityApplicationForm
from commonweal.tenants.models import CommunityApplication
from commonweal.tenants.services import application_submit


def _form_field(field: str | None) -> str | None:
    # Services name fields as GraphQL does (camelCase); the form uses snake_case.
    return re.sub(r"(?<!^)(?=[A-Z])", "_", field).lower() if field else None


def apply(request):
    form = CommunityApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        password = data.pop("password")
        try:
            application = application_submit(applicant=request.user, data=data, password=password)
        except DomainError as error:
            field = _form_field(error.field)
            form.add_error(field if field in form.fields else None, str(error.message))
        else:
            return redirect("apply-done", pk=application.pk)
    return render(request, "tenants/apply.html", {"form": form})


def apply_done(request, pk):
    application = get_object_or_404(CommunityApplication, pk=pk)
    return render(request, "tenants/apply_done.html", {"application": application})
