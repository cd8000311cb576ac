"""digits/images/decode.py: files and uploads to grey pictures."""

import numpy as np
import pytest
from PIL import Image

from digits.errors import DigitsError
from digits.images.decode import MAX_PIXELS, _flatten_alpha, read_picture, to_grey
from digits.images.digit import load_digit_image

from .drawn import bar_picture, save


def test_formats_and_modes_agree(tmp_path):
    grey = bar_picture()
    reference = load_digit_image(save(grey, tmp_path / "ref.png"))
    rgb = Image.fromarray((np.stack([grey] * 3, -1) * 255).astype(np.uint8), "RGB")
    files = {
        "jpeg": rgb,
        "cmyk.jpg": rgb.convert("CMYK"),
        "gif": rgb.convert("P"),
        "bmp": rgb,
        "webp": rgb,
        "16bit.png": Image.fromarray((grey * 65535).astype(np.uint16)),
    }
    for name, image in files.items():
        path = tmp_path / (name if "." in name else f"x.{name}")
        image.save(path)
        result = load_digit_image(path)
        assert np.abs(result - reference).mean() < 0.05, name


def test_exif_orientation_is_applied(tmp_path):
    grey = bar_picture()
    upright = load_digit_image(save(grey, tmp_path / "upright.png"))
    # A phone stores the sensor's pixels plus "rotate 90 clockwise to view" (tag 6).
    stored = Image.fromarray((np.rot90(grey, 1) * 255).astype(np.uint8), "L")
    exif = Image.Exif()
    exif[0x0112] = 6
    stored.save(tmp_path / "phone.jpg", exif=exif, quality=95)
    rotated = load_digit_image(tmp_path / "phone.jpg")
    assert np.abs(rotated - upright).mean() < 0.05


def test_transparent_canvas_drawing(tmp_path):
    ink = 1.0 - bar_picture()  # 0.9 where the strokes are
    rgba = np.zeros(ink.shape + (4,), dtype=np.uint8)
    rgba[..., 3] = (ink > 0.5) * 255  # black strokes, transparent elsewhere
    Image.fromarray(rgba, "RGBA").save(tmp_path / "canvas.png")
    drawn = load_digit_image(tmp_path / "canvas.png")
    reference = load_digit_image(save(bar_picture(), tmp_path / "ref.png"))
    assert np.abs(drawn - reference).mean() < 0.05


def test_decompression_bomb_is_refused_before_decoding(tmp_path):
    side = int(MAX_PIXELS**0.5) + 100
    Image.new("1", (side, side)).save(tmp_path / "bomb.png")
    with pytest.raises(DigitsError, match=r"bomb.png: .* pixels is over the .* limit"):
        load_digit_image(tmp_path / "bomb.png")


def test_to_grey_composites_alpha_against_a_contrasting_ground():
    rgba = np.zeros((20, 20, 4), dtype=np.uint8)
    rgba[5:15, 8:12] = [255, 255, 255, 255]  # white strokes, transparent elsewhere
    grey = to_grey(Image.fromarray(rgba, "RGBA"))
    assert grey[10, 10] == 1.0 and grey[0, 0] == 0.0


@pytest.mark.parametrize("ink", [0, 255])
def test_to_grey_composites_alpha_as_the_picture_for_figures_does(ink):
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, (40, 30, 4), dtype=np.uint8)
    rgba[..., :3] = ink  # strokes of one colour, their alpha anything from clear to solid
    image = Image.fromarray(rgba, "RGBA")
    flattened = np.asarray(_flatten_alpha(image).convert("L"), dtype=np.float32) / 255
    grey = to_grey(image)
    assert grey.dtype == np.float32 and grey.shape == (40, 30)
    assert np.abs(grey - flattened).max() <= 1 / 255 + 1e-6  # rounding alone
    assert grey[rgba[..., 3] == 0].tolist() == [1.0 - ink / 255] * (rgba[..., 3] == 0).sum()


def test_read_picture_for_figures(tmp_path):
    rgba = np.zeros((400, 300, 4), dtype=np.uint8)
    rgba[100:300, 100:120, 3] = 255  # a black stroke on a transparent ground
    Image.fromarray(rgba, "RGBA").save(tmp_path / "canvas.png")
    picture = read_picture(tmp_path / "canvas.png")
    assert picture.shape == (256, 192, 3) and picture.dtype == np.uint8
    assert picture[0, 0].tolist() == [255, 255, 255] and picture[128, 70].max() < 50
    Image.fromarray((bar_picture() * 65535).astype(np.uint16)).save(tmp_path / "deep.png")
    grey = read_picture(tmp_path / "deep.png")
    assert grey.ndim == 2 and grey.min() >= 0.0 and grey.max() <= 1.0


def test_read_picture_keeps_to_max_side_at_any_bit_depth(tmp_path):
    grey = bar_picture(1000, 1000)
    save(grey, tmp_path / "eight.png")
    Image.fromarray((grey * 65535).astype(np.uint16)).save(tmp_path / "sixteen.png")
    eight = read_picture(tmp_path / "eight.png", max_side=256)
    sixteen = read_picture(tmp_path / "sixteen.png", max_side=256)
    assert eight.shape == (256, 256, 3)
    assert sixteen.shape == (256, 256)
    assert np.abs(sixteen - eight[..., 0] / 255.0).mean() < 0.02
