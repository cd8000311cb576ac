"""Debian's headless Chromium driven by Selenium, for the tests in a real browser (the served
page's and the notebook widget's): start it, wait in it, draw on a canvas with the mouse.

Without /usr/bin/chromium and /usr/bin/chromedriver the tests skip, except under CI=true.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1100,760",
]
SCRIPT_TIMEOUT = 30  # seconds an execute_async_script may take


def require_browser() -> None:
    """Skip the test without Chromium and its driver; fail instead under CI=true."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if not missing:
        return
    reason = f"no {' or '.join(missing)} (Debian packages chromium and chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must run the browser test")
    pytest.skip(reason)


def start_chromium(profile: Path):
    """Headless Chromium with a fresh profile in the folder `profile`; call .quit() after."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(SCRIPT_TIMEOUT)
    return driver


def wait(driver, condition, message: str, seconds: float = 60):
    """Poll `condition(driver)` until it is truthy (returned) or `seconds` pass (failed)."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.05).until(condition, message)


def draw(driver, canvas, strokes) -> None:
    """Draw `strokes` on the element `canvas` with the mouse: press, move through the
    points, release."""
    from selenium.webdriver.common.action_chains import ActionChains

    side = canvas.size["width"]
    for stroke in strokes:
        points = [(round(x * side), round(y * side)) for x, y in stroke]
        # 20 ms a move: a hand's pace, so the pad answers while the stroke is drawn.
        actions = ActionChains(driver, duration=20)
        actions.move_to_element_with_offset(canvas, *points[0]).click_and_hold()
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            steps = max(1, round(math.hypot(x1 - x0, y1 - y0) / 12))
            done = (0, 0)
            for step in range(1, steps + 1):
                target = (round((x1 - x0) * step / steps), round((y1 - y0) * step / steps))
                actions.move_by_offset(target[0] - done[0], target[1] - done[1])
                done = target
        actions.release().perform()


def answered(canvas) -> bool:
    """The answer shown is the one for the pad as it is now (pad.js's data-* counters)."""
    return canvas.get_attribute("data-shown") == canvas.get_attribute("data-drawn")
