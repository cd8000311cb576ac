"""Reading without TensorFlow: the shipped readers run on ONNX Runtime, in the full
install and in the reading install (`pip install .`, pyproject.toml's dependencies)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.reading import reading_install

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
# What only the full install has; reading must never import them.
HEAVY = {"tensorflow", "keras", "matplotlib"}

READ_EVERYTHING = """
import json, sys, urllib.request
from digits.cli import main
from pathlib import Path

examples = Path(sys.argv[1])
main(["predict", str(examples / "photo_7.jpg"), str(examples / "canvas_5.png")])
main(["predict", "--number", str(examples / "number_2026.jpg")])
import digits
print("read_number:", digits.read_number(examples / "number_2026.jpg"))
print("load_digit_image:", digits.load_digit_image(examples / "photo_7.jpg").shape)
with digits.serve_in_background() as server:
    request = urllib.request.Request(
        server.url + "predict",
        data=(examples / "canvas_5.png").read_bytes(),
        headers={"Content-Type": "image/png"},
    )
    print("served:", json.load(urllib.request.urlopen(request))["digit"])
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[2:]))
print("imported:", heavy)
"""


def read_everything(python: Path | str, cwd: Path) -> list[str]:
    """Run READ_EVERYTHING with `python` in `cwd`; its stdout lines."""
    done = subprocess.run(
        [str(python), "-c", READ_EVERYTHING, str(EXAMPLES), *sorted(HEAVY)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_reading_with_the_shipped_readers_imports_no_tensorflow(tmp_path):
    lines = read_everything(sys.executable, tmp_path)
    assert lines[0].endswith("photo_7.jpg: 7 (100.0%)")
    assert lines[1].startswith(f"{EXAMPLES / 'canvas_5.png'}: 5 ")
    assert lines[2:] == [
        f"{EXAMPLES / 'number_2026.jpg'}: 2026",
        "read_number: 2026",
        "load_digit_image: (28, 28)",
        "served: 5",
        "imported: []",
    ]


@pytest.mark.install
def test_the_reading_install_reads_without_tensorflow_and_says_what_training_needs(tmp_path):
    # Built from a copy of the package, so that nothing is written into the checkout.
    try:
        python = reading_install(tmp_path)
    except subprocess.CalledProcessError as error:  # offline, say: as a missing data folder
        reason = f"pip could not build the reading install: {error.stderr.strip()[-300:]}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    pip = [str(python), "-m", "pip", "--disable-pip-version-check"]
    listed = subprocess.run([*pip, "list", "--format=json"], capture_output=True, text=True)
    packages = {package["name"].lower() for package in json.loads(listed.stdout)}
    assert {"digits", "onnxruntime", "numpy"} <= packages
    assert not packages & (HEAVY | {"tf2onnx", "onnx"}), "the reading install pulled these in"

    # It reads as the full install does, the pad included.
    assert read_everything(python, tmp_path) == read_everything(sys.executable, tmp_path)

    # Training says in one line which install it needs.
    trained = subprocess.run(
        [str(python), "-m", "digits", "train", "--no-figures"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert trained.returncode == 1
    assert trained.stderr.splitlines() == [
        "error: digits train needs the full install (tensorflow is missing): "
        "pip install -r requirements.txt"
    ]
    assert not any(tmp_path.joinpath(name).exists() for name in ("models", "figures"))
