"""One push as it leaves us, and what its push service answered: shared by the senders, the
poster and the jobs, which import nothing of each other for it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Push:
    endpoint: str
    p256dh: str
    auth: str
    payload: bytes
    topic: str  # the Topic header: an unsent older push with the same topic is replaced
    ttl: int
    urgency: str


@dataclass(frozen=True)
class Answer:
    """What the push service said: a status, or None when it could not be reached in time."""

    status: int | None
    retry_after: str | None = None
    refused: bool = False  # never sent: the endpoint fails our checks
