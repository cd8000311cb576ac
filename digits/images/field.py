"""MNIST's field: what a digit in MNIST's form is, and the steps that put ink there.

MNIST digits are white ink on black, their ink cropped and scaled so that the longer
side of its box is BOX pixels (keeping the aspect ratio), then placed in a FIELD x FIELD
image with its centre of mass at the centre.

4.  as is    a picture already in that form is only scaled to [0, 1] (is_mnist_form,
             scale_mnist_form): nothing to redo.
12. crop     to the bounding box of the ink (crop_to_ink).
14. fit      the longer side to BOX pixels keeping the aspect ratio (fit_to_box).
15. centre   pad to FIELD x FIELD and shift so the centre of mass is at (CENTRE, CENTRE),
             where MNIST puts it (centre_by_mass).
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

from digits.errors import DigitsError
from digits.images._shared import border, resized

BOX = 20  # pixels: MNIST's box for the longer side of the digit
FIELD = 28  # pixels: the side of MNIST's image
# MNIST's centre of mass, row and column, in pixels (measured on its training set:
# 14.0 +- 0.3 in each axis).
CENTRE = 14.0


def is_mnist_form(grey: np.ndarray) -> bool:
    """Is `grey` already as MNIST makes a digit: 28x28, light ink on a clean black ground,
    the ink's box 20 pixels on its longer side and its centre of mass near (14, 14)?"""
    if grey.shape != (FIELD, FIELD) or grey.max() - grey.min() < 0.5:
        return False
    ink = scale_mnist_form(grey)
    if border(ink, 2).max() > 0.02:  # not a clean black ground: noise, a frame, a cut-off stroke
        return False
    mask = ink > 0.1
    if np.median(grey) > 0.1 or not mask.any():  # a light ground, or no ink
        return False
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    longer = max(rows[-1] - rows[0], columns[-1] - columns[0]) + 1
    centre = np.array(ndimage.center_of_mass(ink))
    return 18 <= longer <= 22 and bool(np.abs(centre - CENTRE).max() <= 1.5)


def scale_mnist_form(grey: np.ndarray) -> np.ndarray:
    """Ink of a picture whose ground is black already: the ground (its median, the most
    common grey in a digit's field) to 0, the brightest ink to 1. (28, 28) float32."""
    ground, high = float(np.median(grey)), float(grey.max())
    return np.clip((grey - ground) / max(high - ground, 1e-6), 0.0, 1.0).astype(np.float32)


def crop_to_ink(ink: np.ndarray) -> np.ndarray:
    """The smallest rectangle holding every pixel of ink."""
    rows = np.flatnonzero(ink.max(axis=1) > 0)
    columns = np.flatnonzero(ink.max(axis=0) > 0)
    if len(rows) == 0:
        raise DigitsError("no digit found")
    return ink[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]


def fit_to_box(ink: np.ndarray, box: int = BOX) -> np.ndarray:
    """Scale so the longer side is `box` pixels, keeping the aspect ratio."""
    height, width = ink.shape
    scale = box / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    method = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
    return np.clip(resized(ink, size, method), 0.0, 1.0)


def centre_by_mass(digit: np.ndarray, field: int = FIELD, centre: float = CENTRE) -> np.ndarray:
    """Place `digit` in a field x field image with its centre of mass at (centre, centre).

    Whole-pixel shifts only, as MNIST did, so strokes stay sharp; the centre of mass
    lands within half a pixel of the target.
    """
    height, width = digit.shape
    com_row, com_column = ndimage.center_of_mass(digit)
    top = int(np.clip(round(centre - com_row), 0, field - height))
    left = int(np.clip(round(centre - com_column), 0, field - width))
    out = np.zeros((field, field), dtype=np.float32)
    out[top : top + height, left : left + width] = digit
    return out
