"""A number: a picture of several digits to the (28, 28) digits a model reads.

The picture takes steps 1-3 (decode) and 6-10 (enlarge, ground, contrast, rules) as a
single digit does, then step 16 (split); each digit then takes steps 12-15 on its own
(crop, strokes, fit and centre), enlarged after the crop when it is small. Reading the
digits is the caller's: digits.reading scores them with a trained model.
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
from digits.images.strokes import set_stroke_width


def load_number_image(path: str | os.PathLike) -> list[list[np.ndarray]]:
    """The digits in a picture of a number, in MNIST's form, as `normalise_number` gives
    them. Raises DigitsError naming the file when it cannot be read or holds no digit."""
    path = Path(path)
    grey = to_grey(open_image(path))
    try:
        return normalise_number(grey)
    except DigitsError as error:
        raise DigitsError(f"{path}: {error}") from None


def normalise_number(grey: np.ndarray) -> list[list[np.ndarray]]:
    """(h, w) float in [0, 1], any polarity -> the digits in it, each (28, 28) float32
    in [0, 1] as MNIST would have it: one list per line of writing, top to bottom, each
    left to right. DigitsError when it holds no digit."""
    ink = remove_rules(contrast_normalise(ink_against_ground(enlarge(grey))))
    return [[_as_mnist(digit) for digit in line] for line in split_digits(ink)]


def _as_mnist(ink: np.ndarray) -> np.ndarray:
    """One digit's ink, cut from the picture, in MNIST's form (28, 28)."""
    return centre_by_mass(fit_to_box(set_stroke_width(enlarge(crop_to_ink(ink)))))
