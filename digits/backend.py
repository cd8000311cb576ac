"""Import Keras on TensorFlow quietly.

TensorFlow's C++ runtime writes start-up chatter to the process's stderr (CUDA probes,
CPU feature notes, timestamps) before any Python setting can reach it. It is noise on
a CPU and, worse, differs between runs, so a notebook re-run could never match its
stored outputs. Importing this module first keeps that out: the C++ log level is set
before TensorFlow loads, and file descriptor 2 points at /dev/null only while the
import runs. Python exceptions raised by the import are not affected.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def _import_quietly() -> None:
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        import keras  # noqa: F401
        import tensorflow  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


_import_quietly()

import keras  # noqa: E402 - loaded quietly above; this just binds the names
import tensorflow as tf  # noqa: E402

__all__ = ["keras", "tf"]
