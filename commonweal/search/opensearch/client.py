"""The one module that talks to OpenSearch (opensearch-py): client, index, documents."""

import time

from django.conf import settings
from opensearchpy import OpenSearch

from commonweal.search import text
from commonweal.search.opensearch.template import TEMPLATE

TEMPLATE_NAME = "commonweal-search"


def enabled() -> bool:
    return bool(settings.OPENSEARCH_URL)


def client(*, timeout: float | None = None) -> OpenSearch:
    return OpenSearch(
        hosts=[settings.OPENSEARCH_URL],
        timeout=timeout or settings.OPENSEARCH_TIMEOUT,
        max_retries=0,
        retry_on_timeout=False,
    )


def alias() -> str:
    return settings.OPENSEARCH_ALIAS


def new_index_name() -> str:
    return f"{alias()}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1_000_000:06d}"


def put_template(os_client: OpenSearch) -> None:
    body = dict(TEMPLATE, index_patterns=[f"{alias()}-*"])
    os_client.indices.put_index_template(name=TEMPLATE_NAME, body=body)


def indices_behind_alias(os_client: OpenSearch) -> list[str]:
    if not os_client.indices.exists_alias(name=alias()):
        return []
    return sorted(os_client.indices.get_alias(name=alias()))


def ensure_index(os_client: OpenSearch | None = None) -> str:
    """The index behind the alias, creating template, index and alias on first use."""
    os_client = os_client or client()
    current = indices_behind_alias(os_client)
    if current:
        return current[0]
    put_template(os_client)
    name = new_index_name()
    os_client.indices.create(index=name, body={"aliases": {alias(): {}}})
    return name


def document_id(row) -> str:
    return f"{row.community_id}-{row.kind}-{row.key}"


def source_of(row) -> dict:
    """The OpenSearch document of a SearchDocument row (its community selected)."""
    tags = list(row.tags or ())
    source = {
        "tenant": row.community.slug,
        "community_id": row.community_id,
        "community_name": row.community.name,
        "district": row.community.district,
        "kind": row.kind,
        "key": row.key,
        "category": row.category,
        "tags": tags,
        "title": row.title,
        "body": row.body,
        "exact_key": row.exact_key or text.exact_key(row.title),
        "title_terms": row.title_terms,
        "name_terms": row.name_terms,
        "body_terms": row.body_terms,
        "all_terms": " ".join([row.title_terms, row.name_terms, row.body_terms]),
        "url": row.url,
        "version": row.version,
    }
    if row.lat is not None and row.lng is not None:
        source["location"] = {"lat": row.lat, "lon": row.lng}
    return source


def actions_of(rows, index: str) -> list[dict]:
    """Bulk lines: visible rows are indexed, withdrawn rows deleted, both at the row's version
    (version_type=external), so OpenSearch refuses anything older than what it holds."""
    lines: list[dict] = []
    for row in rows:
        meta = {
            "_index": index,
            "_id": document_id(row),
            "version": row.version,
            "version_type": "external",
        }
        if row.visible:
            lines += [{"index": meta}, source_of(row)]
        else:
            lines.append({"delete": meta})
    return lines
