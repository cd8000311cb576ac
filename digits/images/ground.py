"""Steps 7-8: how far each pixel stands out from the paper, on the ink's side.

7. polarity  MNIST ink is bright on dark. The ink is the strongest departure from the
             picture's median (the ground covers most of it): darker than the paper (a
             photo) or lighter (a chalkboard). Detected, not assumed.
8. ground    paper, uneven light and shadows form a slowly varying ground, estimated by
             a grey opening a third of the picture wide (wider than any stroke, so a
             marker stroke is not hollowed) and subtracted.
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

from digits.images._shared import border, resized, shrunk


def ink_against_ground(grey: np.ndarray) -> np.ndarray:
    """How far each pixel stands out from the ground, on the ink's side: ink >= 0, ground 0.

    Polarity is read from the difference to the median: the strongest departures are
    the ink, darker than the paper in a photo, lighter on a chalkboard or in MNIST.
    grey: (h, w) float in [0, 1], any polarity; returns (h, w) float32 >= 0.
    """
    white_on_black = 1.0 - grey if _ink_is_dark(grey) else grey
    ink = white_on_black - estimate_ground(white_on_black)
    return np.clip(ink, 0.0, None).astype(np.float32)


def _ink_is_dark(grey: np.ndarray) -> bool:
    """Whether the strongest departures from the picture's median are darker than it.

    The ground covers most of any picture of a digit, so the median is ground, even when
    a fat brush fills much of the frame; uneven light moves the ground less than ink.
    """
    difference = grey - float(np.median(shrunk(grey, 96)))
    darkest, lightest = np.percentile(difference, [0.05, 99.95])
    return bool(-darkest > lightest)


def estimate_ground(white_on_black: np.ndarray) -> np.ndarray:
    """The slowly varying ground under bright ink: paper, light falloff, shadows.

    A grey opening (a minimum, then a maximum, over a square a third of the picture wide)
    removes every bright shape narrower than the square, so a stroke of any width up to
    a third of the picture, and keeps what is wider: the ramps of uneven light and the
    edges of shadows. It runs on a copy about 96 pixels across, where the wide window is
    cheap, and is stretched back. Where the ground is flat (a drawing app's canvas) the
    result is that flat value, found at once. (h, w) float -> (h, w) float32.
    """
    flat = _flat_ground(white_on_black)
    if flat is not None:
        return np.full(white_on_black.shape, flat, dtype=np.float32)
    return _opened_ground(white_on_black)


def _opened_ground(white_on_black: np.ndarray) -> np.ndarray:
    small = ndimage.uniform_filter(shrunk(white_on_black, 96), size=3, mode="nearest")
    window = max(5, int(min(small.shape) / 3) | 1)
    ground = ndimage.grey_opening(small, size=(window, window), mode="nearest")
    ground = ndimage.uniform_filter(ground, size=3, mode="nearest")  # just the blockiness
    # Stretched back to the picture's size.
    return resized(ground, white_on_black.shape[::-1], Image.Resampling.BILINEAR)


def _flat_ground(white_on_black: np.ndarray) -> float | None:
    """The ground's value when the picture's border is one flat colour, else None."""
    edge = border(white_on_black)
    low = float(edge.min())
    if edge.max() - low > 0.02:
        return None
    return low if (white_on_black < low - 0.02).mean() < 0.001 else None
