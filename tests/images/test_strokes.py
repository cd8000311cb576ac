"""digits/images/strokes.py: strokes at MNIST's width."""

import numpy as np
from scipy import ndimage

from digits.images.strokes import set_stroke_width


def stroke_widths(ink):
    """Twice the median distance to the stroke's edge along its middle: its width."""
    depth = ndimage.distance_transform_edt(np.pad(ink > 0.5, 1))
    middle = (depth > 0) & (depth >= ndimage.maximum_filter(depth, size=3))
    return 2.0 * np.median(depth[middle])


def test_thick_strokes_are_thinned_and_thin_ones_thickened_to_mnist_width():
    thick = np.zeros((200, 120), dtype=np.float32)
    thick[:, 40:100] = 1.0  # 60 px wide: half the width of the crop
    thick[:40, :] = 1.0
    thin = np.zeros((200, 120), dtype=np.float32)
    thin[:, 58:61] = 1.0  # 3 px
    thin[:3, :] = 1.0
    for ink in (thick, thin):
        width = stroke_widths(set_stroke_width(ink)) / 200
        assert 0.08 <= width <= 0.17, width  # MNIST: about 0.12 of the longer side


def test_a_filled_patch_stays_filled_when_the_strokes_are_thinned():
    y, x = np.mgrid[0:200, 0:120]
    nine = ((y - 50) ** 2 + (x - 60) ** 2 <= 45**2).astype(np.float32)  # a fat, filled head
    nine[50:200, 85:113] = 1.0  # its tail: a stroke 28 px wide, over twice MNIST's width
    thinned = set_stroke_width(nine)
    assert thinned[thinned.shape[0] // 4, thinned.shape[1] // 2] > 0.5  # the head: still ink
    tail = thinned[-40:]  # the tail is cut to MNIST's width
    assert (tail > 0.5).sum(axis=1).max() <= 0.17 * max(thinned.shape)
