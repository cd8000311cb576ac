"""Model files: the reader that ships with the package, and what a path must pass.

Kept apart from digits/model.py, which imports TensorFlow, so that the command line
refuses a mistyped model path at once instead of after three seconds of importing.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from digits.errors import DigitsError, first_line

if TYPE_CHECKING:  # the model type only: importing Keras here would load TensorFlow
    from keras import Model

# The reader: the small CNN of digits/model.py (build_reader), trained on MNIST and real
# handwriting by the reader recipe; docs/reader.md is its model card. `digits.load_model()`
# returns it.
READER = Path(__file__).with_name("reader.keras")
# The line reader: the CTC network of digits/line_reader.py, trained on whole lines by
# `digits train-lines`; docs/lines.md is its model card. `read_number` reads with it.
LINE_READER = Path(__file__).with_name("lines.keras")
# Each also ships for ONNX Runtime, made from its .keras file (the source of truth) by
# `python -m digits export`: reading with the shipped readers never imports TensorFlow.
READER_ONNX = READER.with_suffix(".onnx")
LINE_READER_ONNX = LINE_READER.with_suffix(".onnx")


def check_model_file(
    path: str | os.PathLike | None = None, trained_by: str = "python -m digits train"
) -> Path:
    """The path of a `.keras` model file that exists (None: the shipped reader).

    Raises DigitsError naming the path when it is not a `.keras` zip archive on disk;
    `trained_by`: the command the message suggests for making one.
    """
    path = READER if path is None else Path(path)
    if path.suffix != ".keras":
        raise DigitsError(f"{path}: only .keras model files are loaded")
    if not path.exists():
        raise DigitsError(
            f"{path}: no such model file; train one with: {trained_by} "
            "(or leave out --model to use the reader that ships with digits)"
        )
    if not path.is_file():
        raise DigitsError(f"{path}: not a file")
    if not zipfile.is_zipfile(path):
        raise DigitsError(f"{path}: not a Keras model file (not a .keras zip archive)")
    return path


def load_keras_file(path: Path) -> Model:
    """A checked `.keras` file (check_model_file) loaded with Keras' safe mode on, not
    compiled: a keras.Model. Any failure is the file's: a DigitsError naming it."""
    from digits.backend import keras  # here only: checking a path needs no TensorFlow

    try:
        return keras.saving.load_model(path, safe_mode=True, compile=False)
    except Exception as error:  # noqa: BLE001 - any failure is the file's fault here
        raise DigitsError(f"{path}: cannot load model ({first_line(error)})") from None
