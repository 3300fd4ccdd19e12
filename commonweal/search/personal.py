from commonweal.privacy.registry import person_rows
from commonweal.search.models import SearchDocument

# A document quotes its item's public text; erasure removes the person from both.
person_rows(
    SearchDocument, scrub=("title", "body", "title_terms", "name_terms", "body_terms", "exact_key")
)
