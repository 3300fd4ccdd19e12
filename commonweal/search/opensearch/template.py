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
                "title": {"type": "text", "analyzer": "cjk"},
                "body": {"type": "text", "index": False},
                "text": {"type": "text", "analyzer": "cjk"},
                "exact_key": {"type": "keyword"},
                "pinyin": {"type": "text", "analyzer": "terms"},
                "unigrams": {"type": "text", "analyzer": "terms"},
                "title_unigrams": {"type": "text", "analyzer": "terms"},
                "location": {"type": "geo_point"},
                "url": {"type": "keyword", "index": False},
                "version": {"type": "long"},
            },
        },
    },
}
