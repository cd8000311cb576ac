"""A number: a picture of one or more lines of digits to its lines of writing, each in the
line reader's form.

The steps in order: read, grey and shrink (decode), frame (frame), enlarge by a whole
factor towards WORK_SIDE (frame), polarity and ground (ground), contrast against a
textured ground (contrast), baselines and box edges (rules), lines of writing, each
scaled to the line reader's height (lines). Reading them is the caller's:
digits.reading reads each line whole with the line reader (digits/line_reader.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image

from digits.errors import DigitsError
from digits.images._shared import resized
from digits.images.contrast import contrast_normalise, contrast_textured
from digits.images.decode import open_image, to_grey
from digits.images.frame import enlarge, frame_drawing, is_flat_ground
from digits.images.ground import ink_against_ground
from digits.images.lines import line_form, split_lines
from digits.images.rules import erase_baselines

# Thin strokes of a small picture (a 28x28 drawing of two digits) would be lost to the
# ground's cleaning: small pictures are enlarged by a whole factor, at most MAX_ENLARGE,
# towards WORK_SIDE first; larger drawings shrunk so their shorter side is WORK_SIDE.
WORK_SIDE = 256  # pixels
MAX_ENLARGE = 8
MAX_WORK_SIDE = 1024  # pixels: a drawing is framed to at most this, then its shorter side
# to WORK_SIDE


def load_number_lines(path: str | os.PathLike) -> np.ndarray:
    """The lines of writing of a picture of a number, as `number_lines` gives them.
    Raises DigitsError naming the file when it cannot be read or holds no digit."""
    path = Path(path)
    grey = to_grey(open_image(path))
    try:
        return number_lines(grey)
    except DigitsError as error:
        raise DigitsError(f"{path}: {error}") from None


def number_lines(grey: np.ndarray) -> np.ndarray:
    """(h, w) float in [0, 1], any polarity -> its lines of writing, top to bottom, each in
    the line reader's form: (lines, LINE_HEIGHT, LINE_WIDTH) float32 in [0, 1]."""
    return line_forms(number_lines_ink(grey))


def line_forms(inks: list[np.ndarray]) -> np.ndarray:
    """Lines of ink (number_lines_ink) -> (lines, LINE_HEIGHT, LINE_WIDTH) float32 in
    [0, 1], each in the line reader's form (digits.images.lines.line_form)."""
    return np.stack([line_form(ink) for ink in inks])


def number_lines_ink(grey: np.ndarray) -> list[np.ndarray]:
    """(h, w) float in [0, 1], any polarity -> each line's ink, top to bottom: framed or
    enlarged, against its ground, baselines erased, cut into lines (digits.images.lines)."""
    flat = is_flat_ground(grey)
    if flat:  # a drawing: cut to its ink, its shorter side brought to WORK_SIDE
        grey = _working_size(frame_drawing(grey, side=MAX_WORK_SIDE))
    grey = enlarge(grey, side=WORK_SIDE, max_factor=MAX_ENLARGE)
    return split_lines(clean_ink(grey, textured=not flat))


def _working_size(grey: np.ndarray) -> np.ndarray:
    """A drawing whose shorter side passes WORK_SIDE, shrunk (area average) to it: a wide
    drawing of a number keeps its strokes' width where its longer side would lose them.
    (A photo is worked at the size decoding left it, at most 512 px: its fine pen strokes
    must outlast the opening that takes a textured ground away.)"""
    scale = WORK_SIDE / min(grey.shape)
    if scale >= 1:
        return grey
    size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
    return resized(grey, size, Image.Resampling.BOX)


def clean_ink(grey: np.ndarray, textured: bool = True) -> np.ndarray:
    """(h, w) float in [0, 1], any polarity -> its ink (h, w) float32 in [0, 1]: against its
    ground, a textured ground's fine lines opened away (textured=False: a flat ground, as a
    drawing's, kept whole however fine its strokes), baselines erased."""
    ink = ink_against_ground(grey)
    return erase_baselines(contrast_textured(ink) if textured else contrast_normalise(ink))
