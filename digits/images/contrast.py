"""Step 9: ink against the ground to firm ink (1) on an empty ground (0).

Otsu's threshold separates ink from ground. For one digit (contrast_normalise), faint
ink (pencil, a fading stroke) is kept when it joins firm ink (hysteresis), and each part
of a stroke is scaled by the strongest ink near it: faint parts come out firm. For a
number (contrast_textured), written on a cheque's patterned ground, what is thinner than
a pen stroke (fine wavy security lines) is opened away before the threshold.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from digits.errors import DigitsError

MIN_CONTRAST = 0.08  # ink must differ from the ground by this much (on a 0-1 scale)
# After contrast_normalise firm ink is 1 and the ground 0: a pixel at least half as strong
# as firm ink is ink when the later steps count blobs and measure strokes (0-1 scale).
INK_LEVEL = 0.5
# Bright lines thinner than TEXTURE_WIDTH px (a cheque's wavy security lines, JPEG
# ringing) are opened away; strokes the opening breaks grow back along the raw ink for up
# to REGROW px.
TEXTURE_WIDTH = 3  # pixels, at the working scale of a number (digits/images/number.py)
REGROW = 3  # pixels


def contrast_normalise(ink: np.ndarray) -> np.ndarray:
    """Ground to 0, ink to 1, soft edges in between; DigitsError if there is no ink.

    Hysteresis keeps faint ink: pixels above Otsu's threshold are strokes, and so are
    fainter ones (down to 40% of it) connected to them, the light end of a pencil stroke.
    Those faint parts are scaled by the strongest ink near them, so they come out as
    firm as the rest; a faint mark on its own stays faint and is dropped later.
    ink: (h, w) float >= 0, as ink_against_ground gives it; returns (h, w) float32 in [0, 1].
    """
    top = _strongest_ink(ink)
    threshold = otsu_threshold(ink)
    strong_mask = ink > threshold
    strong = float(np.percentile(ink[strong_mask], 90)) if strong_mask.any() else top
    weak = ink > 0.4 * threshold
    labels, count = ndimage.label(weak, structure=np.ones((3, 3)))
    touches_strong = np.zeros(count + 1, dtype=bool)
    touches_strong[labels[strong_mask]] = True
    touches_strong[0] = False
    kept = touches_strong[labels]
    floor = threshold * 0.5  # keep anti-aliased edges a little below the threshold
    scaled = (ink - floor) / max(strong - floor, 1e-6)
    # A faint stroke joined to firm ink (its peak under the threshold) is scaled by its
    # own peak, the strongest ink within a few pixels, so it comes out as firm.
    peak = ndimage.maximum_filter(np.where(kept, ink, 0.0), size=9)
    lifted = ink / np.clip(peak, threshold, strong)
    scaled = np.where(kept, np.maximum(scaled, lifted), scaled)
    return np.clip(scaled, 0.0, 1.0).astype(np.float32)


def _strongest_ink(ink: np.ndarray) -> float:
    """The ink's 99.9th percentile (a few bright specks do not count); DigitsError when it
    is under MIN_CONTRAST: a blank picture, or one with too little contrast."""
    top = float(np.percentile(ink, 99.9))
    if top < MIN_CONTRAST:
        raise DigitsError("no digit found (the image is blank or has too little contrast)")
    return top


def otsu_threshold(values: np.ndarray, bins: int = 256) -> float:
    """The threshold that best splits `values` into two classes (Otsu, 1979)."""
    histogram, edges = np.histogram(values, bins=bins)
    centres = (edges[:-1] + edges[1:]) / 2
    weight_low = np.cumsum(histogram)
    weight_high = weight_low[-1] - weight_low
    sum_low = np.cumsum(histogram * centres)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_low = sum_low / weight_low
        mean_high = (sum_low[-1] - sum_low) / weight_high
        between = weight_low * weight_high * (mean_low - mean_high) ** 2
    return float(centres[np.nanargmax(between)])


def contrast_textured(ink: np.ndarray) -> np.ndarray:
    """Strokes against a textured ground: stroke pixels INK_LEVEL..1, the ground 0.

    A grey opening (TEXTURE_WIDTH square) first removes every bright line thinner than a
    pen stroke: the fine wavy lines of a cheque's security ground. Otsu's threshold on
    what is left separates strokes from ground. The opening also breaks a thin stretch of
    a real stroke, so raw ink above the threshold within REGROW px of the strokes (grown
    step by step along that ink) is a stroke again, at its raw strength. The threshold
    maps to INK_LEVEL, the strokes' 90th percentile to 1, half the threshold to 0.
    ink: (h, w) float >= 0, as ink_against_ground gives it; returns (h, w) float32 in [0, 1].
    DigitsError when there is no ink.
    """
    _strongest_ink(ink)
    opened = ndimage.grey_opening(ink, size=(TEXTURE_WIDTH, TEXTURE_WIDTH))
    if opened.max() <= 0:
        raise DigitsError("no digit found (no stroke wider than a textured ground's lines)")
    threshold = otsu_threshold(opened)
    strokes = opened > threshold
    raw = ink > threshold
    for _ in range(REGROW):
        strokes |= ndimage.binary_dilation(strokes) & raw
    opened = np.where(strokes, np.maximum(opened, ink), opened)
    strong = float(np.percentile(opened[strokes], 90)) if strokes.any() else 2 * threshold
    strong = max(strong, 1.05 * threshold)
    # Soft edges: from half the threshold (0) up to the threshold (just under INK_LEVEL).
    low = np.clip((opened - 0.5 * threshold) / (0.5 * threshold) * INK_LEVEL, 0.0, INK_LEVEL)
    high = INK_LEVEL + (1 - INK_LEVEL) * np.clip((opened - threshold) / (strong - threshold), 0, 1)
    return np.where(strokes, high, low).astype(np.float32)
