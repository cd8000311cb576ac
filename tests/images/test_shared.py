"""digits/images/_shared.py: the small operations several stages share."""

import numpy as np
from PIL import Image
from scipy import ndimage

from digits.images._shared import border, box, resized, shrunk


def test_resized_gives_float32_of_the_size_asked_width_first():
    picture = np.arange(12, dtype=np.float64).reshape(3, 4)
    out = resized(picture, (8, 6), Image.Resampling.BILINEAR)
    assert out.shape == (6, 8) and out.dtype == np.float32
    flat = resized(np.full((30, 40), 0.25), (10, 5), Image.Resampling.BOX)
    np.testing.assert_allclose(flat, 0.25, atol=1e-6)


def test_shrunk_averages_whole_blocks():
    grey = np.zeros((10, 13), dtype=np.float32)
    grey[:5, :5] = 1.0
    small = shrunk(grey, 2)  # blocks of 5 x 5; the last 3 columns dropped
    np.testing.assert_array_equal(small, [[1.0, 0.0], [0.0, 0.0]])
    np.testing.assert_array_equal(shrunk(grey, 20), grey)  # already small: as it is


def test_border_is_the_outer_rows_and_columns():
    picture = np.zeros((6, 7), dtype=np.float32)
    picture[1:-1, 1:-1] = 1.0
    assert border(picture).max() == 0.0 and border(picture, 2).max() == 1.0
    assert border(picture).size == 2 * 7 + 2 * 6


def test_box_is_top_bottom_left_right():
    labels = np.zeros((10, 10), dtype=int)
    labels[2:5, 3:9] = 1
    assert box(ndimage.find_objects(labels)[0]) == (2, 5, 3, 9)
