"""Personal data of accounts, memberships, invitations, tokens and notifications."""

from commonweal.platform.accounts.models import ApiToken, Invitation, Membership, User
from commonweal.platform.notifications.models import Notification
from commonweal.privacy.registry import BLANK, NAME, person_rows

# The account itself: `commonweal.privacy.services.erasure` rewrites it (sign-in name, password).
person_rows(User, owner=("id",), erase={"display_name": NAME, "email": BLANK, "phone": BLANK})
person_rows(Membership, owner=("user",))
person_rows(ApiToken, owner=("user",))
person_rows(Invitation, mentions=("invited_by", "accepted_by"), scrub=("email", "phone"))
person_rows(Notification, owner=("user",), scrub=("title", "body"))
