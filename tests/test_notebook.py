"""The notebook's lesson builds, in plain Keras, the network the package builds.

The command line trains `digits.model.build_model()`; the notebook writes the same
network out in Keras. These tests run the notebook's own cells and fail when the two
drift apart: other layers, shapes or activations, another loss or metric.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from digits.backend import keras
from digits.model import build_model, network_layout

NOTEBOOK = Path(__file__).resolve().parent.parent / "HandwrittenDigitRecognitionModel.ipynb"


def code_cell(fragment: str) -> str:
    """The source of the one code cell of the notebook that contains `fragment`."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]
    found = [source for source in sources if fragment in source]
    assert len(found) == 1, f"{len(found)} code cells contain {fragment!r}"
    return found[0]


@pytest.fixture(scope="module")
def lesson_model() -> keras.Model:
    """The model as the notebook's cells build and compile it."""
    namespace = {"keras": keras, "np": np, "x_fit": np.zeros((1000, 28, 28), np.float32)}
    exec(code_cell("keras.Sequential("), namespace)
    exec(code_cell("model.compile("), namespace)
    return namespace["model"]


def test_the_notebook_builds_the_network_the_package_builds(lesson_model):
    assert network_layout(lesson_model) == network_layout(build_model())
    assert lesson_model.count_params() == build_model().count_params()


def test_the_notebook_compiles_the_same_optimizer_loss_and_metric(lesson_model):
    package_model = build_model()
    assert type(lesson_model.optimizer) is type(package_model.optimizer)
    # The same loss and metric give the same scores from the same weights on the same batch.
    package_model.set_weights(lesson_model.get_weights())
    rng = np.random.default_rng(0)
    images = rng.random((64, 28, 28), dtype=np.float32)
    labels = rng.integers(0, 10, 64)
    ours = lesson_model.evaluate(images, labels, verbose=0, return_dict=True)
    theirs = package_model.evaluate(images, labels, verbose=0, return_dict=True)
    assert set(ours) == set(theirs) == {"loss", "accuracy"}
    for name in ours:
        assert ours[name] == pytest.approx(theirs[name], rel=1e-5), name


def test_the_notebook_trains_with_model_fit_and_holds_no_functions():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "model.fit(" in code and "epochs = 10" in code
    assert not any(line.lstrip().startswith(("def ", "class ")) for line in code.splitlines())


def test_the_notebook_shows_only_the_lesson():
    """What lets nbval pass on any CPU stays out of the reader's way: outputs that differ
    from CPU to CPU are ignored by a cell tag, not a comment in the code, and the cells
    that check their ranges instead are collapsed."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    assert not any("NBVAL" in "".join(cell["source"]) for cell in code)
    checks = [cell for cell in code if "".join(cell["source"]).startswith("assert ")]
    assert checks, "the notebook checks what training gives"
    for cell in checks:
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True, cell["source"]
    ignored = [cell for cell in code if "nbval-ignore-output" in cell["metadata"].get("tags", [])]
    assert any("model.fit(" in "".join(cell["source"]) for cell in ignored)
