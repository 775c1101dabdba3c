"""What each push service answer means, in one place (as Mastodon's PushNotificationWorker).

2xx: delivered. 404 or 410: the subscription is gone (the browser dropped it), so it is deleted.
429: too many, wait as long as Retry-After says. 5xx or no answer in time: try again later,
waiting longer each time, and drop the push after the last attempt. Any other 4xx: our request
was wrong, so sending it again would not help.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import Enum

from .push import Answer

# Never wait longer than this for one retry, whatever a Retry-After header asks.
LONGEST_WAIT_SECONDS = 24 * 3600


class Outcome(Enum):
    SENT = "sent"
    GONE = "gone"  # delete the subscription
    RETRY = "retry"  # send again after `delay`
    DROPPED = "dropped"  # give this push up; the subscription stays
    GIVEN_UP = "given_up"  # failing for too long: delete the subscription (jobs.py decides)


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    delay: float = 0.0


def verdict(answer: Answer, attempt: int, max_attempts: int, base_delay: float) -> Verdict:
    """What to do after `answer` to the `attempt`-th try (0 for the first)."""
    status = answer.status
    if answer.refused or status in (404, 410):
        return Verdict(Outcome.GONE)
    if status is not None and 200 <= status < 300:
        return Verdict(Outcome.SENT)
    if status == 429 or status is None or status >= 500:
        if attempt + 1 >= max_attempts:
            return Verdict(Outcome.DROPPED)
        backoff = base_delay * 2**attempt
        if status == 429:
            asked = retry_after_seconds(answer.retry_after)
            backoff = asked if asked is not None else backoff
        return Verdict(Outcome.RETRY, min(max(backoff, 1.0), LONGEST_WAIT_SECONDS))
    return Verdict(Outcome.DROPPED)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: it may be a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)
