"""What a model reads in one MNIST-form digit: shared by the served page (digits.serve) and
the notebook's drawing pad (digits.widget), so both show the same answer for a drawing.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image

from digits.data import IMAGE_SIZE


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
