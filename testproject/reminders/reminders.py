from typing import Any

from testproject.reminders.push import PushService


def send_reminder(user_id: int = 1, text: str = "My push") -> dict[str, Any]:
    """Push a reminder to one user."""
    return PushService().create_message(
        [{"text": text, "conditions": ["UserID", "EQ", user_id]}]
    )
