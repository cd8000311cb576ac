"""digits/images/strokes.py: thin strokes brought up to MNIST's width."""

import numpy as np
from scipy import ndimage

from digits.images.strokes import thicken_strokes


def stroke_widths(ink):
    """Twice the median distance to the stroke's edge along its middle: its width."""
    depth = ndimage.distance_transform_edt(np.pad(ink > 0.5, 1))
    middle = (depth > 0) & (depth >= ndimage.maximum_filter(depth, size=3))
    return 2.0 * np.median(depth[middle])


def test_thin_strokes_are_thickened_to_mnist_width():
    thin = np.zeros((200, 120), dtype=np.float32)
    thin[:, 58:61] = 1.0  # 3 px: a fortieth of the longer side
    thin[:3, :] = 1.0
    thickened = thicken_strokes(thin)
    width = stroke_widths(thickened) / 200
    assert 0.08 <= width <= 0.17, width  # MNIST: about 0.12 of the longer side
    # Grown outwards on every side, with the same strokes along the middle.
    grow = (thickened.shape[0] - 200) // 2
    assert grow > 0 and thickened.shape == (200 + 2 * grow, 120 + 2 * grow)
    assert (thickened[grow:-grow, grow:-grow][thin > 0.5] > 0.5).all()


def test_strokes_as_wide_as_mnist_or_wider_are_left_as_they_are():
    y, x = np.mgrid[0:200, 0:120]
    nine = ((y - 50) ** 2 + (x - 60) ** 2 <= 45**2).astype(np.float32)  # a fat, filled head
    nine[50:200, 85:113] = 1.0  # its tail: a stroke 28 px wide, over twice MNIST's width
    np.testing.assert_array_equal(thicken_strokes(nine), nine)
    mnist_wide = np.zeros((200, 120), dtype=np.float32)
    mnist_wide[:, 47:73] = 1.0  # 26 px: a little over 0.12 of the longer side
    np.testing.assert_array_equal(thicken_strokes(mnist_wide), mnist_wide)


def test_a_line_s_strokes_grow_to_the_width_it_asks_for():
    ink = np.zeros((100, 300), np.float32)
    ink[20:80, 50:52] = 1.0  # a hairline 2 px wide in a line 100 px tall
    grown = thicken_strokes(ink, target=8.0)
    assert (grown[50] >= 0.5).sum() == 8  # 3 px grown on each side, the last half ink
    ink[20:80, 50:62] = 1.0  # a stroke already 12 px wide is left as it is
    assert np.array_equal(thicken_strokes(ink, target=8.0), ink)
