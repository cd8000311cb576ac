"""Shared fixtures: the data folders, the real MNIST, one model trained on it, a browser.

Each data folder is named by an environment variable. A test that needs one skips when
it is unset or empty, saying which; under CI=true it fails instead, with the same line:
CI never goes green with a measure left out.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")


def data_folder(variable: str, what: str) -> Path:
    """The folder `variable` names, when it holds anything; else skip (fail under CI)."""
    from digits.handwriting import folder_from_env

    folder = folder_from_env(variable)
    if folder is None:
        state = "not set"
    elif not folder.is_dir():
        state = f"{folder}, not a folder"
    elif not any(folder.iterdir()):
        state = f"{folder}, an empty folder"
    else:
        return folder
    reason = f"{variable} is {state}: point it at {what}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI runs every measure)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def mnist_dir() -> Path:
    return data_folder("MNIST_DIR", "the four MNIST IDX files")


@pytest.fixture(scope="session")
def cvl_dir() -> Path:
    return data_folder("CVL_DIR", "the CVL digits (train.npz, valid.npz)")


@pytest.fixture(scope="session")
def realdigits_dir() -> Path:
    return data_folder("REALDIGITS_DIR", "the real single digits and their manifest.tsv")


@pytest.fixture(scope="session")
def realnumbers_dir() -> Path:
    return data_folder("REALNUMBERS_DIR", "the real cheque amounts, manifest.tsv and boxes.tsv")


@pytest.fixture(scope="session")
def mnist(mnist_dir):
    from digits.data import load_mnist

    return load_mnist(mnist_dir)


@pytest.fixture(scope="session")
def trained(mnist):
    """The default recipe trained on the real training set: (model, history)."""
    from digits.training import train

    (x_train, y_train), _ = mnist
    return train(x_train, y_train, verbose=0)


@pytest.fixture
def opened_files(monkeypatch) -> list[Path]:
    """Every .npz and picture opened while the test runs (np.load and the picture code's
    open_image), in order: to check that a training set's builder never opens a measure."""
    import numpy as np

    from digits.images import decode

    opened = []
    load, open_image = np.load, decode.open_image
    monkeypatch.setattr(
        np, "load", lambda path, **kw: opened.append(Path(path)) or load(path, **kw)
    )
    monkeypatch.setattr(decode, "open_image", lambda path: opened.append(path) or open_image(path))
    return opened


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium driven by Selenium (tests/chromium.py), one per test module."""
    from chromium import start_chromium

    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
