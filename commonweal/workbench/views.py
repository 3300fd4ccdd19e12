"""The workbench's front page: every queue the apps registered (commonweal.web.registry),
each count a link to where the work is done."""

from django.shortcuts import render

from commonweal.web.registry import queues_for
from commonweal.workbench.access import office_only


@office_only
def home(request):
    return render(
        request, "workbench/home.html", {"community": request.tenant, "queues": queues_for(request)}
    )
