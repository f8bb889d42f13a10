"""E-mail drafts read back as a mail program would (the standard library's email package)."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path


def message_of(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def attachments(message: EmailMessage) -> list[tuple[str | None, object]]:
    return [
        (part.get_filename(), part.get_payload(decode=True)) for part in message.iter_attachments()
    ]
