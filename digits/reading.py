"""Pictures read by a model: the picture code (digits.images) makes MNIST-form digits and
never imports the model; here a trained model reads them.

One digit: `TracedModel` reads a drawing or photo the way the served page (digits.serve)
and the notebook's drawing pad (digits.widget) both show it, so the two give the same
answer. Whole numbers: `read_number` cuts a picture into its lines of writing
(digits.images.number) and the line reader (digits/line_reader.py) reads each whole.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from digits.data import IMAGE_SIZE
from digits.errors import DigitsError
from digits.images.decode import open_image, to_grey
from digits.images.digit import normalise_digit
from digits.images.lines import line_form
from digits.images.number import number_lines_ink

if TYPE_CHECKING:  # the model type only: importing Keras here would load TensorFlow
    from keras import Model

NO_DIGIT = "no digit found (only marks that are no digit)"
# A line of writing at most this wide, for its height, may be one digit (a wide 4 or 0).
ONE_DIGIT_WIDTH = 1.2


@dataclass(frozen=True)
class Reading:
    """The model's answer for one digit.

    digit: the most probable digit, 0-9.
    probabilities: (10,) float64, the model's probability of each digit.
    image: (28, 28) float32 in [0, 1], white on black: the picture the model saw.
    """

    digit: int
    probabilities: np.ndarray
    image: np.ndarray

    def answer(self) -> dict:
        """What the pad's page and widget show (digits/static/pad.js): {"digit": int,
        "probabilities": 10 floats, "image": PNG data URL of the 28x28}."""
        return {
            "digit": self.digit,
            "probabilities": [float(p) for p in self.probabilities],
            "image": png_data_url(self.image),
        }


class TracedModel:
    """A Keras model called through one tf.function, traced here before the first reading.

    A traced graph runs safely from many threads at once, and one call costs about 0.4 ms
    where an eager `model(x)` costs about 2.5 ms (benchmarks/serve_bench.py); the line
    reader's LSTM, a Python loop when eager, gains most.
    input_shape: one input's shape, (28, 28) for a digit reader.
    """

    def __init__(self, model: Model, input_shape: tuple = (IMAGE_SIZE, IMAGE_SIZE)) -> None:
        from digits.backend import tf

        def outputs(images):
            return model(images, training=False)

        signature = [tf.TensorSpec([None, *input_shape], tf.float32)]
        self._call = tf.function(outputs, input_signature=signature, autograph=False)
        self._call(np.zeros((1, *input_shape), np.float32))  # trace now

    def outputs(self, inputs: np.ndarray) -> np.ndarray:
        """The model's outputs for (n, *input_shape) float32 inputs, as float64."""
        return np.asarray(self._call(np.asarray(inputs, np.float32)), dtype=np.float64)

    def probabilities(self, digits: np.ndarray) -> np.ndarray:
        """(n, 28, 28) float32 in [0, 1] -> (n, 10) float64."""
        return self.outputs(digits)

    def read(self, digit: np.ndarray) -> Reading:
        """One (28, 28) float32 digit in [0, 1] (as digits.images.read_digit gives) -> its
        Reading."""
        probabilities = self.probabilities(digit[None])[0]
        return Reading(int(probabilities.argmax()), probabilities, digit)


def png_data_url(digit: np.ndarray) -> str:
    """(28, 28) float32 in [0, 1] -> "data:image/png;base64,..." of its grey pixels."""
    pixels = (np.clip(digit, 0.0, 1.0) * 255 + 0.5).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, "L").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def read_number(path: str | os.PathLike, reader: Model | None = None) -> str:
    """Read every digit in a picture of a number with the line reader (None: the one that
    ships, digits/lines.keras; else a model `digits train-lines` made).

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

    A picture whose writing is one line no wider than ONE_DIGIT_WIDTH of its height, which
    the line reader reads as one digit or none, is a picture of one digit: the reader of
    single digits that ships (digits/reader.keras, the one `predict` uses) reads it, in
    MNIST's form as `predict` makes it. The line reader has seen few digits alone.
    """
    inks = number_lines_ink(grey)
    lines = np.stack([line_form(ink) for ink in inks])
    traced = _shipped_line_reader() if reader is None else _traced(reader)
    from digits.line_reader import greedy_decode

    strings = greedy_decode(traced.outputs(lines))
    height, width = inks[0].shape
    if len(inks) == 1 and len(strings[0]) <= 1 and width <= ONE_DIGIT_WIDTH * height:
        with contextlib.suppress(DigitsError):  # no digit in MNIST's form: as the line says
            return str(_shipped_digit_reader().read(normalise_digit(grey)).digit)
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


@functools.cache
def _shipped_digit_reader() -> TracedModel:
    """The reader of single digits that ships, loaded and traced once per process."""
    from digits.model import load_model

    return TracedModel(load_model())


@functools.cache
def _shipped_line_reader() -> TracedModel:
    """The line reader that ships, loaded and traced once per process."""
    from digits.line_reader import load_line_reader

    model = load_line_reader()
    return TracedModel(model, tuple(model.inputs[0].shape[1:]))
