"""The notebook's drawing pad in a real JupyterLab and browser.

The test starts JupyterLab on a free port of 127.0.0.1 with no token, its own config, data
and runtime folders and this checkout first on the kernel's PYTHONPATH; opens a notebook
that shows `digits.DrawingPad(model)` in Debian's headless Chromium (tests/chromium.py);
runs all cells; draws a 1 on the widget's canvas with the mouse; and checks that the widget
shows a 1 and that the kernel's `pad.digit` says 1; then clears the pad and checks both are
empty again. Everything it writes goes to temporary folders. Without /usr/bin/chromium and
/usr/bin/chromedriver it skips, except under CI=true.
"""

import http.cookiejar
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from chromium import answered, draw, require_browser, wait
from drawings import ONE

from digits.model import save_model

ROOT = Path(__file__).resolve().parent.parent
LAB_START_TIMEOUT = 90  # seconds for JupyterLab to answer
LAB_STOP_TIMEOUT = 20  # seconds for it to shut its kernel down and exit
STEP_TIMEOUT = 60  # seconds for any one step in the browser (a kernel starting, say)
NOTEBOOK = "pad.ipynb"
REPORT = 'print("pad.digit =", pad.digit)'  # the notebook's last cell
KERNEL_DIALOG = "Select Kernel"  # the title of JupyterLab's dialog asking which kernel to start
# JupyterLab asks on its first start whether to fetch Jupyter's news; with no network here
# the question would only cover part of the page.
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def code_cell(number: int, source: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": f"cell-{number}",
        "metadata": {},
        "outputs": [],
        "source": source,
    }


def write_notebook(path: Path, model_path: Path) -> None:
    notebook = {
        "cells": [
            code_cell(1, f"import digits\n\nmodel = digits.load_model({str(model_path)!r})"),
            code_cell(2, "pad = digits.DrawingPad(model)\npad"),
            code_cell(3, REPORT),
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def start_kernel(url: str, notebook: str) -> None:
    """Start the notebook's kernel through Jupyter's REST API, as opening it in JupyterLab
    would. Opened before its kernel specs have loaded, JupyterLab may ask which kernel to
    start instead; with the session already there it joins it."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    with opener.open(url + "lab", timeout=STEP_TIMEOUT):  # sets the _xsrf cookie
        pass
    [xsrf] = [cookie.value for cookie in cookies if cookie.name == "_xsrf"]
    body = {"path": notebook, "name": notebook, "type": "notebook", "kernel": {"name": "python3"}}
    request = urllib.request.Request(
        url + "api/sessions",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-XSRFToken": xsrf},
    )
    with opener.open(request, timeout=STEP_TIMEOUT) as response:
        assert response.status == 201, response.status


def answering(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "api/status", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def lab(tmp_path_factory, trained):
    """JupyterLab serving a folder with the notebook: yields the notebook's URL."""
    require_browser()  # no JupyterLab to start for a test that will not run
    home = tmp_path_factory.mktemp("lab")
    folders = {name: home / name for name in ("root", "config", "data", "runtime", "ipython")}
    for folder in folders.values():
        folder.mkdir()
    (folders["config"] / "labconfig").mkdir()
    (folders["config"] / "labconfig" / "page_config.json").write_text(json.dumps(PAGE_CONFIG))
    model_path = save_model(trained[0], home / "model.keras")
    write_notebook(folders["root"] / NOTEBOOK, model_path)

    env = {
        **os.environ,
        # Only the user's folders move here: the environment's own (sys.prefix/share/jupyter,
        # where anywidget's JupyterLab extension is) stays on Jupyter's path.
        "JUPYTER_CONFIG_DIR": str(folders["config"]),
        "JUPYTER_DATA_DIR": str(folders["data"]),
        "JUPYTER_RUNTIME_DIR": str(folders["runtime"]),
        "IPYTHONDIR": str(folders["ipython"]),
        # The kernel imports this checkout's digits, whatever is installed.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",  # CI runs as root
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={folders['root']}",
    ]
    log_path = home / "jupyterlab.log"
    url = f"http://127.0.0.1:{port}/"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + LAB_START_TIMEOUT
        while not answering(url):
            if server.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-3000:]
                pytest.fail(f"JupyterLab did not start at {url}:\n{tail}")
            time.sleep(0.2)
        start_kernel(url, NOTEBOOK)
        yield url + f"lab/tree/{NOTEBOOK}"
    finally:
        server.terminate()  # it shuts its kernels down, then exits
        try:
            server.wait(LAB_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def find(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def find_all(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def accept_kernel_dialog(driver) -> None:
    """Opened while the machine is busy, before its kernel specs have loaded, JupyterLab
    may ask which kernel to start though the session has one: accept the one it offers,
    the notebook's session. Any other dialog stays and fails the step."""
    from selenium.webdriver.common.by import By

    for dialog in find_all(driver, ".jp-Dialog"):
        if dialog.text.startswith(KERNEL_DIALOG):
            dialog.find_element(By.CSS_SELECTOR, ".jp-mod-accept").click()
    wait(driver, lambda d: not find_all(d, ".jp-Dialog"), "a dialog stayed open", STEP_TIMEOUT)


def run_all_cells(driver) -> None:
    """Run > Run All Cells, from the menu bar, once the notebook's kernel is idle (till
    then the notebook's commands are disabled) and no dialog covers the page."""
    from selenium.webdriver.common.by import By

    wait(
        driver,
        lambda d: find_all(d, ".jp-Notebook-ExecutionIndicator[data-status='idle']"),
        "the notebook's kernel did not start",
        STEP_TIMEOUT,
    )
    accept_kernel_dialog(driver)  # it may have opened while the kernel started
    menus = driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-item")
    [run] = [menu for menu in menus if menu.text.strip() == "Run"]
    run.click()
    [item] = wait(
        driver,
        lambda d: [
            item
            for item in find_all(d, ".lm-Menu-item:not(.lm-mod-disabled)")
            if item.text.split("\n")[0].strip() == "Run All Cells"
        ],
        "no Run All Cells in the Run menu",
        STEP_TIMEOUT,
    )
    item.click()


def show_the_pad(driver):
    """Run all cells until the drawing pad shows; returns its canvas. A dialog that opens
    meanwhile (which kernel to start) stops the run: accept it and run the cells again."""

    def pad_or_dialog(d):
        return find_all(d, ".digits-pad canvas") or find_all(d, ".jp-Dialog")

    run_all_cells(driver)
    shown = wait(driver, pad_or_dialog, "no drawing pad", STEP_TIMEOUT)[0]
    if shown.tag_name == "canvas":
        return shown
    run_all_cells(driver)  # accepts the kernel's dialog first
    return wait(
        driver, lambda d: find_all(d, ".digits-pad canvas"), "no drawing pad", STEP_TIMEOUT
    )[0]


def last_cell(driver):
    cells = find_all(driver, ".jp-Notebook .jp-CodeCell")
    assert len(cells) == 3, len(cells)
    return cells[-1]


def kernel_says(driver) -> tuple[str, str]:
    """The last cell's prompt and output once it has run: what the kernel says pad.digit is."""
    from selenium.webdriver.common.by import By

    def output(d):
        cell = last_cell(d)
        prompt = cell.find_element(By.CSS_SELECTOR, ".jp-InputPrompt").text.strip()
        outputs = cell.find_elements(By.CSS_SELECTOR, ".jp-OutputArea-output")
        if prompt in ("[ ]:", "[*]:", "") or not outputs:
            return None  # not run yet, or running
        return prompt, outputs[0].text.strip()

    return wait(driver, output, "the last cell did not run", STEP_TIMEOUT)


def rerun_last_cell(driver) -> str:
    """Run the last cell again (Ctrl+Enter in its editor: run, and stay, rather than add a
    cell as Shift+Enter would); returns its new output."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    before, _ = kernel_says(driver)
    last_cell(driver).find_element(By.CSS_SELECTOR, ".cm-content").click()
    keys = ActionChains(driver).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL)
    keys.perform()

    def rerun(d):
        said = kernel_says(d)
        return said[1] if said[0] != before else None

    return wait(driver, rerun, "the last cell did not run again", STEP_TIMEOUT)


def widget_shows(driver) -> dict:
    """What the widget shows: its digit, the ten percentages, the top row, the 28x28."""
    from selenium.webdriver.common.by import By

    pad = find(driver, ".digits-pad")
    values = [value.text for value in pad.find_elements(By.CSS_SELECTOR, ".probabilities .value")]
    rows = pad.find_elements(By.CSS_SELECTOR, ".probabilities li")
    seen = pad.find_element(By.CSS_SELECTOR, ".seen")
    return {
        "digit": pad.find_element(By.CSS_SELECTOR, ".digit").text,
        "values": values,
        "top": [i for i, row in enumerate(rows) if "top" in row.get_attribute("class")],
        "seen": seen.is_displayed(),
        "natural": driver.execute_script("return arguments[0].naturalWidth", seen),
        "message": pad.find_element(By.CSS_SELECTOR, ".message").text,
    }


@contextmanager
def shown_on_failure(driver, screenshot: Path):
    """On a failure, print what the page shows (pytest reports it) and save a screenshot."""
    try:
        yield
    except BaseException:
        driver.save_screenshot(str(screenshot))
        page = driver.execute_script("return document.body.innerText")
        print(f"\nthe page when the test failed (screenshot {screenshot}):\n{page}")
        raise


@pytest.mark.integration
def test_draw_a_digit_on_the_widget_in_jupyterlab(browser, lab, tmp_path):
    with shown_on_failure(browser, tmp_path / "jupyterlab.png"):
        draw_in_jupyterlab(browser, lab)


def draw_in_jupyterlab(browser, lab: str) -> None:
    started = time.monotonic()
    browser.get(lab)
    wait(browser, lambda d: find_all(d, ".jp-Notebook .jp-CodeCell"), "no notebook", STEP_TIMEOUT)
    canvas = show_the_pad(browser)
    assert kernel_says(browser)[1] == "pad.digit = None"  # nothing drawn yet
    empty = widget_shows(browser)
    assert empty["digit"] == "" and empty["values"] == [""] * 10 and not empty["seen"]

    draw(browser, canvas, ONE)
    wait(browser, lambda d: answered(canvas), "the widget did not answer", STEP_TIMEOUT)
    shown = widget_shows(browser)
    assert shown["digit"] == "1", shown
    percentages = [float(value.rstrip("%")) for value in shown["values"]]
    assert int(np.argmax(percentages)) == 1 and sum(percentages) == pytest.approx(100, abs=1)
    assert shown["top"] == [1] and shown["seen"] and shown["natural"] == 28
    assert shown["message"] == ""
    assert rerun_last_cell(browser) == "pad.digit = 1"

    find(browser, ".digits-pad .clear").click()
    cleared = widget_shows(browser)
    assert cleared["digit"] == "" and cleared["values"] == [""] * 10 and not cleared["seen"]
    # The canvas told the kernel before the cell ran: messages reach it in order.
    assert rerun_last_cell(browser) == "pad.digit = None"
    seconds = time.monotonic() - started
    print(f"\nJupyterLab: opened, ran all, drew a 1, read it, cleared in {seconds:.1f} s")
