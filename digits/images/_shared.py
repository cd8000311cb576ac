"""Small operations on pictures that several stages share.

A picture here is (h, w) float, grey or ink; boxes are (top, bottom, left, right), the
bottom and right exclusive, as NumPy slices are.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

# Pixels of ground around a stroke that still belong to it: its soft, anti-aliased edge.
# Whatever keeps some strokes and drops others (a digit's blobs, a line's blobs) keeps this
# much around them.
SOFT_EDGE = 2


def resized(picture: np.ndarray, size: tuple[int, int], method: Image.Resampling) -> np.ndarray:
    """`picture` (h, w) resampled by Pillow to `size` (width, height), float32."""
    image = Image.fromarray(picture.astype(np.float32), "F")
    return np.asarray(image.resize(size, method), dtype=np.float32)


def shrunk(grey: np.ndarray, side: int) -> np.ndarray:
    """An area-average copy of `grey` about `side` pixels on its shorter side."""
    height, width = grey.shape
    factor = max(1, min(height, width) // side)
    small = grey[: height // factor * factor, : width // factor * factor]
    return small.reshape(height // factor, factor, width // factor, factor).mean(axis=(1, 3))


def border(picture: np.ndarray, width: int = 1) -> np.ndarray:
    """The pixels of the outermost `width` rows and columns, as one flat array."""
    edges = (picture[:width], picture[-width:], picture[:, :width], picture[:, -width:])
    return np.concatenate([edge.ravel() for edge in edges])


def box(slices: tuple[slice, slice]) -> tuple[int, int, int, int]:
    """A blob's slices, as ndimage.find_objects gives them, as (top, bottom, left, right)."""
    return slices[0].start, slices[0].stop, slices[1].start, slices[1].stop
