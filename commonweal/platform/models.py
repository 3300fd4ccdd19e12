from commonweal.platform.accounts.models import ApiToken, Invitation, Membership, User
from commonweal.platform.notifications.models import Notification

__all__ = ["ApiToken", "Invitation", "Membership", "Notification", "User"]
