from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.mail.smtp import Inbox, smtp_stand_in


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_stand_in() as server:
        yield server


# The system's Chromium through Playwright, as the dashboard's browser tests use it.
from tests.web.conftest import browser  # noqa: E402, F401
