"""The readers' runtimes: ONNX Runtime for the readers that ship, a traced TensorFlow
graph for a Keras model a user trained. Both read a batch of inputs into outputs; for a
reader of single digits they also give probabilities and Readings.

Nothing here imports the picture code, so a process that only runs the network (`digits
predict` over a folder, whose pictures are prepared in worker processes) loads no more
than it needs; TensorFlow is imported only for a Keras model.
"""

from __future__ import annotations

import base64
import functools
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from digits.data import IMAGE_SIZE
from digits.errors import DigitsError, first_line
from digits.model_file import LINE_READER_ONNX, READER_ONNX

if TYPE_CHECKING:  # the model type only: importing Keras here would load TensorFlow
    from keras import Model


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


class _Reads:
    """What a reading model adds to its `outputs`: a digit reader's probabilities and
    Readings."""

    def outputs(self, inputs: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def probabilities(self, digits: np.ndarray) -> np.ndarray:
        """(n, 28, 28) float32 in [0, 1] -> (n, 10) float64."""
        return self.outputs(digits)

    def read(self, digit: np.ndarray) -> Reading:
        """One (28, 28) float32 digit in [0, 1] (as digits.images.read_digit gives) -> its
        Reading."""
        probabilities = self.probabilities(digit[None])[0]
        return Reading(int(probabilities.argmax()), probabilities, digit)


class OnnxModel(_Reads):
    """A reader exported to ONNX (`python -m digits export`), run by ONNX Runtime.

    The shipped readers read this way: no TensorFlow is imported, and a session runs
    safely from many threads at once. Raises DigitsError naming the file when it is
    missing or not an ONNX model.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        path = Path(path)
        try:
            import onnxruntime
        except ImportError:
            raise DigitsError(
                "reading with the shipped readers needs ONNX Runtime: pip install onnxruntime"
            ) from None
        if not path.is_file():
            raise DigitsError(f"{path}: no such file; make it with: python -m digits export")
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # errors only: ONNX Runtime's notes are no news here
        # One thread a call: the readers are small, and ONNX Runtime's pool of threads
        # spins between calls, taking the cores from the picture pipeline (a folder read
        # 1.5x slower). Many pictures at once run in many threads or processes instead.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            self._session = onnxruntime.InferenceSession(
                str(path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # noqa: BLE001 - any failure is the file's fault here
            raise DigitsError(f"{path}: cannot load ONNX model ({first_line(error)})") from None
        first = self._session.get_inputs()[0]
        self._input = first.name
        self.input_shape = tuple(first.shape[1:])  # one input's, (28, 28) for a digit reader

    def outputs(self, inputs: np.ndarray) -> np.ndarray:
        """The model's outputs for (n, *input_shape) float32 inputs, as float64."""
        feed = {self._input: np.asarray(inputs, np.float32)}
        return np.asarray(self._session.run(None, feed)[0], dtype=np.float64)


class TracedModel(_Reads):
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


def digit_reader(model: Model | OnnxModel | TracedModel | None = None) -> OnnxModel | TracedModel:
    """A reading model for single digits: None, the shipped reader on ONNX Runtime (loaded
    once per process); a Keras model, traced; a reading model, as it is."""
    if model is None:
        return shipped_digit_reader()
    if isinstance(model, _Reads):
        return model
    return TracedModel(model)


def png_data_url(digit: np.ndarray) -> str:
    """(28, 28) float32 in [0, 1] -> "data:image/png;base64,..." of its grey pixels."""
    pixels = (np.clip(digit, 0.0, 1.0) * 255 + 0.5).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, "L").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@functools.cache
def shipped_digit_reader() -> OnnxModel:
    """The reader of single digits that ships, on ONNX Runtime, loaded once per process."""
    return OnnxModel(READER_ONNX)


@functools.cache
def shipped_line_reader() -> OnnxModel:
    """The line reader that ships, on ONNX Runtime, loaded once per process."""
    return OnnxModel(LINE_READER_ONNX)
