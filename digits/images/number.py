"""A number: a picture of several digits to its lattice of candidate digits.

The steps in order: read, grey and shrink (decode), frame (frame), enlarge by a whole
factor towards WORK_SIDE (frame), polarity and ground (ground), contrast against a
textured ground (contrast), baselines and box edges (rules), slant (slant), lines and
segments (segment), candidates in MNIST's form (lattice). Scoring the candidates is the
caller's: digits.reading reads them with a model and picks the best path (search).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from digits.errors import DigitsError
from digits.images.contrast import contrast_textured
from digits.images.decode import open_image, to_grey
from digits.images.frame import enlarge, frame_drawing
from digits.images.ground import ink_against_ground
from digits.images.lattice import Lattice, build_lattice
from digits.images.rules import erase_baselines
from digits.images.slant import deslant

# A number is cut into pieces a few pixels wide: small pictures (a 28x28 drawing of two
# digits) are enlarged by a whole factor, at most MAX_ENLARGE, towards WORK_SIDE first.
WORK_SIDE = 256  # pixels
MAX_ENLARGE = 8


def load_number_lattice(path: str | os.PathLike) -> Lattice:
    """The candidate digits of a picture of a number, as `number_lattice` gives them.
    Raises DigitsError naming the file when it cannot be read or holds no digit."""
    path = Path(path)
    grey = to_grey(open_image(path))
    try:
        return number_lattice(grey)
    except DigitsError as error:
        raise DigitsError(f"{path}: {error}") from None


def number_lattice(grey: np.ndarray) -> Lattice:
    """(h, w) float in [0, 1], any polarity -> its lattice: lines, segments and candidate
    digits (28, 28) float32 in MNIST's form. DigitsError when it holds no digit."""
    return build_lattice(number_ink(grey))


def number_ink(grey: np.ndarray) -> np.ndarray:
    """The strokes of a number (h', w') float32 in [0, 1], stroke pixels above INK_LEVEL:
    framed or enlarged, against its ground, baselines erased, upright."""
    grey = enlarge(frame_drawing(grey, side=WORK_SIDE), side=WORK_SIDE, max_factor=MAX_ENLARGE)
    return deslant(clean_ink(grey))


def clean_ink(grey: np.ndarray) -> np.ndarray:
    """(h, w) float in [0, 1], any polarity -> its ink (h, w) float32 in [0, 1]: against its
    ground, a textured ground's fine lines opened away, baselines erased."""
    return erase_baselines(contrast_textured(ink_against_ground(grey)))
