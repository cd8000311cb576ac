"""digits/images/frame.py: framing drawings, enlarging small pictures."""

import numpy as np

from digits.images.contrast import MIN_CONTRAST
from digits.images.frame import enlarge, frame_drawing


def test_a_drawing_on_a_flat_ground_is_framed_and_shrunk():
    drawing = np.ones((600, 800), dtype=np.float32)
    drawing[100:400, 300:340] = 0.0  # a '1' 300 px tall
    framed = frame_drawing(drawing)
    assert max(framed.shape) == 128 and framed.min() < 0.2
    for edge in (framed[0], framed[-1], framed[:, 0], framed[:, -1]):
        assert edge.min() == 1.0  # a margin of ground all round
    photo = drawing * np.linspace(0.7, 1.0, 800)[None, :]  # uneven light: not flat
    assert frame_drawing(photo) is photo


def test_small_pictures_are_enlarged_and_large_ones_left():
    small = np.zeros((28, 20), dtype=np.float32)
    assert enlarge(small).shape == (112, 80)
    large = np.zeros((300, 200), dtype=np.float32)
    assert enlarge(large) is large


def test_the_frame_holds_ink_lighter_or_darker_than_the_ground_by_over_min_contrast():
    drawing = np.full((100, 100), 0.5, dtype=np.float32)
    drawing[40:60, 20:22] = 0.5 + MIN_CONTRAST + 0.01  # lighter than the ground
    drawing[30:50, 70:72] = 0.5 - MIN_CONTRAST - 0.01  # darker
    drawing[90:95, 90:95] = 0.5 - MIN_CONTRAST + 0.01  # too faint to be ink
    framed = frame_drawing(drawing)
    # Ink spans rows 30-59 and columns 20-71: a margin of 52 // 6 = 8 px all round.
    assert framed.shape == (30 + 2 * 8, 52 + 2 * 8)
    assert framed.max() > 0.5 + MIN_CONTRAST and framed.min() < 0.5 - MIN_CONTRAST


def test_a_ground_is_flat_when_its_border_is_one_grey():
    from digits.images.frame import is_flat_ground

    drawing = np.full((60, 80), 0.95, np.float32)
    drawing[20:40, 30:35] = 0.1  # ink inside, the border untouched
    assert is_flat_ground(drawing)
    photo = drawing + np.linspace(0, 0.1, 80, dtype=np.float32)  # light falling off
    assert not is_flat_ground(photo)
