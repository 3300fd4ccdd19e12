"""The micro-fund over GraphQL: public accounts for anyone, operations for the office.

Community endpoint: `FundQuery` / `FundMutation`. Platform endpoint: `PlatformFundQuery`
(a signed-in donor's donations across communities).
"""

from commonweal.microfund.graphql.mutations import FundMutation
from commonweal.microfund.graphql.queries import FundQuery, PlatformFundQuery

__all__ = ["FundMutation", "FundQuery", "PlatformFundQuery"]
