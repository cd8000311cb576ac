"""Pictures read by a model: the picture code (digits.images) makes MNIST-form digits and
never imports the model; here a trained model reads them.

One digit: `TracedModel` reads a drawing or photo the way the served page (digits.serve)
and the notebook's drawing pad (digits.widget) both show it, so the two give the same
answer. Whole numbers: `read_number` scores every digit of a picture in one call.
"""

from __future__ import annotations

import base64
import io
import os
from dataclasses import dataclass

import numpy as np
from PIL import Image

from digits.data import IMAGE_SIZE
from digits.images.number import load_number_image, normalise_number
from digits.model import predict_digits


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


class TracedModel:
    """A Keras model called through one tf.function, traced here before the first reading.

    A traced graph runs safely from many threads at once, and one call costs about 0.4 ms
    where an eager `model(x)` costs about 2.5 ms (benchmarks/serve_bench.py).
    """

    def __init__(self, model) -> None:
        from digits.backend import tf

        def probabilities(images):
            return model(images, training=False)

        signature = [tf.TensorSpec([None, IMAGE_SIZE, IMAGE_SIZE], tf.float32)]
        self._call = tf.function(probabilities, input_signature=signature, autograph=False)
        self._call(np.zeros((1, IMAGE_SIZE, IMAGE_SIZE), np.float32))  # trace now

    def probabilities(self, digits: np.ndarray) -> np.ndarray:
        """(n, 28, 28) float32 in [0, 1] -> (n, 10) float64."""
        return np.asarray(self._call(np.asarray(digits, np.float32)), dtype=np.float64)

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
