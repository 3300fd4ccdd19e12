from commonweal.platform.accounts.models import ApiToken, Invitation, Membership, User

__all__ = ["ApiToken", "Invitation", "Membership", "User"]
