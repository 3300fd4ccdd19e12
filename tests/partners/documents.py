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

ADD_REPRESENTATIVE = """
mutation Add($id: ID!, $login: String!) {
  addPartnerRepresentative(partnerId: $id, login: $login) {
    representative { id displayName } errors { code field }
  }
}
"""

REMOVE_REPRESENTATIVE = """
mutation Remove($id: ID!) {
  removePartnerRepresentative(id: $id) { representative { id } errors { code field } }
}
"""

ADD_ORGANISATION_REPRESENTATIVE = """
mutation Add($id: ID!, $login: String!) {
  addOrganisationRepresentative(organisationId: $id, login: $login) {
    representative { id displayName } errors { code field }
  }
}
"""

REMOVE_ORGANISATION_REPRESENTATIVE = """
mutation Remove($id: ID!) {
  removeOrganisationRepresentative(id: $id) { representative { id } errors { code field } }
}
"""

MY_REPRESENTATIVES = """
query { myPartnerOrganisations { id legalName representatives { id displayName } } }
"""

CALL_STEP = """
mutation Step($id: ID!) {
  %s(id: $id) { call { title publishedAt closedAt takesApplications } errors { code message } }
}
"""

CALLS = """
query { partnerCalls(first: 10) { edges { node { title takesApplications } } } }
"""

SET_POINTS = """
mutation Points($id: ID!, $points: [ID!]!) {
  setPartnerServicePoints(partnerId: $id, servicePointIds: $points) {
    partner { servicePoints { id name categoryLabel } } errors { code }
  }
}
"""

POINTS = """
query Points($id: ID!) { partner(id: $id) { servicePoints { id name categoryLabel } } }
"""
