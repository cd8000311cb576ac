"""A number: a picture of several digits read with a model.

The picture takes steps 1-3 (decode) and 6-10 (enlarge, ground, contrast, rules) as a
single digit does, then step 16 (split); each digit then takes steps 12-15 on its own:
crop, strokes, fit and centre.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from digits.errors import DigitsError
from digits.images.contrast import contrast_normalise
from digits.images.decode import open_image, to_grey
from digits.images.field import centre_by_mass, crop_to_ink, fit_to_box
from digits.images.frame import enlarge
from digits.images.ground import ink_against_ground
from digits.images.rules import remove_rules
from digits.images.split import split_digits
from digits.images.strokes import stroke_width


def read_number(path: str | os.PathLike, model) -> str:
    """Read every digit in a picture of a number with `model` (a trained Keras model).

    Returns the digits left to right, one line per line of writing, top to bottom,
    joined with "\\n": "2026", "12345\\n67890". Raises DigitsError naming the file when it
    cannot be read or holds no digit.
    """
    path = Path(path)
    grey = to_grey(open_image(path))
    try:
        return read_number_picture(grey, model)
    except DigitsError as error:
        raise DigitsError(f"{path}: {error}") from None


def read_number_picture(grey: np.ndarray, model) -> str:
    """`read_number` for a picture already read: (h, w) float in [0, 1], any polarity."""
    from digits.model import predict_digits

    ink = remove_rules(contrast_normalise(ink_against_ground(enlarge(grey))))
    lines = split_digits(ink)
    inputs = np.stack([_as_mnist(digit) for line in lines for digit in line])
    predicted = iter(predict_digits(model, inputs)[0])
    return "\n".join("".join(str(next(predicted)) for _ in line) for line in lines)


def _as_mnist(ink: np.ndarray) -> np.ndarray:
    """One digit's ink, cut from the picture, in MNIST's form (28, 28)."""
    return centre_by_mass(fit_to_box(stroke_width(enlarge(crop_to_ink(ink)))))
