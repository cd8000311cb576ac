"""digits/images/ground.py: polarity and the ground under the ink."""

import numpy as np

from digits.images.ground import _opened_ground, estimate_ground, ink_against_ground

from .drawn import bar_picture


def test_polarity_is_detected_not_assumed():
    dark = ink_against_ground(bar_picture(dark_ink=True))
    light = ink_against_ground(bar_picture(dark_ink=False))
    assert dark[100, 70] > 0.5 and dark[10, 10] < 0.05
    assert light[100, 70] > 0.5 and light[10, 10] < 0.05


def test_uneven_lighting_is_removed():
    picture = bar_picture() * np.linspace(0.5, 1.0, 300)[None, :]  # dark on the left
    ink = ink_against_ground(picture)
    assert ink[100, 70] > 0.3
    assert ink[:, 200:].max() < 0.1 and ink[:30, :].max() < 0.1


def test_ground_under_a_stroke_wider_than_a_tenth_of_the_picture_is_paper():
    picture = np.full((300, 300), 0.9, dtype=np.float32)
    picture[50:250, 100:170] = 0.1  # a marker stroke 70 px wide
    picture *= np.linspace(0.8, 1.0, 300)[None, :]  # and uneven light
    ink = ink_against_ground(picture)
    assert ink[150, 135] > 0.6  # the middle of the stroke is ink, not hollow
    assert ink[150, 20] < 0.05 and ink[150, 280] < 0.05
    ground = estimate_ground(1.0 - picture)
    assert np.abs(ground[150, 135] - (1.0 - 0.9 * 0.8 - 0.2 * 0.45)) < 0.05


def test_flat_ground_is_the_flat_value_as_the_opening_finds_it():
    picture = np.full((200, 260), 0.15, dtype=np.float32)
    picture[40:160, 100:130] = 0.9  # a stroke well inside the border
    ground = estimate_ground(picture)
    assert np.all(ground == np.float32(0.15))
    np.testing.assert_allclose(_opened_ground(picture), ground, atol=1e-3)
