"""digits/reading.py: numbers read from pictures with a model."""

import numpy as np
import pytest
from PIL import Image

from digits.data import scale_pixels
from digits.errors import DigitsError
from digits.reading import read_lines, read_number
from examples import synth


@pytest.mark.integration
def test_numbers_rendered_from_test_digits_are_read(trained, mnist, tmp_path):
    model, _ = trained
    _, (x_test, y_test) = mnist
    rng = np.random.default_rng(9)
    digits = scale_pixels(x_test)
    exact = 0
    for number in range(20):
        picture, text = synth.render_number(digits, y_test, rng)
        picture.save(tmp_path / f"{number}.jpg")
        exact += read_number(tmp_path / f"{number}.jpg", model) == text
    assert exact >= 14  # about 0.98 per digit over 2-12 digits


def test_read_number_names_the_file_when_there_is_no_digit(tmp_path):
    Image.new("L", (100, 100), 255).save(tmp_path / "blank.png")
    with pytest.raises(DigitsError, match="blank.png: no digit found"):
        read_number(tmp_path / "blank.png", model=None)


def test_the_model_reads_the_digits_in_reading_order():
    def counting_model(images, training=False):  # reads the n-th digit as n % 10
        return np.eye(10, dtype=np.float32)[np.arange(len(images)) % 10]

    lines = [[np.zeros((28, 28), np.float32)] * 3, [np.zeros((28, 28), np.float32)] * 2]
    assert read_lines(lines, counting_model) == "012\n34"
