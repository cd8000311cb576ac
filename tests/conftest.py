"""Shared fixtures: the real MNIST (from MNIST_DIR), one model trained on it, and a browser."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(scope="session")
def mnist_dir() -> Path:
    folder = os.environ.get("MNIST_DIR")
    if not folder:
        pytest.skip("MNIST_DIR is not set: point it at the four MNIST IDX files")
    return Path(folder)


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
