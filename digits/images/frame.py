"""Steps 5-6: bring a grey picture to a size the ink steps work at.

5. frame    a drawing on a flat ground (a drawing app) is cut to its ink plus a margin
            and reduced to at most 128 px: the rest then costs little.
6. enlarge  small pictures (a 28x28 drawing) are enlarged to about SMALL_SIDE, so the
            stroke steps work on whole pixels.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from digits.images._shared import border, resized
from digits.images.contrast import MIN_CONTRAST

FLAT_BORDER = 0.02  # the most a flat ground's border pixels differ from their median
SMALL_SIDE = 112  # pixels: smaller pictures are enlarged to this first, so strokes have room


def frame_drawing(grey: np.ndarray, side: int = 128) -> np.ndarray:
    """A drawing on a flat ground (a drawing app, a scan) cut to its ink and shrunk.

    When the picture's border is one flat grey, everything that differs from it is ink:
    the picture is cut to that ink's box plus a margin of flat ground, and reduced (area
    average) so its longer side is at most `side`, four times the field MNIST ends at.
    The rest of the pipeline then works on a few thousand pixels. Other pictures are
    returned as they are. grey: (h, w) float in [0, 1].
    """
    if not is_flat_ground(grey):
        return grey
    ground = float(np.median(border(grey)))
    rows, columns = _differing(grey, ground, axis=1), _differing(grey, ground, axis=0)
    if len(rows) == 0:
        return grey
    # A margin of a sixth of the ink's longer side: no stroke then crosses 80% of the
    # picture, so none is taken for a rule of lined paper, and the check is at once.
    margin = max(2, (max(rows[-1] - rows[0], columns[-1] - columns[0]) + 1) // 6)
    top, left = max(rows[0] - margin, 0), max(columns[0] - margin, 0)
    grey = grey[top : rows[-1] + 1 + margin, left : columns[-1] + 1 + margin]
    scale = side / max(grey.shape)
    if scale >= 1:
        return grey
    size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
    return resized(grey, size, Image.Resampling.BOX)


def is_flat_ground(grey: np.ndarray) -> bool:
    """Whether the picture's border is one flat grey (FLAT_BORDER): a drawing app's canvas,
    a clean scan. grey: (h, w) float in [0, 1]."""
    edge = border(grey)
    return float(np.abs(edge - np.median(edge)).max()) <= FLAT_BORDER


def _differing(grey: np.ndarray, ground: float, axis: int) -> np.ndarray:
    """The rows (axis=1) or columns (axis=0) holding a pixel that differs from `ground` by
    over MIN_CONTRAST, found from each one's extremes: no full-size temporary array."""
    return np.flatnonzero(
        (grey.max(axis=axis) - ground > MIN_CONTRAST)
        | (ground - grey.min(axis=axis) > MIN_CONTRAST)
    )


def enlarge(grey: np.ndarray, side: int = SMALL_SIDE, max_factor: int | None = None) -> np.ndarray:
    """Small pictures (a 28x28 drawing) enlarged bilinearly so the longer side is about
    `side`: thinning, thickening and the ground then work on whole pixels.

    grey: (h, w) float; returns it as it is, or (k * h, k * w) float32 for a whole k >= 2,
    k at most `max_factor` when given.
    """
    factor = side // max(grey.shape)
    if max_factor is not None:
        factor = min(factor, max_factor)
    if factor < 2:
        return grey
    size = (grey.shape[1] * factor, grey.shape[0] * factor)
    return resized(grey, size, Image.Resampling.BILINEAR)
