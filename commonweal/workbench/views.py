"""The workbench's front page: every registered queue with its count, each a link."""

from django.shortcuts import render

from commonweal.workbench.access import office_only
from commonweal.workbench.registry import queues


@office_only
def home(request):
    rows = [(queue, queue.count(request)) for queue in queues()]
    return render(request, "workbench/home.html", {"community": request.tenant, "queues": rows})
