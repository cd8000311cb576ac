"""One digit, from a file or an opened image to the (28, 28) MNIST would have made.

The steps in order: read, grey and shrink (decode), as is (field), frame and enlarge
(frame), polarity and ground (ground), contrast, rules, isolate, crop (field), strokes,
fit and centre (field).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image

from digits.errors import DigitsError
from digits.images.contrast import contrast_normalise
from digits.images.decode import open_image, to_grey
from digits.images.field import (
    centre_by_mass,
    crop_to_ink,
    fit_to_box,
    is_mnist_form,
    scale_mnist_form,
)
from digits.images.frame import enlarge, frame_drawing
from digits.images.ground import ink_against_ground
from digits.images.isolate import isolate_digit
from digits.images.rules import remove_rules
from digits.images.strokes import thicken_strokes


def load_digit_image(path: str | os.PathLike) -> np.ndarray:
    """Read a photo or drawing of one digit as MNIST would have it.

    Returns (28, 28) float32 in [0, 1], white ink on black, the digit's longer side
    20 pixels and its centre of mass at (14, 14). Raises DigitsError naming the file
    when it is missing, not an image, truncated, too large, too small or blank.
    """
    path = Path(path)
    return read_digit(open_image(path), str(path))


def read_digit(image: Image.Image, name: str) -> np.ndarray:
    """An opened image of one digit as MNIST would have it, (28, 28) float32 in [0, 1];
    a DigitsError (no digit found, say) names `name`."""
    try:
        return normalise_digit(to_grey(image))
    except DigitsError as error:
        raise DigitsError(f"{name}: {error}") from None


def normalise_digit(grey: np.ndarray) -> np.ndarray:
    """(h, w) float in [0, 1], any polarity -> (28, 28) float32 MNIST-style."""
    if is_mnist_form(grey):
        return scale_mnist_form(grey)
    grey = enlarge(frame_drawing(grey))
    ink = isolate_digit(remove_rules(contrast_normalise(ink_against_ground(grey))))
    return centre_by_mass(fit_to_box(thicken_strokes(crop_to_ink(ink))))
