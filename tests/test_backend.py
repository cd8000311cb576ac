import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_tensorflow_loads_without_start_up_chatter_and_stderr_still_works():
    # TensorFlow's C++ runtime prints timestamped notes at import; a notebook re-run could
    # never match them. After the import, stderr must be the process's own again.
    code = "import sys, digits.backend; print('after', file=sys.stderr)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == "after\n"
