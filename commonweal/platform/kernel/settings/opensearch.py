"""OpenSearch, for search at scale. Unset OPENSEARCH_URL: search runs on PostgreSQL alone."""

import os

OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")
# Searches and the sync go through this alias; a reindex swaps the index behind it.
OPENSEARCH_ALIAS = os.environ.get("OPENSEARCH_ALIAS", "commonweal-search")
OPENSEARCH_TIMEOUT = float(os.environ.get("OPENSEARCH_TIMEOUT", "10"))
OPENSEARCH_SYNC_BATCH = int(os.environ.get("OPENSEARCH_SYNC_BATCH", "500"))
