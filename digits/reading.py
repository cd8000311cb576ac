"""Whole numbers read from pictures: `read_number` cuts a picture into its lines of
writing (digits.images.number) and the line reader (digits/line_reader.py) reads each
whole. The picture code never imports a model; the models run in digits.runtime (the
shipped readers on ONNX Runtime, without TensorFlow; a user's Keras model through Keras).
"""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from digits.ctc import greedy_decode
from digits.errors import DigitsError
from digits.images.decode import open_image, to_grey
from digits.images.digit import normalise_digit
from digits.images.number import line_forms, number_lines_ink
from digits.runtime import TracedModel, shipped_digit_reader, shipped_line_reader

if TYPE_CHECKING:  # the model type only: importing Keras here would load TensorFlow
    from keras import Model

NO_DIGIT = "no digit found (only marks that are no digit)"
# A line of writing at most this wide, for its height, may be one digit (a wide 4 or 0).
ONE_DIGIT_WIDTH = 1.2


def read_number(path: str | os.PathLike, reader: Model | None = None) -> str:
    """Read every digit in a picture of a number with the line reader (None: the one that
    ships, digits/lines.onnx on ONNX Runtime; else a Keras model `digits train-lines` made).

    Returns the digits left to right, one line per line of writing that reads any, top to
    bottom, joined with "\\n": "2026", "12345\\n67890"; marks that are no digit (a dot, a
    comma, a dash) are left out. A picture of one digit reads as `predict` reads it
    (read_number_picture). Raises DigitsError naming the file when it cannot be read or
    holds no digit.
    """
    path = Path(path)
    grey = to_grey(open_image(path))  # a DigitsError here names the file already
    try:
        return read_number_picture(grey, reader)
    except DigitsError as error:
        raise DigitsError(f"{path}: {error}") from None


def read_number_picture(grey: np.ndarray, reader: Model | None = None) -> str:
    """`read_number` for a picture already read: (h, w) float in [0, 1], any polarity.
    reader: a Keras line reader; None, the shipped one on ONNX Runtime.

    A picture whose writing is one line no wider than ONE_DIGIT_WIDTH of its height, which
    the line reader reads as one digit or none, is a picture of one digit: the reader of
    single digits that ships (digits/reader.onnx, the one `predict` uses) reads it, in
    MNIST's form as `predict` makes it. The line reader has seen few digits alone.
    """
    inks = number_lines_ink(grey)
    lines = line_forms(inks)
    model = shipped_line_reader() if reader is None else _traced(reader)
    strings = greedy_decode(model.outputs(lines))
    height, width = inks[0].shape
    if len(inks) == 1 and len(strings[0]) <= 1 and width <= ONE_DIGIT_WIDTH * height:
        digit_reader = shipped_digit_reader()  # a missing reader.onnx is an error, not "no"
        with contextlib.suppress(DigitsError):  # no digit in MNIST's form: as the line says
            return str(digit_reader.read(normalise_digit(grey)).digit)
    strings = [string for string in strings if string]
    if not strings:
        raise DigitsError(NO_DIGIT)
    return "\n".join(strings)


@functools.lru_cache(maxsize=4)
def _traced(reader: Model) -> TracedModel:
    """A line reader checked and traced once, on its first reading (the last few kept)."""
    from digits.line_reader import check_line_reader

    check_line_reader(reader, reader.name)
    return TracedModel(reader, tuple(reader.inputs[0].shape[1:]))
