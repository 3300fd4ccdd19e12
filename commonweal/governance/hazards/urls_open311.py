"""Open311 GeoReport v2 (see views/open311.py), mounted at /open311/v2/ on a community host."""

from django.urls import re_path

from commonweal.governance.hazards.views import open311

urlpatterns = [
    re_path(r"^services\.(?P<fmt>json|xml)$", open311.services_list, name="open311-services"),
    re_path(r"^requests\.(?P<fmt>json|xml)$", open311.requests_list, name="open311-requests"),
    re_path(
        r"^requests/(?P<pk>[0-9]{1,18})\.(?P<fmt>json|xml)$",
        open311.request_detail,
        name="open311-request",
    ),
]
