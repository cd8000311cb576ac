"""Import Keras on TensorFlow quietly.

The training loop (digits/training.py) is TensorFlow code, so Keras must run on the
TensorFlow backend. A user whose environment says KERAS_BACKEND=jax (or torch) for
other work gets TensorFlow here all the same, told so in one line on stderr, instead of
an import error from deep inside Keras; if Keras was already imported on another
backend in this process, a one-line DigitsError says to restart.

TensorFlow's C++ runtime writes start-up chatter to the process's stderr (CUDA probes,
CPU feature notes, timestamps) before any Python setting can reach it. It is noise on
a CPU and, worse, differs between runs, so a notebook re-run could never match its
stored outputs. Importing this module first keeps that out: the C++ log level is set
before TensorFlow loads, and file descriptor 2 points at the null device only while
the import runs (where the process has no such descriptor, as a windowed program on
Windows may not, the import simply runs unsilenced). Python exceptions raised by the
import are not affected.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from digits.errors import DigitsError

BACKEND = "tensorflow"


def _choose_backend() -> None:
    """Make Keras load on TensorFlow, or say in one line why it cannot."""
    asked = os.environ.get("KERAS_BACKEND", BACKEND)
    if "keras" in sys.modules:
        running = sys.modules["keras"].backend.backend()
        if running != BACKEND:
            raise DigitsError(
                f"Keras is already running on {running} in this process; digits trains with "
                f"TensorFlow: restart with KERAS_BACKEND={BACKEND}"
            )
        return
    if asked != BACKEND:
        print(
            f"note: digits runs Keras on TensorFlow; KERAS_BACKEND={asked} is set aside "
            "in this process",
            file=sys.stderr,
        )
    os.environ["KERAS_BACKEND"] = BACKEND
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Send what is written to file descriptor 2 to the null device while the block runs."""
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no descriptor 2 to silence (a windowed process): nothing to hide
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _import_quietly() -> None:
    if "tensorflow" in sys.modules:
        return
    with quiet_stderr():
        import keras  # noqa: F401
        import tensorflow  # noqa: F401


_choose_backend()
_import_quietly()

import keras  # noqa: E402 - loaded quietly above; this just binds the names
import tensorflow as tf  # noqa: E402

__all__ = ["keras", "tf"]
