"""A community's URLs plus the hand-written members view the GraphQL benchmark compares against.

Used only by bench/graphql_overhead.py, which points ROOT_URLCONF here at run time.
"""

from django.urls import path

from bench.views import members_json
from commonweal.platform.root.urls_community import urlpatterns as community_urlpatterns

urlpatterns = [
    *community_urlpatterns,
    path("bench/members/", members_json, name="bench-members"),
]
