import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )


@pytest.mark.parametrize("other", ["jax", "torch"])
def test_another_keras_backend_in_the_environment_is_set_aside_in_one_line(other):
    # Neither jax nor torch is needed: Keras must never try to load them for digits.
    result = run_python(
        "from digits.backend import keras; print(keras.backend.backend())", KERAS_BACKEND=other
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "tensorflow\n"
    assert result.stderr.count("\n") == 1 and f"KERAS_BACKEND={other}" in result.stderr


def test_keras_already_running_on_another_backend_is_one_line_error():
    # A stand-in for Keras imported earlier in the process on JAX.
    code = (
        "import sys, types\n"
        "fake = types.ModuleType('keras')\n"
        "fake.backend = types.SimpleNamespace(backend=lambda: 'jax')\n"
        "sys.modules['keras'] = fake\n"
        "from digits.errors import DigitsError\n"
        "try:\n"
        "    import digits.backend\n"
        "except DigitsError as error:\n"
        "    print(error)\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert "running on jax" in result.stdout and "KERAS_BACKEND=tensorflow" in result.stdout


def test_quiet_stderr_runs_the_block_where_there_is_no_descriptor_to_silence(monkeypatch):
    from digits import backend

    def no_descriptor(fd):
        raise OSError(9, "Bad file descriptor")

    monkeypatch.setattr(backend.os, "dup", no_descriptor)
    ran = []
    with backend.quiet_stderr():
        ran.append(True)
    assert ran == [True]
