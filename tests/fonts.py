"""The chart's Noto fonts: tests that draw with them skip where they are missing, as the browser
tests do without Chromium, unless CI=true or TEST_BROWSER_REQUIRED is set (`.ci/run` installs
fonts-noto-core and fonts-noto-cjk and sets it): there a missing font fails the test."""

from __future__ import annotations

import pytest

from adapters.chart import available_fonts
from tests.web.browser import browser_required


def need_fonts(*names: str) -> None:
    """Skip the test (fail it where the fonts are required) unless every named face is installed."""
    missing = [name for name in names if name not in available_fonts()]
    if not missing:
        return
    problem = f"needs the fonts {', '.join(missing)} (Debian: fonts-noto-core, fonts-noto-cjk)"
    if browser_required():  # .ci/run installs the fonts with Chromium
        pytest.fail(f"the chart's fonts are required here (CI or TEST_BROWSER_REQUIRED): {problem}")
    pytest.skip(problem)
