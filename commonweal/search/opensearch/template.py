"""The OpenSearch index template; infra/opensearch/search-index-template.json is its copy
for operators (a test keeps them equal; `commonweal search template` prints it)."""

INDEX_PATTERN = "commonweal-search-*"

TEMPLATE = {
    "index_patterns": ["commonweal-search-*"],
    "priority": 100,
    "template": {
        "settings": {
            "number_of_shards": 1,
            "number_of_replicas": 0,
            "refresh_interval": "1s",
            "analysis": {
                "analyzer": {
                    "terms": {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
                }
            },
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "tenant": {"type": "keyword"},
                "community_id": {"type": "integer"},
                "community_name": {"type": "keyword"},
                "district": {"type": "keyword"},
                "kind": {"type": "keyword"},
                "key": {"type": "keyword"},
                "category": {"type": "keyword"},
                "tags": {"type": "keyword"},
                "title": {"type": "text", "index": False},
                "body": {"type": "text", "index": False},
                "exact_key": {"type": "keyword"},
                # The terms of commonweal.search.text, computed in Python exactly as the
                # PostgreSQL backend indexes them, so both backends match the same documents.
                "title_terms": {"type": "text", "analyzer": "terms"},
                "name_terms": {"type": "text", "analyzer": "terms"},
                "body_terms": {"type": "text", "analyzer": "terms"},
                "all_terms": {"type": "text", "analyzer": "terms"},
                "location": {"type": "geo_point"},
                "url": {"type": "keyword", "index": False},
                "version": {"type": "long"},
            },
        },
    },
}
