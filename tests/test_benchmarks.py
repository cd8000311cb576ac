import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.integration
def test_quick_benchmark_prints_its_table(mnist_dir):
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
    assert any(line.startswith("prediction: ") and "images/s" in line for line in lines)
    assert any("NumPy floor" in line for line in lines)
    rendered = ["photo", "canvas", "chalkboard", "notebook", "marker", "brush"]
    kinds = [line.split()[0] for line in lines if "ms/picture" in line]
    assert kinds[:12] == rendered * 2  # the default recipe's model, then the shipped reader
    assert any(line.strip().startswith("280x280 canvas PNG") for line in lines)
    assert any("read exactly" in line for line in lines)
    assert any(line.startswith("  their characters read right: ") for line in lines)
    if os.environ.get("REALNUMBERS_DIR"):  # 20 real amounts: some are misread, by kind
        assert any(line.startswith("  misses (truth->read), ") for line in lines)
        assert any(line.startswith("  misses by kind: ") for line in lines)
    # Each target is printed beside its measurement, met or not, for the shipped reader:
    # MNIST test, marker and brush, two speeds, numbers; with REALDIGITS_DIR set (as in CI)
    # the four kinds of real digit; with REALNUMBERS_DIR set, the real numbers read exactly,
    # by characters, and their speed.
    verdicts = [line for line in lines if ", target " in line]
    real = (4 if os.environ.get("REALDIGITS_DIR") else 0) + (
        3 if os.environ.get("REALNUMBERS_DIR") else 0
    )
    assert len(verdicts) == 1 + 2 + 2 + 1 + real
    assert any(line.startswith("MNIST test digits as they are: ") for line in verdicts)
    assert all(line.endswith((": met", ": NOT met")) for line in verdicts)


def test_targets_are_reported_as_met_or_not():
    from benchmarks.pictures import _against

    assert _against(0.98, 0.97) == ", target >= 0.97: met"
    assert _against(0.96, 0.97) == ", target >= 0.97: NOT met"
    assert _against(0.97, 0.97) == ", target >= 0.97: met"  # reaching it is meeting it
    assert _against(4.6, 5.0, at_most=True) == ", target <= 5: met"
    assert _against(6.2, 5.0, at_most=True) == ", target <= 5: NOT met"
    assert _against(43.0, None) == ""
