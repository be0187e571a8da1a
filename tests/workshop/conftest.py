"""Every workshop server a test started is stopped when the test ends, passed or failed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from workshop_support import RUNNING


@pytest.fixture(autouse=True)
def _stop_servers() -> Iterator[None]:
    yield
    for served in list(RUNNING):
        served.stop()
