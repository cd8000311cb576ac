"""Pictures read by a model: the picture code (digits.images) makes MNIST-form digits and
never imports the model; here a trained model reads them.

One digit: `TracedModel` reads a drawing or photo the way the served page (digits.serve)
and the notebook's drawing pad (digits.widget) both show it, so the two give the same
answer. Whole numbers: `read_number` scores every candidate digit of a picture (each seen
at five slants) in one call, and the search (digits.images.search) keeps the best path.
"""

from __future__ import annotations

import base64
import io
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from digits.data import IMAGE_SIZE
from digits.errors import DigitsError
from digits.images.lattice import Lattice
from digits.images.number import load_number_lattice, number_lattice
from digits.images.search import DEFAULT_COSTS, Costs, best_readings
from digits.images.slant import sheared_views, view_weights

if TYPE_CHECKING:  # the model type only: importing Keras here would load TensorFlow
    from keras import Model

NO_DIGIT = "no digit found (only marks that are no digit)"


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
    where an eager `model(x)` costs about 2.5 ms (benchmarks/serve_bench.py).
    """

    def __init__(self, model: Model) -> None:
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


def read_number(path: str | os.PathLike, model: Model, costs: Costs = DEFAULT_COSTS) -> str:
    """Read every digit in a picture of a number with `model` (a trained Keras model).

    Returns the digits left to right, one line per line of writing that reads any, top to
    bottom, joined with "\\n": "2026", "12345\\n67890"; marks that are no digit (a dot, a
    comma, a dash) are left out. Raises DigitsError naming the file when it cannot be
    read or holds no digit.
    """
    lattice = load_number_lattice(path)  # a DigitsError here names the file already
    try:
        return read_lattice(lattice, model, costs)
    except DigitsError as error:
        raise DigitsError(f"{path}: {error}") from None


def read_number_picture(grey: np.ndarray, model: Model, costs: Costs = DEFAULT_COSTS) -> str:
    """`read_number` for a picture already read: (h, w) float in [0, 1], any polarity."""
    return read_lattice(number_lattice(grey), model, costs)


def read_lattice(lattice: Lattice, model: Model, costs: Costs = DEFAULT_COSTS) -> str:
    """The best reading of a number's candidate digits: `model` scores every candidate as
    is and sheared either way in one call, its probabilities averaged over the views
    (digits.images.slant.view_weights); the search picks each line's cheapest path. Lines
    joined with "\\n". Raises DigitsError when the search leaves every piece out (only
    marks that are no digit: a dash, a dot)."""
    from digits.model import predict_digits  # here: the picture-reading imports stay light

    views = sheared_views(lattice.images)  # (views, n, 28, 28)
    probabilities = predict_digits(model, views.reshape(-1, IMAGE_SIZE, IMAGE_SIZE))[1]
    probabilities = np.tensordot(view_weights(), probabilities.reshape(len(views), -1, 10), 1)
    lines = best_readings(lattice, probabilities, costs)
    if not lines:
        raise DigitsError(NO_DIGIT)
    return "\n".join(lines)
