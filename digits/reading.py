"""Numbers read from pictures: the picture code finds the digits, a model reads them.

digits.images turns a picture of a number into (28, 28) digits, line by line, and never
imports the model; here a trained model scores them, all in one call.
"""

from __future__ import annotations

import os

import numpy as np

from digits.images.number import load_number_image, normalise_number
from digits.model import predict_digits


def read_number(path: str | os.PathLike, model) -> str:
    """Read every digit in a picture of a number with `model` (a trained Keras model).

    Returns the digits left to right, one line per line of writing, top to bottom,
    joined with "\\n": "2026", "12345\\n67890". Raises DigitsError naming the file when it
    cannot be read or holds no digit.
    """
    return read_lines(load_number_image(path), model)


def read_number_picture(grey: np.ndarray, model) -> str:
    """`read_number` for a picture already read: (h, w) float in [0, 1], any polarity."""
    return read_lines(normalise_number(grey), model)


def read_lines(lines: list[list[np.ndarray]], model) -> str:
    """The digits `model` reads in `lines` of (28, 28) float32 digits, as text: each line
    left to right, lines joined with "\\n"."""
    inputs = np.stack([digit for line in lines for digit in line])
    predicted = iter(predict_digits(model, inputs)[0])
    return "\n".join("".join(str(next(predicted)) for _ in line) for line in lines)
