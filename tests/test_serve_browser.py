"""The drawing pad in a real browser: Debian's headless Chromium driven by Selenium.

It draws a 1, a 0 and a 7 with the mouse and checks what the page shows and what it
really sends; clears; uploads a photo and a bad file; takes a screenshot, into the
test's temporary folder, or into the folder SCREENSHOT_DIR names (the README's is made
with SCREENSHOT_DIR=figures). Without /usr/bin/chromium and /usr/bin/chromedriver it
skips, except under CI=true.
"""

import base64
import io
import json
import os
import re
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from chromium import answered as canvas_answered
from chromium import draw, wait
from drawings import ONE, SEVEN, ZERO
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent

# Installed before anything is drawn: records every request the page makes, when, and
# how many are in flight at once; and when the pen last lifted and the answer showed.
SPY = """
window.spy = {sent: [], inFlight: 0, mostInFlight: 0, lifted: null, shown: null};
const original = window.fetch;
window.fetch = async (url, options) => {
  spy.sent.push({at: performance.now(), body: options && options.body});
  spy.inFlight += 1;
  spy.mostInFlight = Math.max(spy.mostInFlight, spy.inFlight);
  try { return await original(url, options); } finally { spy.inFlight -= 1; }
};
const pad = document.getElementById("pad");
pad.addEventListener("pointerup", () => { spy.lifted = performance.now(); });
new MutationObserver(() => { spy.shown = performance.now(); })
  .observe(pad, {attributes: true, attributeFilter: ["data-shown"]});
"""

READ_LAST_SENT = """
const done = arguments[0];
const reader = new FileReader();
reader.onload = () => done(reader.result);
reader.readAsDataURL(spy.sent[spy.sent.length - 1].body);
"""


@pytest.fixture(scope="module")
def pad_url(trained):
    from digits import serve_in_background

    model, _ = trained
    with serve_in_background(model) as server:
        yield server.url


def element(driver, name: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, name)


def answered(driver) -> bool:
    return canvas_answered(element(driver, "pad"))


def png_pixels(data_url: str) -> np.ndarray:
    header, payload = data_url.split(",", 1)
    assert header == "data:image/png;base64"
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(payload))).convert("RGBA"))


def ask_server(url: str, data_url: str) -> dict:
    body = base64.b64decode(data_url.split(",", 1)[1])
    request = urllib.request.Request(
        url + "predict", data=body, headers={"Content-Type": "image/png"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def check_answer(driver, digit: int) -> None:
    """#digit, the ten bars of #probabilities and the enlarged 28x28 in #seen."""
    from selenium.webdriver.common.by import By

    assert element(driver, "digit").text == str(digit)
    rows = element(driver, "probabilities").find_elements(By.TAG_NAME, "li")
    assert len(rows) == 10
    values = []
    for label, row in enumerate(rows):
        assert row.find_element(By.CLASS_NAME, "label").text == str(label)
        text = row.find_element(By.CLASS_NAME, "value").text
        assert re.fullmatch(r"\d{1,3}\.\d%", text), text
        values.append(float(text[:-1]))
    assert sum(values) == pytest.approx(100, abs=1.0)
    assert int(np.argmax(values)) == digit
    assert "top" in rows[digit].get_attribute("class")
    widths = [row.find_element(By.CLASS_NAME, "fill").size["width"] for row in rows]
    assert int(np.argmax(widths)) == digit and widths[digit] > 0
    seen = element(driver, "seen")
    assert seen.is_displayed()
    natural = driver.execute_script(
        "return [arguments[0].naturalWidth, arguments[0].naturalHeight]", seen
    )
    assert natural == [28, 28]
    assert seen.size["width"] >= 4 * 28  # enlarged ...
    assert seen.value_of_css_property("image-rendering") == "pixelated"  # ... without smoothing


def check_sent(driver, url: str, digit: int) -> None:
    """The page sent requests while the stroke was drawn, one at a time, and the last one
    holds exactly what is on the pad; the answer shown is the server's for it."""
    spy = driver.execute_script(
        "return {count: spy.sent.length, most: spy.mostInFlight, lifted: spy.lifted,"
        " last: spy.sent[spy.sent.length - 1].at, shown: spy.shown}"
    )
    assert spy["count"] >= 2  # one as the pen touched down, more as the drawing grew
    assert spy["most"] == 1
    sent = driver.execute_async_script(READ_LAST_SENT)
    drawn = driver.execute_script("return document.getElementById('pad').toDataURL('image/png')")
    np.testing.assert_array_equal(png_pixels(sent), png_pixels(drawn))
    answer = ask_server(url, sent)
    assert answer["digit"] == digit
    assert element(driver, "seen").get_attribute("src") == answer["image"]
    print(
        f"\ndrew a {digit}: {spy['count']} requests; the last sent "
        f"{spy['last'] - spy['lifted']:+.0f} ms after the pen lifted, "
        f"its answer shown {spy['shown'] - spy['lifted']:+.0f} ms after"
    )


def check_cleared(driver) -> None:
    from selenium.webdriver.common.by import By

    assert element(driver, "digit").text == ""
    assert not element(driver, "seen").is_displayed()
    values = element(driver, "probabilities").find_elements(By.CLASS_NAME, "value")
    assert [value.text for value in values] == [""] * 10
    white = driver.execute_script(
        "const pad = document.getElementById('pad');"
        "const data = pad.getContext('2d').getImageData(0, 0, pad.width, pad.height).data;"
        "return data.every((value) => value === 255);"
    )
    assert white


def save_screenshot(driver, path: Path) -> None:
    """The page as a PNG at `path`, written whole: a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.tmp.png")
    try:
        temporary.write_bytes(driver.get_screenshot_as_png())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size[0] >= 600, image.size


def start(driver, url: str) -> None:
    driver.get(url)
    wait(driver, lambda d: answered(d), "the page did not start")
    driver.execute_script(SPY)


@pytest.mark.integration
def test_draw_digits_and_watch_them_read(browser, pad_url, tmp_path):
    from selenium.webdriver.common.keys import Keys

    screenshot = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path) / "serve.png"

    start(browser, pad_url)
    assert element(browser, "digit").text == ""  # nothing drawn, nothing read
    for digit, strokes in ((1, ONE), (0, ZERO), (7, SEVEN)):
        draw(browser, element(browser, "pad"), strokes)
        wait(browser, answered, f"no answer for the {digit}")
        check_answer(browser, digit)
        check_sent(browser, pad_url, digit)
        if digit == 7:
            browser.execute_script("document.activeElement.blur()")  # no focus ring
            save_screenshot(browser, screenshot)
        if digit == 0:  # the keyboard works the button too
            element(browser, "clear").send_keys(Keys.SPACE)
        else:
            element(browser, "clear").click()
        check_cleared(browser)
        browser.execute_script("spy.sent = []; spy.mostInFlight = 0;")


@pytest.mark.integration
def test_upload_a_photo_and_a_bad_file(browser, pad_url, tmp_path):
    start(browser, pad_url)
    element(browser, "upload").send_keys(str(ROOT / "examples" / "photo_7.jpg"))
    wait(browser, lambda d: element(d, "digit").text == "7", "the photo of a 7 was not read")
    check_answer(browser, 7)
    assert "photo_7.jpg" in element(browser, "message").text

    bad = tmp_path / "not_a_photo.png"
    bad.write_bytes(b"this is text, not a picture")
    element(browser, "upload").send_keys(str(bad))
    wait(browser, lambda d: "not_a_photo.png:" in element(d, "message").text, "no error shown")
    assert "not an image" in element(browser, "message").text
    assert element(browser, "digit").text == ""


@pytest.mark.integration
def test_page_fits_a_phone_screen(browser, pad_url):
    browser.set_window_size(390, 844)
    try:
        start(browser, pad_url)
        widths = browser.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth,"
            " document.getElementById('pad').getBoundingClientRect().width]"
        )
        assert widths[0] <= widths[1]  # nothing sticks out sideways
        assert 0.6 * widths[1] <= widths[2] <= widths[1]  # the pad takes most of the width
        draw(browser, element(browser, "pad"), ONE)
        wait(browser, answered, "no answer on a phone-sized screen")
        assert element(browser, "digit").text == "1"
    finally:
        browser.set_window_size(1100, 760)
