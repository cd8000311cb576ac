"""digits/images/field.py: MNIST's form, and crop, fit and centre."""

import numpy as np
from scipy import ndimage

from digits.images.digit import normalise_digit
from digits.images.field import centre_by_mass, crop_to_ink, fit_to_box, is_mnist_form


def test_crop_and_aspect_ratio_and_centre_of_mass():
    ink = np.zeros((100, 100), dtype=np.float32)
    ink[10:90, 30:70] = 1.0  # 80 tall, 40 wide
    cropped = crop_to_ink(ink)
    assert cropped.shape == (80, 40)
    fitted = fit_to_box(cropped)
    assert fitted.shape == (20, 10)
    centred = centre_by_mass(fitted)
    assert centred.shape == (28, 28)
    row, column = ndimage.center_of_mass(centred)
    assert abs(row - 14) <= 0.5 and abs(column - 14) <= 0.5


def test_a_picture_already_in_mnist_form_is_kept_as_it_is():
    digit = np.zeros((28, 28), dtype=np.float32)
    digit[4:24, 12:16] = 1.0  # a '1', 20 px tall, centred
    digit[4:24, 11] = digit[4:24, 16] = 0.5  # soft edges
    assert is_mnist_form(digit)
    np.testing.assert_array_equal(normalise_digit(digit), digit)
    assert not is_mnist_form(1.0 - digit)  # black on white is a drawing to process
    assert not is_mnist_form(np.pad(digit, 3)[:28, :28])  # off-centre
