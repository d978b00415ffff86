"""The webhook server's access log, without secrets: a sign-in link's token (in its path) would
sign anyone who reads the log in for minutes, and query strings are left out whole.

aiohttp's public `AbstractAccessLogger`: one line per request with the method, the path with
each token segment replaced by "…", the status, the size and the time taken. The client's
address and user agent are not logged either (personal data the bot has no use for).
"""

from __future__ import annotations

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

# A path segment after one of these is a secret.
TOKEN_PARENTS = frozenset({"signin"})
REDACTED = "…"


def redacted_path(path: str) -> str:
    """The path with every segment after a token's parent replaced ("/dashboard/signin/…")."""
    segments = path.split("/")
    for index in range(1, len(segments)):
        if segments[index - 1] in TOKEN_PARENTS and segments[index]:
            segments[index] = REDACTED
    return "/".join(segments)


class RedactingAccessLogger(AbstractAccessLogger):
    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %s %.3fs",
            request.method,
            redacted_path(request.path),
            response.status,
            response.body_length,
            time,
        )
