"""Step 9: ink against the ground to firm ink (1) on an empty ground (0).

Otsu's threshold separates ink from ground. Faint ink (pencil, a fading stroke) is kept
when it joins firm ink (hysteresis), and each part of a stroke is scaled by the
strongest ink near it: faint parts come out firm.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from digits.errors import DigitsError

MIN_CONTRAST = 0.08  # ink must differ from the ground by this much (on a 0-1 scale)
# After contrast_normalise firm ink is 1 and the ground 0: a pixel at least half as strong
# as firm ink is ink when the later steps count blobs and measure strokes (0-1 scale).
INK_LEVEL = 0.5


def contrast_normalise(ink: np.ndarray) -> np.ndarray:
    """Ground to 0, ink to 1, soft edges in between; DigitsError if there is no ink.

    Hysteresis keeps faint ink: pixels above Otsu's threshold are strokes, and so are
    fainter ones (down to 40% of it) connected to them, the light end of a pencil stroke.
    Those faint parts are scaled by the strongest ink near them, so they come out as
    firm as the rest; a faint mark on its own stays faint and is dropped later.
    ink: (h, w) float >= 0, as ink_against_ground gives it; returns (h, w) float32 in [0, 1].
    """
    top = float(np.percentile(ink, 99.9))
    if top < MIN_CONTRAST:
        raise DigitsError("no digit found (the image is blank or has too little contrast)")
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
