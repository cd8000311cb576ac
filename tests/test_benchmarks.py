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
    assert kinds[:12] == rendered * 2  # the best recipe's model, then the default's
    assert any(line.strip().startswith("280x280 canvas PNG") for line in lines)
    assert any("read exactly" in line for line in lines)
