import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.pictures import Measure

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.integration
def test_quick_benchmark_trains_every_recipe_and_measures_it(mnist_dir):
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--quick", "--data-dir", str(mnist_dir)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = {
        line.split()[0]: line.split()
        for line in lines
        if line.split()[:1] in (["seed"], ["default"], ["shift"], ["best"])
    }
    assert set(rows) == {"seed", "default", "shift", "best"}
    assert float(rows["seed"][-1]) == 1.0  # ratio of the seed recipe to itself
    for row in rows.values():
        assert 0.5 < float(row[-2]) <= 1.0  # test accuracy after one epoch on a slice
        assert float(row[-4].replace(",", "")) > 0  # samples per second
    throughput = [line for line in lines if line.startswith("prediction: ")]
    assert throughput and float(throughput[0].split()[1].replace(",", "")) > 0


@pytest.fixture(scope="module")
def measured(mnist):
    """The picture benchmark's quick report for the shipped reader, and what it printed."""
    import contextlib
    import io

    from benchmarks.pictures import report
    from digits.data import scale_pixels
    from digits.model import load_model

    _, (x_test, y_test) = mnist
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        measures = report(
            load_model(), scale_pixels(x_test[:1000]), y_test[:1000], 30, 10, quick=True
        )
    return measures, printed.getvalue()


@pytest.mark.integration
def test_the_picture_benchmark_measures_the_shipped_reader(
    measured, mnist, cvl_dir, realdigits_dir, realnumbers_dir
):
    from digits.data import scale_pixels
    from digits.model import load_model

    measures, printed = measured
    _, (x_test, y_test) = mnist
    predicted = load_model().predict(scale_pixels(x_test[:1000]), verbose=0).argmax(axis=1)
    reference_accuracy = (predicted == y_test[:1000]).mean()
    shares = {name: m for name, m in measures.items() if not name.endswith(("PNG", "JPEG"))}
    shares.pop("real number picture", None)
    for name, measure in shares.items():
        assert 0.0 <= measure.value <= 1.0, name
    # What it reports for MNIST is what Keras' own predict gives on the same digits.
    assert measures["mnist-test"].value == pytest.approx(reference_accuracy, abs=1e-9)
    assert measures["mnist-test"].value >= 0.98
    assert measures["marker"].value >= 0.9 and measures["brush"].value >= 0.9
    for name in ("280x280 canvas PNG", "12-megapixel phone JPEG"):
        assert 0 < measures[name].value < 10_000, name  # milliseconds
    lines = printed.splitlines()
    for name, measure in measures.items():  # each verdict printed follows from its figure
        if measure.target is not None:
            shown = f"{measure.value:.4f}" if measure.value <= 1 else f"{measure.value:.1f}"
            assert any(shown in line and line.endswith(measure.verdict()) for line in lines), name
    # 200 digits spread over CVL's validation writers, whom the reader never saw
    assert measures["cvl-valid"].value >= 0.9
    assert measures["cvl-valid-digit"].value <= measures["cvl-valid"].value
    for kind in ("photo-real", "canvas-drawing", "small-drawing", "mnist-style"):
        assert kind in measures  # two real digits of each kind
    assert 0 < measures["real number picture"].value < 1000  # 10 held-out amounts
    # The line reader: pen drawings, and pictures of one digit read with and without --number
    assert measures["pen-numbers"].value >= 0.5
    assert measures["one-digit-numbers"].value >= 0.8  # the examples and 2 real digits a kind


def test_a_measure_meets_its_target_or_not():
    assert Measure(0.98, 0.97).met and Measure(0.97, 0.97).met  # reaching it is meeting it
    assert not Measure(0.96, 0.97).met
    assert Measure(4.6, 5.0, at_most=True).met and not Measure(6.2, 5.0, at_most=True).met
    assert Measure(43.0).met is None
    assert Measure(0.98, 0.97).verdict() == ", target >= 0.97: met"
    assert Measure(6.2, 5.0, at_most=True).verdict() == ", target <= 5: NOT met"
    assert Measure(43.0).verdict() == ""
