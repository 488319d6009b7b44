"""Mail goes out beside the request, not within it, so a page answers in the same time
whether it sent mail or not: a reset for a known address is no slower than for an unknown.

One thread per worker process sends, in order; it needs no process of its own (`make run`
sends as before) and the interpreter waits for it on exit, so a stopping worker finishes
what it queued.
"""

import logging
from concurrent.futures import Future, ThreadPoolExecutor

from django.core.mail import EmailMessage

logger = logging.getLogger(__name__)
_sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hipdips-mail")


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:
        # The request that queued it has been answered; the log is all that can tell.
        logger.exception("Could not send the mail %r", message.subject)  # no address in logs


def send_in_background(message: EmailMessage) -> Future:
    return _sender.submit(_send, message)


def wait_until_sent() -> None:
    """Block until everything queued so far is sent (tests, and code that must know)."""
    _sender.submit(lambda: None).result()
