"""Step 13: strokes brought to MNIST's width, about STROKE_FRACTION of the digit's longer
side.

Thin pen lines are thickened; strokes wider than MAX_WIDTH_RATIO times that (a marker, a
fat brush; 99% of MNIST's are not) are cut to a band of that width around the line along
their middle, instead of turning into blobs at 20 px.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from digits.images.contrast import INK_LEVEL
from digits.images.field import crop_to_ink

STROKE_FRACTION = 0.12  # MNIST stroke width relative to the digit's longer side (median)
# A stroke's width over MNIST's: wider strokes are cut to a band; 99% of MNIST's are not.
MAX_WIDTH_RATIO = 1.9


def set_stroke_width(ink: np.ndarray) -> np.ndarray:
    """Rewrite the strokes at MNIST's width relative to the digit's longer side.

    The width of a stroke is twice the typical distance from its pixels to its edge
    (a distance transform). Thin pen lines are dilated, or they would shrink to faint
    threads at 20 px. Thick ones (a marker, a fat brush) are cut to the band of MNIST's
    width around each stroke's ridge, the line along its middle, so a part of a stroke
    that is thinner than the rest stays whole.

    ink: (h, w) float32 in [0, 1], cropped to the digit. Returns float32 in [0, 1]: the
    same shape, padded by the pixels a thin stroke grew, or cropped again after a cut.
    """
    mask = ink > INK_LEVEL
    if not mask.any():
        return ink
    # Padded: past the crop's edge is ground, so strokes there have an edge there too.
    depth = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
    width = 2.0 * float(np.percentile(depth[mask], 90))
    wanted = STROKE_FRACTION * max(ink.shape)
    if width > MAX_WIDTH_RATIO * wanted:
        return crop_to_ink(_cut_to_band(ink, depth, wanted))
    grow = int(round((wanted - width) / 2))
    if grow < 1:
        return ink
    # Pad first so strokes at the edge of the crop grow outwards, not off the picture.
    # Every pixel within `grow` of the stroke becomes ink, with a soft, round edge.
    ink = np.pad(ink, grow)
    distance = ndimage.distance_transform_edt(ink <= INK_LEVEL)
    return np.maximum(ink, np.clip(grow + 0.5 - distance, 0.0, 1.0)).astype(np.float32)


def _ridge(depth: np.ndarray) -> np.ndarray:
    """The line along the middle of each stroke: where the distance to the edge peaks."""
    return (depth > 0) & (depth >= ndimage.maximum_filter(depth, size=3) - 0.5)


def _cut_to_band(ink: np.ndarray, depth: np.ndarray, wanted: float) -> np.ndarray:
    """Strokes cut down to `wanted` pixels wide: what lies within wanted/2 of their ridge.

    Parts already thinner than that stay whole; the bumps of a ragged edge, less than
    two pixels deep, do not count as ridge. Where ink is much wider than the pen (a loop
    filled in, the head of a 9 written fat) it is no stroke: that patch stays filled,
    its edge pulled in by as much as the strokes lose on each side.
    """
    ridge = _ridge(depth) & (depth >= max(2.0, 0.15 * wanted))
    if not ridge.any():
        return ink
    half = float(np.median(depth[ridge]))  # the pen's half-width
    near = ndimage.distance_transform_edt(~ridge) <= wanted / 2
    patch = depth > 1.5 * half
    if patch.any():
        near |= ndimage.distance_transform_edt(~patch) <= 0.5 * half + wanted / 2
    # Soft edges again: the cut stroke's new edge fades over about a pixel.
    soft = ndimage.gaussian_filter(near.astype(np.float32), 0.7)
    return np.minimum(ink, np.clip(soft * 1.2, 0.0, 1.0)).astype(np.float32)
