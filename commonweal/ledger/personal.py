"""The ledger holds user ids only (account codes `timebank:volunteer:<id>`, `created_by`),
never a name: its append-only rows are left exactly as they are, and keep pointing at the
anonymised account."""

from commonweal.ledger.models import Entry
from commonweal.privacy.registry import person_rows

person_rows(Entry, mentions=("created_by",))
