"""Step 13: thin strokes brought up to MNIST's width, about STROKE_FRACTION of the digit's
longer side.

A thin pen line would shrink to a faint thread at 20 px, so it is thickened. Strokes as
wide or wider (a marker, a fat brush) are left as they are: MNIST has fat digits of its
own, and the classifier reads them. Cutting strokes more than 1.9 times MNIST's width
down to a band of it reads fewer rendered marker and brush digits and fewer rendered
numbers (`python -m benchmarks.pictures --photos 1000`).
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from digits.images.contrast import INK_LEVEL

STROKE_FRACTION = 0.12  # MNIST stroke width relative to the digit's longer side (median)


def thicken_strokes(ink: np.ndarray, target: float | None = None) -> np.ndarray:
    """Strokes thinner than MNIST's width relative to the digit's longer side, grown to it
    (target: another width in pixels, as a line of writing's own).

    The width of a stroke is twice the typical distance from its pixels to its edge
    (a distance transform). Every pixel within the missing half-width of the strokes
    becomes ink, with a soft, round edge; wider strokes come back as they are.

    ink: (h, w) float32 in [0, 1], cropped to the digit. Returns float32 in [0, 1]: the
    same, padded on each side by the pixels the strokes grew.
    """
    mask = ink > INK_LEVEL
    if not mask.any():
        return ink
    # Padded: past the crop's edge is ground, so strokes there have an edge there too.
    depth = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
    width = 2.0 * float(np.percentile(depth[mask], 90))
    target = STROKE_FRACTION * max(ink.shape) if target is None else target
    grow = int(round((target - width) / 2))
    if grow < 1:
        return ink
    # Pad first so strokes at the edge of the crop grow outwards, not off the picture.
    ink = np.pad(ink, grow)
    distance = ndimage.distance_transform_edt(ink <= INK_LEVEL)
    return np.maximum(ink, np.clip(grow + 0.5 - distance, 0.0, 1.0)).astype(np.float32)
