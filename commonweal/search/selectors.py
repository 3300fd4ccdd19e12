"""The one search entry point; the backend follows settings (OPENSEARCH_URL set → OpenSearch)."""

from commonweal.search.opensearch import client as os_client
from commonweal.search.query import SearchRequest, SearchResults


def search(request: SearchRequest, *, with_facets: bool = True) -> SearchResults:
    """Visible documents of active communities matching `request` (see query.build_request)."""
    if os_client.enabled():
        from commonweal.search.backends import opensearch as backend
    else:
        from commonweal.search.backends import postgres as backend
    return backend.search(request, with_facets=with_facets)
