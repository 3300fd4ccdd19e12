"""GraphQL documents of the partner tests."""

DIRECTORY = """
query Directory($first: Int) {
  partners(first: $first) {
    totalCount
    edges { node {
      id tier offers averageRating ratingCount
      organisation { legalName kind creditCode contactPhone contactEmail }
      commitments { title quantity unit tier }
      servicePoints { name lat lng }
      ratings { score comment }
    } }
  }
}
"""

PARTNER = """
query Partner($id: ID!) {
  partner(id: $id) {
    status tier statement
    organisation { legalName contactPhone }
    transitions { fromStatus toStatus reason actorName }
  }
}
"""

APPLY = """
mutation Apply($input: PartnershipApplicationInput!) {
  applyForPartnership(input: $input) { partner { id status tier offers } errors { code field } }
}
"""

MOVE = """
mutation Move($id: ID!, $reason: String!) {
  %s(id: $id, reason: $reason) { partner { status } errors { code } }
}
"""

APPROVE = """
mutation Approve($id: ID!) { approvePartnership(id: $id) { partner { status } errors { code } } }
"""

REGISTER = """
mutation Register($input: PartnerOrganisationInput!) {
  registerPartnerOrganisation(input: $input) {
    organisation { id legalName creditCode contactPhone }
    errors { code field }
  }
}
"""

MINE = """
query { myPartnerOrganisations { legalName contactPhone
  partnerships { communitySlug communityName status tier } } }
"""

NOTIFICATIONS = """
query { unreadNotificationCount
  notifications(first: 10) { edges { node { id kind title communitySlug readAt } } } }
"""

MARK_READ = """
mutation Read($id: ID!) {
  markNotificationRead(id: $id) { notification { readAt } errors { code } }
}
"""
