"""Steps 1-3: a file or upload to the grey picture the pipeline works on.

1. read    any format Pillow reads; refuse a decompression bomb before decoding; a
           large JPEG is decoded at 1/2, 1/4 or 1/8 scale (Pillow's draft mode); apply
           the EXIF orientation a phone records instead of rotating pixels.
2. grey    luminance in [0, 1]; transparent pixels (a canvas drawing) are laid on a
           ground that contrasts with the ink, so the strokes survive.
3. shrink  large photos are reduced (area average) to at most WORK_SIDE a side: fast,
           and it averages out JPEG and sensor noise.

`read_picture` shows the same image as a person sees it, in colour, for figures.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, ImageStat, UnidentifiedImageError

from digits.errors import DigitsError

MAX_PIXELS = 64_000_000  # 64 megapixels: above any phone camera, far below a bomb
MIN_SIDE = 8  # pixels; anything smaller cannot hold a legible digit
WORK_SIDE = 512  # pixels: the longest side the pipeline works at


def open_image(path: Path) -> Image.Image:
    """Open, check and decode an image file; orientation from EXIF applied."""
    if not path.exists():
        raise DigitsError(f"{path}: no such file")
    if not path.is_file():
        raise DigitsError(f"{path}: not a file")
    if path.stat().st_size == 0:
        raise DigitsError(f"{path}: empty file")
    return _decode(path, str(path))


def decode_image(data: bytes, name: str = "image") -> Image.Image:
    """Check and decode an image held in memory (an upload, say), as `open_image` does.

    `name` stands for the image in error messages.
    """
    if not data:
        raise DigitsError(f"{name}: empty file")
    return _decode(io.BytesIO(data), name)


def _decode(source: Path | io.BytesIO, name: str) -> Image.Image:
    """Decode `source` with Pillow after checking its size from the header alone."""
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, on huge images; we decide with our own limit.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(source)
            width, height = image.size  # from the header: nothing decoded yet
            if width * height > MAX_PIXELS:
                raise DigitsError(
                    f"{name}: {width}x{height} pixels is over the {MAX_PIXELS:,} limit"
                    " (a decompression bomb?)"
                )
            if min(width, height) < MIN_SIDE:
                raise DigitsError(f"{name}: {width}x{height} pixels is too small for a digit")
            if image.format == "JPEG" and max(width, height) > 2 * WORK_SIDE:
                # Let the JPEG decoder skip detail we would average away: it decodes at
                # 1/2, 1/4 or 1/8 scale, never below WORK_SIDE on the longer side.
                scale = max(width, height) / WORK_SIDE
                image.draft(None, (int(width / scale), int(height / scale)))
            image.load()
            if image.mode not in _READABLE_MODES:
                raise DigitsError(f"{name}: colour mode {image.mode} is not supported")
    except DigitsError:
        raise
    except Image.DecompressionBombError:
        raise DigitsError(f"{name}: too many pixels (a decompression bomb?)") from None
    except UnidentifiedImageError:
        raise DigitsError(f"{name}: not an image file Pillow can read") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise DigitsError(f"{name}: truncated or corrupt image ({error})") from None
    return ImageOps.exif_transpose(image)


# The modes to_grey turns into grey: Pillow converts these to "L" (others, LAB or HSV
# say, it cannot) and reads the high-depth ones as numbers.
_READABLE_MODES = (
    "1",
    "L",
    "LA",
    "La",
    "P",
    "PA",
    "RGB",
    "RGBA",
    "RGBa",
    "RGBX",
    "CMYK",
    "YCbCr",
    "I",
    "I;16",
    "I;16B",
    "I;16L",
    "I;16N",
    "F",
)


def read_picture(path: str | os.PathLike, max_side: int = 256) -> np.ndarray:
    """The image as a person sees it, for figures: oriented, small, alpha composited.

    Returns (h, w, 3) uint8 RGB, or (h, w) float32 grey in [0, 1] for 16-bit and
    other high-depth images.
    """
    image = open_image(Path(path))
    if image.mode in _HIGH_DEPTH:
        image = _to_8bit(image)
        image.thumbnail((max_side, max_side))
        return np.asarray(image, dtype=np.float32) / 255.0
    if _has_alpha(image):
        image = _flatten_alpha(image)
    image = image.convert("RGB")
    image.thumbnail((max_side, max_side))
    return np.asarray(image)


_HIGH_DEPTH = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")


def to_grey(image: Image.Image) -> np.ndarray:
    """Luminance (h, w) float32 in [0, 1], alpha composited, at most WORK_SIDE a side."""
    if _has_alpha(image):
        image = _grey_on_ground(image)
    if image.mode in _HIGH_DEPTH:
        image = _to_8bit(image)
    image = image.convert("L")  # CMYK, palette, RGB: ITU-R 601 luminance
    if max(image.size) > WORK_SIDE:
        image = image.copy()
        image.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.BOX)
    # Scaled in place: every full-size temporary array costs time (a pad's canvas is read
    # on every stroke), where Pillow's own steps reuse their memory.
    grey = np.asarray(image, dtype=np.float32)
    return np.divide(grey, 255.0, out=grey)


def _to_8bit(image: Image.Image) -> Image.Image:
    """A 16-bit, 32-bit or float grey image as 8-bit grey ("L"), full range kept."""
    values = np.asarray(image, dtype=np.float64)
    top = 65535.0 if values.max() > 255 else 255.0
    return Image.fromarray((np.clip(values / top, 0, 1) * 255).astype(np.uint8))


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _flatten_alpha(image: Image.Image) -> Image.Image:
    """Lay a transparent image on a ground that contrasts with its visible pixels (RGB)."""
    rgba = image.convert("RGBA")
    colour = (255, 255, 255, 255) if _visible_is_dark(rgba) else (0, 0, 0, 255)
    ground = Image.new("RGBA", rgba.size, colour)
    ground.alpha_composite(rgba)
    return ground.convert("RGB")


def _grey_on_ground(image: Image.Image) -> Image.Image:
    """The luminance ("L") of a transparent image laid on a ground that contrasts with its
    visible pixels, as _flatten_alpha lays it, in about half the time (no RGBA ground)."""
    rgba = image.convert("RGBA")
    grey = Image.new("L", rgba.size, 255 if _visible_is_dark(rgba) else 0)
    grey.paste(rgba.convert("L"), mask=rgba.getchannel("A"))
    return grey


def _visible_is_dark(rgba: Image.Image) -> bool:
    """Whether the visible pixels (alpha over half) of an RGBA image are dark on average;
    True when none is visible."""
    visible = rgba.getchannel("A").point([0] * 128 + [255] * 128)
    if not visible.getbbox():
        return True
    return ImageStat.Stat(rgba.convert("L"), mask=visible).mean[0] < 127.5
