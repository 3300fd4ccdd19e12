from enum import StrEnum


class NotificationErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
