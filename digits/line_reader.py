"""The line reader: a small CNN over a whole line of writing, trained with a CTC loss.

A number is not cut into digits first. The network looks at the line (LINE_HEIGHT x
LINE_WIDTH, digits.images.lines) and says, for each of its TIME_STEPS columns of four
pixels, how likely each digit is there, or none (BLANK). Connectionist temporal
classification (CTC) trains it from a line's digit string alone, with no box per digit:
the loss sums over every way the string can be laid along the columns. Reading takes
the likeliest class of each column, merges repeats and drops blanks (greedy decoding).
The shape follows keras-io's captcha_ocr.py: convolutions, then a bidirectional LSTM
along the line, then a class per column.
"""

from __future__ import annotations

import os

import numpy as np

from digits.backend import keras
from digits.config import MAX_DIGITS
from digits.ctc import BLANK, CLASSES, TIME_STEPS, greedy_decode
from digits.errors import DigitsError
from digits.images.lines import LINE_HEIGHT, LINE_WIDTH
from digits.model_file import LINE_READER, check_model_file, load_keras_file

__all__ = [  # the decoding lives in digits.ctc (no TensorFlow); named here with the network
    "BLANK",
    "CLASSES",
    "TIME_STEPS",
    "build_line_reader",
    "check_line_reader",
    "ctc_loss",
    "encode_strings",
    "greedy_decode",
    "load_line_reader",
]

FILTERS = (16, 32, 64)
HIDDEN_UNITS = 128
LSTM_UNITS = 64
DROPOUT = 0.25


def build_line_reader() -> keras.Model:
    """(n, LINE_HEIGHT, LINE_WIDTH) float32 in [0, 1] -> (n, TIME_STEPS, CLASSES) logits."""
    layers = keras.layers
    inputs = keras.Input((LINE_HEIGHT, LINE_WIDTH), name="line")
    x = layers.Reshape((LINE_HEIGHT, LINE_WIDTH, 1))(inputs)
    x = _conv(x, FILTERS[0])
    x = layers.MaxPooling2D(2)(x)
    x = _conv(x, FILTERS[1])
    x = layers.MaxPooling2D(2)(x)
    x = _conv(_conv(x, FILTERS[2]), FILTERS[2])
    x = layers.MaxPooling2D((2, 1))(x)  # rows only: the columns are the time steps
    x = layers.Permute((2, 1, 3))(x)  # (columns, rows, filters)
    x = layers.Reshape((TIME_STEPS, (LINE_HEIGHT // 8) * FILTERS[2]))(x)
    x = layers.Dense(HIDDEN_UNITS, activation="relu")(x)
    x = layers.Dropout(DROPOUT)(x)
    x = layers.Bidirectional(layers.LSTM(LSTM_UNITS, return_sequences=True))(x)
    x = layers.Dropout(DROPOUT)(x)
    outputs = layers.Dense(CLASSES, name="classes")(x)
    return keras.Model(inputs, outputs, name="line_reader")


def _conv(x, filters: int):
    """3x3 convolution, batch normalisation, ReLU."""
    layers = keras.layers
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    return layers.ReLU()(layers.BatchNormalization()(x))


def ctc_loss(targets, logits):
    """Keras loss: targets (n, MAX_DIGITS) int, digits then -1s; logits (n, TIME_STEPS,
    CLASSES). -> (n,) CTC negative log-likelihood of each line's string."""
    ops = keras.ops
    targets = ops.cast(targets, "int32")
    lengths = ops.sum(ops.cast(targets >= 0, "int32"), axis=1)
    steps = ops.full((ops.shape(logits)[0],), ops.shape(logits)[1], dtype="int32")
    return ops.ctc_loss(ops.maximum(targets, 0), logits, lengths, steps, mask_index=BLANK)


def encode_strings(strings: list[str]) -> np.ndarray:
    """Digit strings (at most MAX_DIGITS each) -> (n, MAX_DIGITS) int32, padded with -1."""
    targets = np.full((len(strings), MAX_DIGITS), -1, np.int32)
    for row, string in enumerate(strings):
        targets[row, : len(string)] = [int(char) for char in string]
    return targets


def load_line_reader(path: str | os.PathLike | None = None) -> keras.Model:
    """Load a line reader (.keras, safe mode on) and check its input and output shapes.
    path=None: the line reader that ships with the package (digits/lines.keras)."""
    path = check_model_file(LINE_READER if path is None else path, "python -m digits train-lines")
    model = load_keras_file(path)
    check_line_reader(model, str(path))
    return model


def check_line_reader(model: keras.Model, name: str) -> None:
    """DigitsError naming `name` unless `model` takes (LINE_HEIGHT, LINE_WIDTH) lines and
    gives (TIME_STEPS, CLASSES) logits."""
    input_shape = tuple(model.inputs[0].shape[1:]) if model.inputs else None
    output_shape = tuple(model.outputs[0].shape[1:]) if model.outputs else None
    if input_shape != (LINE_HEIGHT, LINE_WIDTH) or output_shape != (TIME_STEPS, CLASSES):
        raise DigitsError(
            f"{name}: not a line reader (takes {input_shape}, gives {output_shape}); numbers "
            "are read by a line reader: train one with python -m digits train-lines"
        )
