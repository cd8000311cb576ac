"""Turn a user's photo or drawing of a digit into the 28x28 image MNIST would have made.

MNIST digits are not merely small. Each is white ink on black, its ink cropped and
scaled so that the longer side of its box is 20 pixels (keeping the aspect ratio), then
placed in a 28x28 field with its centre of mass at the centre. A network trained on
them expects exactly that; a photo squashed to 28x28 is a different kind of picture
and is misread. `load_digit_image` rebuilds the MNIST form, step by step:

1. read       any format Pillow reads; refuse a decompression bomb before decoding;
              a large JPEG is decoded at 1/2, 1/4 or 1/8 scale (Pillow's draft mode);
              apply the EXIF orientation a phone records instead of rotating pixels.
2. grey       luminance in [0, 1]; transparent pixels (a canvas drawing) are laid on
              a ground that contrasts with the ink, so the strokes survive.
3. shrink     large photos are reduced (area average) to at most 512 px a side: fast,
              and it averages out JPEG and sensor noise.
4. as is      a picture already in MNIST's form (28x28, light ink on a clean black
              ground, 20 px box, centred) is only scaled to [0, 1]: nothing to redo.
5. frame      a drawing on a flat ground (a drawing app) is cut to its ink plus a
              margin and reduced to at most 128 px: the rest then costs little.
6. enlarge    small pictures (a 28x28 drawing) are enlarged to about 112 px, so the
              stroke steps below work on whole pixels.
7. polarity   MNIST ink is bright on dark. The ink is the strongest departure from the
              picture's median (the ground covers most of it): darker than the paper
              (a photo) or lighter (a chalkboard). Detected, not assumed.
8. ground     paper, uneven light and shadows form a slowly varying ground, estimated
              by a grey opening a third of the picture wide (wider than any stroke, so
              a marker stroke is not hollowed) and subtracted.
9. contrast   Otsu's threshold separates ink from ground. Faint ink (pencil, a fading
              stroke) is kept when it joins firm ink (hysteresis), and each part of a
              stroke is scaled by the strongest ink near it: faint parts come out firm.
10. rules     the printed lines of lined or squared paper are erased where the digit
              does not cross them: a family of two or more thin, parallel, straight
              lines running across at least 80% of the picture, slightly tilted or not.
11. isolate   specks, the paper's edge and other marks are dropped: the digit is the
              largest connected blob of ink plus any blob nearly as large near it.
12. crop      to the bounding box of that ink.
13. strokes   strokes are brought to MNIST's width (about 0.12 of the digit's longer
              side): thin pen lines are thickened; strokes wider than 99% of MNIST's
              (a marker, a fat brush) are cut to a band of that width around the line
              along their middle, instead of turning into blobs at 20 px.
14. fit       the longer side to 20 px keeping the aspect ratio (area average).
15. centre    pad to 28x28 and shift so the centre of mass is at (14, 14), where MNIST
              puts it (measured on its training set: 14.0 +- 0.3 in each axis).

`read_number` reads a picture of several digits: steps 1-3 and 6-10, then
16. split     the ink is cut into blobs; blobs touching the picture's edge and specks
              are dropped; blobs sharing their columns (the bar of a 5, a broken
              stroke) and small pieces inside a digit's box make one digit, and so
              does a piece much shorter than the writing that nearly touches a digit
              (a 5's bar written apart, a stroke broken off); digits form lines by
              their rows. Each digit then takes steps 12-15 on its own.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, ImageStat, UnidentifiedImageError
from scipy import ndimage

from digits.errors import DigitsError

MAX_PIXELS = 64_000_000  # 64 megapixels: above any phone camera, far below a bomb
MIN_SIDE = 8  # pixels; anything smaller cannot hold a legible digit
WORK_SIDE = 512  # longest side the pipeline works at
SMALL_SIDE = 112  # smaller pictures are enlarged to this first, so strokes have room
BOX = 20  # MNIST's box for the longer side of the digit
FIELD = 28
CENTRE = 14.0  # MNIST's centre of mass, row and column
STROKE_FRACTION = 0.12  # MNIST stroke width relative to the digit's longer side (median)
THICK = 1.9  # strokes wider than this many times that are thinned: 99% of MNIST's are not
MIN_CONTRAST = 0.08  # ink must differ from the ground by this much (on a 0-1 scale)
RULE_INK = 0.2  # a faint printed rule still stands out from the paper by this much
RULE_SPAN = 0.8  # rules cross the page; no stroke of a digit spans 80% of its picture
MAX_TILT = 6.0  # degrees a page may be turned in the photo for its rules to be found


def load_digit_image(path: str | os.PathLike) -> np.ndarray:
    """Read a photo or drawing of one digit as MNIST would have it.

    Returns (28, 28) float32 in [0, 1], white ink on black, the digit's longer side
    20 pixels and its centre of mass at (14, 14). Raises DigitsError naming the file
    when it is missing, not an image, truncated, too large, too small or blank.
    """
    path = Path(path)
    return read_digit(open_image(path), str(path))


def read_digit(image: Image.Image, name: str) -> np.ndarray:
    """An opened image of one digit as MNIST would have it, (28, 28) float32 in [0, 1];
    a DigitsError (no digit found, say) names `name`."""
    try:
        return normalise_digit(to_grey(image))
    except DigitsError as error:
        raise DigitsError(f"{name}: {error}") from None


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
        image = _flatten_alpha(image)
    if image.mode in _HIGH_DEPTH:
        image = _to_8bit(image)
    image = image.convert("L")  # CMYK, palette, RGB: ITU-R 601 luminance
    if max(image.size) > WORK_SIDE:
        image = image.copy()
        image.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.BOX)
    return np.asarray(image, dtype=np.float32) / 255.0


def _to_8bit(image: Image.Image) -> Image.Image:
    """A 16-bit, 32-bit or float grey image as 8-bit grey ("L"), full range kept."""
    values = np.asarray(image, dtype=np.float64)
    top = 65535.0 if values.max() > 255 else 255.0
    return Image.fromarray((np.clip(values / top, 0, 1) * 255).astype(np.uint8))


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def _flatten_alpha(image: Image.Image) -> Image.Image:
    """Lay a transparent image on a ground that contrasts with its visible pixels."""
    rgba = image.convert("RGBA")
    visible = rgba.getchannel("A").point(lambda alpha: 255 if alpha > 127 else 0)
    ink_is_dark = True
    if visible.getbbox():
        ink_is_dark = ImageStat.Stat(rgba.convert("L"), mask=visible).mean[0] < 127.5
    ground = Image.new("RGBA", rgba.size, (255, 255, 255, 255) if ink_is_dark else (0, 0, 0, 255))
    ground.alpha_composite(rgba)
    return ground.convert("RGB")


def normalise_digit(grey: np.ndarray) -> np.ndarray:
    """(h, w) float in [0, 1], any polarity -> (28, 28) float32 MNIST-style."""
    if is_mnist_form(grey):
        return _white_on_black(grey)
    grey = enlarge(frame_drawing(grey))
    ink = isolate_digit(remove_rules(contrast_normalise(ink_against_ground(grey))))
    return centre_by_mass(fit_to_box(stroke_width(crop_to_ink(ink))))


def is_mnist_form(grey: np.ndarray) -> bool:
    """Is `grey` already as MNIST makes a digit: 28x28, light ink on a clean black ground,
    the ink's box 20 pixels on its longer side and its centre of mass near (14, 14)?"""
    if grey.shape != (FIELD, FIELD) or grey.max() - grey.min() < 0.5:
        return False
    ink = _white_on_black(grey)
    if _border(ink, 2).max() > 0.02:  # not a clean black ground: noise, a frame, a cut-off stroke
        return False
    mask = ink > 0.1
    if np.median(grey) > 0.1 or not mask.any():  # a light ground, or no ink
        return False
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    longer = max(rows[-1] - rows[0], columns[-1] - columns[0]) + 1
    centre = np.array(ndimage.center_of_mass(ink))
    return 18 <= longer <= 22 and bool(np.abs(centre - CENTRE).max() <= 1.5)


def _border(picture: np.ndarray, width: int = 1) -> np.ndarray:
    """The pixels of the outermost `width` rows and columns, as one flat array."""
    edges = (picture[:width], picture[-width:], picture[:, :width], picture[:, -width:])
    return np.concatenate([edge.ravel() for edge in edges])


def _white_on_black(grey: np.ndarray) -> np.ndarray:
    """Ink of a picture whose ground is black already: the ground (its median, the most
    common grey in a digit's field) to 0, the brightest ink to 1. (28, 28) float32."""
    ground, high = float(np.median(grey)), float(grey.max())
    return np.clip((grey - ground) / max(high - ground, 1e-6), 0.0, 1.0).astype(np.float32)


def frame_drawing(grey: np.ndarray, side: int = 128) -> np.ndarray:
    """A drawing on a flat ground (a drawing app, a scan) cut to its ink and shrunk.

    When the picture's border is one flat grey, everything that differs from it is ink:
    the picture is cut to that ink's box plus a margin of flat ground, and reduced (area
    average) so its longer side is at most `side`, four times the field MNIST ends at.
    The rest of the pipeline then works on a few thousand pixels. Other pictures are
    returned as they are.
    """
    border = _border(grey)
    ground = float(np.median(border))
    if np.abs(border - ground).max() > 0.02:
        return grey
    ink = np.abs(grey - ground) > MIN_CONTRAST
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if len(rows) == 0:
        return grey
    # A margin of a sixth of the ink's longer side: no stroke then crosses 80% of the
    # picture, so none is taken for a rule of lined paper, and the check is at once.
    margin = max(2, (max(rows[-1] - rows[0], columns[-1] - columns[0]) + 1) // 6)
    top, left = max(rows[0] - margin, 0), max(columns[0] - margin, 0)
    grey = grey[top : rows[-1] + 1 + margin, left : columns[-1] + 1 + margin]
    scale = side / max(grey.shape)
    if scale >= 1:
        return grey
    size = (max(1, round(grey.shape[1] * scale)), max(1, round(grey.shape[0] * scale)))
    return _resized(grey, size, Image.Resampling.BOX)


def enlarge(grey: np.ndarray) -> np.ndarray:
    """Small pictures (a 28x28 drawing) enlarged bilinearly so the longer side is about
    SMALL_SIDE: thinning, thickening and the ground then work on whole pixels."""
    factor = SMALL_SIDE // max(grey.shape)
    if factor < 2:
        return grey
    size = (grey.shape[1] * factor, grey.shape[0] * factor)
    return _resized(grey, size, Image.Resampling.BILINEAR)


def _resized(picture: np.ndarray, size: tuple[int, int], method: Image.Resampling) -> np.ndarray:
    """`picture` (h, w) resampled by Pillow to `size` (width, height), float32."""
    image = Image.fromarray(picture.astype(np.float32), "F")
    return np.asarray(image.resize(size, method), dtype=np.float32)


def _shrunk(grey: np.ndarray, side: int) -> np.ndarray:
    """An area-average copy of `grey` about `side` pixels on its shorter side."""
    height, width = grey.shape
    factor = max(1, min(height, width) // side)
    small = grey[: height // factor * factor, : width // factor * factor]
    return small.reshape(height // factor, factor, width // factor, factor).mean(axis=(1, 3))


def estimate_ground(white_on_black: np.ndarray) -> np.ndarray:
    """The slowly varying ground under bright ink: paper, light falloff, shadows.

    A grey opening (a minimum, then a maximum, over a square a third of the picture wide)
    removes every bright shape narrower than the square, so a stroke of any width up to
    a third of the picture, and keeps what is wider: the ramps of uneven light and the
    edges of shadows. It runs on a copy about 96 pixels across, where the wide window is
    cheap, and is stretched back. Where the ground is flat (a drawing app's canvas) the
    result is that flat value, found at once.
    """
    flat = _flat_ground(white_on_black)
    if flat is not None:
        return np.full(white_on_black.shape, flat, dtype=np.float32)
    return _opened_ground(white_on_black)


def _opened_ground(white_on_black: np.ndarray) -> np.ndarray:
    small = ndimage.uniform_filter(_shrunk(white_on_black, 96), size=3, mode="nearest")
    window = max(5, int(min(small.shape) / 3) | 1)
    ground = ndimage.grey_opening(small, size=(window, window), mode="nearest")
    ground = ndimage.uniform_filter(ground, size=3, mode="nearest")  # just the blockiness
    # Stretched back to the picture's size.
    return _resized(ground, white_on_black.shape[::-1], Image.Resampling.BILINEAR)


def _flat_ground(white_on_black: np.ndarray) -> float | None:
    """The ground's value when the picture's border is one flat colour, else None."""
    border = _border(white_on_black)
    low = float(border.min())
    if border.max() - low > 0.02:
        return None
    return low if (white_on_black < low - 0.02).mean() < 0.001 else None


def ink_against_ground(grey: np.ndarray) -> np.ndarray:
    """How far each pixel stands out from the ground, on the ink's side: ink >= 0, ground 0.

    Polarity is read from the difference to the median: the strongest departures are
    the ink, darker than the paper in a photo, lighter on a chalkboard or in MNIST.
    """
    white_on_black = 1.0 - grey if _ink_is_dark(grey) else grey
    ink = white_on_black - estimate_ground(white_on_black)
    return np.clip(ink, 0.0, None).astype(np.float32)


def _ink_is_dark(grey: np.ndarray) -> bool:
    """Whether the strongest departures from the picture's median are darker than it.

    The ground covers most of any picture of a digit, so the median is ground, even when
    a fat brush fills much of the frame; uneven light moves the ground less than ink.
    """
    difference = grey - float(np.median(_shrunk(grey, 96)))
    darkest, lightest = np.percentile(difference, [0.05, 99.95])
    return bool(-darkest > lightest)


def contrast_normalise(ink: np.ndarray) -> np.ndarray:
    """Ground to 0, ink to 1, soft edges in between; DigitsError if there is no ink.

    Hysteresis keeps faint ink: pixels above Otsu's threshold are strokes, and so are
    fainter ones (down to 40% of it) connected to them, the light end of a pencil stroke.
    Those faint parts are scaled by the strongest ink near them, so they come out as
    firm as the rest; a faint mark on its own stays faint and is dropped later.
    """
    top = float(np.percentile(ink, 99.9))
    if top < MIN_CONTRAST:
        raise DigitsError("no digit found (the image is blank or has too little contrast)")
    threshold = otsu_threshold(ink)
    strong_mask = ink > threshold
    strong = float(np.percentile(ink[strong_mask], 90)) if strong_mask.any() else top
    weak = ink > 0.4 * threshold
    labels, count = ndimage.label(weak, structure=np.ones((3, 3)))
    touches_strong = np.zeros(count + 1, dtype=bool)
    touches_strong[labels[strong_mask]] = True
    touches_strong[0] = False
    kept = touches_strong[labels]
    floor = threshold * 0.5  # keep anti-aliased edges a little below the threshold
    scaled = (ink - floor) / max(strong - floor, 1e-6)
    # A faint stroke joined to firm ink (its peak under the threshold) is scaled by its
    # own peak, the strongest ink within a few pixels, so it comes out as firm.
    peak = ndimage.maximum_filter(np.where(kept, ink, 0.0), size=9)
    lifted = ink / np.clip(peak, threshold, strong)
    scaled = np.where(kept, np.maximum(scaled, lifted), scaled)
    return np.clip(scaled, 0.0, 1.0).astype(np.float32)


def otsu_threshold(values: np.ndarray, bins: int = 256) -> float:
    """The threshold that best splits `values` into two classes (Otsu, 1979)."""
    histogram, edges = np.histogram(values, bins=bins)
    centres = (edges[:-1] + edges[1:]) / 2
    weight_low = np.cumsum(histogram)
    weight_high = weight_low[-1] - weight_low
    sum_low = np.cumsum(histogram * centres)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_low = sum_low / weight_low
        mean_high = (sum_low[-1] - sum_low) / weight_high
        between = weight_low * weight_high * (mean_low - mean_high) ** 2
    return float(centres[np.nanargmax(between)])


def remove_rules(ink: np.ndarray) -> np.ndarray:
    """Erase the rules of lined or squared paper, horizontal and vertical, keeping the digit.

    ink: (h, w) float32 in [0, 1]. Where a stroke crosses a rule the rule's pixels take
    the ink just above and below it (left and right for a vertical rule), so the stroke
    stays whole; elsewhere the rule becomes ground. Returns ink unchanged when no
    family of rules is found.
    """
    ink = _remove_horizontal_rules(ink)
    return _remove_horizontal_rules(ink.T).T


def _remove_horizontal_rules(ink: np.ndarray) -> np.ndarray:
    height, width = ink.shape
    mask = ink > RULE_INK
    if mask.any(axis=0).mean() < RULE_SPAN:  # no line crosses the picture: no rules
        return ink
    shifts = _rule_tilt(mask)
    # Straighten the rules: move each column up or down by its shift, a permutation of
    # its pixels into a taller array, so the way back loses nothing.
    pad = int(np.abs(shifts).max()) + 3
    rows = np.arange(height)[:, None] - shifts[None, :] + pad
    columns = np.arange(width)[None, :]
    level = np.zeros((height + 2 * pad, width), dtype=ink.dtype)
    level[rows, columns] = ink
    # A rule near the top or bottom leaves the picture part way when tilted: measure its
    # span against the part of its row that lies inside the picture.
    inside = np.zeros(level.shape, dtype=bool)
    inside[rows, columns] = True
    length = inside.sum(axis=1)
    across = ((level > RULE_INK).sum(axis=1) >= RULE_SPAN * length) & (length >= width / 2)
    labels, count = ndimage.label(across)
    bands = [found[0] for found in ndimage.find_objects(labels)]
    thin = [band for band in bands if band.stop - band.start <= max(4, 0.04 * height)]
    if len(thin) < 2:  # one long bar may be a stroke (a 7's top); rules come in families
        return ink
    for band in thin:
        # One row more each side for the blur; the ink two rows beyond stands for what
        # the rule covers: a crossing stroke on both sides, ground on one or the other.
        top, bottom = band.start - 1, band.stop + 1
        fill = np.minimum(level[max(top - 2, 0)], level[min(bottom + 1, len(level) - 1)])
        level[max(top, 0) : bottom] = fill
    return level[rows, columns]


def _rule_tilt(mask: np.ndarray) -> np.ndarray:
    """Per column, the row shift that makes near-horizontal rules level. (w,) int.

    Tries tilts up to MAX_TILT degrees either way and keeps the one whose row profile
    of ink is most sharply peaked: at the rules' own tilt each falls into one or two rows.
    """
    width = mask.shape[1]
    ys, xs = np.nonzero(mask)
    offsets = np.arange(width) - (width - 1) / 2
    best, best_score = np.zeros(width, dtype=int), -1.0
    if len(ys) == 0:
        return best
    for angle in np.arange(-MAX_TILT, MAX_TILT + 0.01, 0.25):
        shifts = np.rint(np.tan(np.radians(angle)) * offsets).astype(int)
        rows = ys - shifts[xs]
        profile = np.bincount(rows - rows.min()).astype(np.float64)
        score = float(np.square(profile).sum())
        if score > best_score:
            best, best_score = shifts, score
    return best


def isolate_digit(ink: np.ndarray) -> np.ndarray:
    """Keep the digit's blobs of ink; drop specks, marks and the paper's edge."""
    mask = ink > 0.5
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    if count == 0:
        raise DigitsError("no digit found (no ink stands out from the ground)")
    index = np.arange(1, count + 1)
    areas = ndimage.sum_labels(mask, labels, index)
    # Blobs that touch the border are the frame, the table, the paper's edge, a shadow:
    # they count only when no blob of a useful size lies inside the picture.
    touching = np.zeros(count + 1, dtype=bool)
    for edge in (labels[0], labels[-1], labels[:, 0], labels[:, -1]):
        touching[edge] = True
    inner = ~touching[1:]
    useful = inner & (areas >= max(16, 0.0005 * mask.size))
    score = np.where(inner, areas, 0.0) if useful.any() else areas
    main = int(np.argmax(score))
    if areas[main] < 4:
        raise DigitsError("no digit found (only specks of ink)")
    keep = score >= 0.2 * score[main]  # the other strokes of a digit written in pieces
    # ... but only blobs near the main one: within its size again of its box.
    boxes = ndimage.find_objects(labels)
    top, bottom, left, right = _box(boxes[main])
    reach = max(bottom - top, right - left)
    for label in np.flatnonzero(keep):
        up, down, west, east = _box(boxes[label])
        if up > bottom + reach or down < top - reach or west > right + reach or east < left - reach:
            keep[label] = False
    selected = np.concatenate([[False], keep])[labels]
    # Grow the selection a little so the soft edges of the kept strokes stay.
    selected = ndimage.maximum_filter(selected, size=5)
    return np.where(selected, ink, 0.0).astype(np.float32)


def _box(slices: tuple[slice, slice]) -> tuple[int, int, int, int]:
    return slices[0].start, slices[0].stop, slices[1].start, slices[1].stop


def crop_to_ink(ink: np.ndarray) -> np.ndarray:
    """The smallest rectangle holding every pixel of ink."""
    rows = np.flatnonzero(ink.max(axis=1) > 0)
    columns = np.flatnonzero(ink.max(axis=0) > 0)
    if len(rows) == 0:
        raise DigitsError("no digit found")
    return ink[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1]


def stroke_width(ink: np.ndarray) -> np.ndarray:
    """Bring strokes to MNIST's width relative to the digit's longer side.

    The width of a stroke is twice the typical distance from its pixels to its edge
    (a distance transform). Thin pen lines are dilated, or they would shrink to faint
    threads at 20 px. Thick ones (a marker, a fat brush) are thinned: what is kept is
    the band of MNIST's width around each stroke's ridge, the line along its middle, so
    a part of a stroke that is thinner than the rest stays whole.
    """
    mask = ink > 0.5
    if not mask.any():
        return ink
    # Padded: past the crop's edge is ground, so strokes there have an edge there too.
    depth = ndimage.distance_transform_edt(np.pad(mask, 1))[1:-1, 1:-1]
    width = 2.0 * float(np.percentile(depth[mask], 90))
    wanted = STROKE_FRACTION * max(ink.shape)
    if width > THICK * wanted:
        return crop_to_ink(_thin(ink, depth, wanted))
    grow = int(round((wanted - width) / 2))
    if grow < 1:
        return ink
    # Pad first so strokes at the edge of the crop grow outwards, not off the picture.
    # Every pixel within `grow` of the stroke becomes ink, with a soft, round edge.
    ink = np.pad(ink, grow)
    distance = ndimage.distance_transform_edt(ink <= 0.5)
    return np.maximum(ink, np.clip(grow + 0.5 - distance, 0.0, 1.0)).astype(np.float32)


def _ridge(depth: np.ndarray) -> np.ndarray:
    """The line along the middle of each stroke: where the distance to the edge peaks."""
    return (depth > 0) & (depth >= ndimage.maximum_filter(depth, size=3) - 0.5)


def _thin(ink: np.ndarray, depth: np.ndarray, wanted: float) -> np.ndarray:
    """Strokes cut down to `wanted` pixels wide: what lies within wanted/2 of their ridge.

    Parts already thinner than that stay whole; the bumps of a ragged edge, less than
    two pixels deep, do not count as ridge. Where ink is much wider than the pen (a loop
    filled in, the head of a 9 written fat) it is no stroke: that patch stays filled,
    its edge pulled in by as much as the strokes lose on each side.
    """
    ridge = _ridge(depth) & (depth >= max(2.0, 0.15 * wanted))
    if not ridge.any():
        return ink
    half = float(np.median(depth[ridge]))  # the pen's half-width
    near = ndimage.distance_transform_edt(~ridge) <= wanted / 2
    patch = depth > 1.5 * half
    if patch.any():
        near |= ndimage.distance_transform_edt(~patch) <= 0.5 * half + wanted / 2
    # Soft edges again: the cut stroke's new edge fades over about a pixel.
    soft = ndimage.gaussian_filter(near.astype(np.float32), 0.7)
    return np.minimum(ink, np.clip(soft * 1.2, 0.0, 1.0)).astype(np.float32)


def fit_to_box(ink: np.ndarray, box: int = BOX) -> np.ndarray:
    """Scale so the longer side is `box` pixels, keeping the aspect ratio."""
    height, width = ink.shape
    scale = box / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    method = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
    return np.clip(_resized(ink, size, method), 0.0, 1.0)


def centre_by_mass(digit: np.ndarray, field: int = FIELD, centre: float = CENTRE) -> np.ndarray:
    """Place `digit` in a field x field image with its centre of mass at (centre, centre).

    Whole-pixel shifts only, as MNIST did, so strokes stay sharp; the centre of mass
    lands within half a pixel of the target.
    """
    height, width = digit.shape
    com_row, com_column = ndimage.center_of_mass(digit)
    top = int(np.clip(round(centre - com_row), 0, field - height))
    left = int(np.clip(round(centre - com_column), 0, field - width))
    out = np.zeros((field, field), dtype=np.float32)
    out[top : top + height, left : left + width] = digit
    return out


def read_number(path: str | os.PathLike, model) -> str:
    """Read every digit in a picture of a number with `model` (a trained Keras model).

    Returns the digits left to right, one line per line of writing, top to bottom,
    joined with "\\n": "2026", "12345\\n67890". Raises DigitsError naming the file when it
    cannot be read or holds no digit.
    """
    path = Path(path)
    grey = to_grey(open_image(path))
    try:
        return read_number_picture(grey, model)
    except DigitsError as error:
        raise DigitsError(f"{path}: {error}") from None


def read_number_picture(grey: np.ndarray, model) -> str:
    """`read_number` for a picture already read: (h, w) float in [0, 1], any polarity."""
    from digits.model import predict_digits

    ink = remove_rules(contrast_normalise(ink_against_ground(enlarge(grey))))
    lines = split_digits(ink)
    inputs = np.stack([_as_mnist(digit) for line in lines for digit in line])
    predicted = iter(predict_digits(model, inputs)[0])
    return "\n".join("".join(str(next(predicted)) for _ in line) for line in lines)


def _as_mnist(ink: np.ndarray) -> np.ndarray:
    """One digit's ink, cut from the picture, in MNIST's form (28, 28)."""
    return centre_by_mass(fit_to_box(stroke_width(enlarge(crop_to_ink(ink)))))


def split_digits(ink: np.ndarray) -> list[list[np.ndarray]]:
    """Cut ink (h, w) float in [0, 1] into digits: lines top to bottom, digits left to right.

    Each digit is the ink of its own blobs only, (h, w) float32 with the picture's shape.
    Blobs one above the other (the bar of a 5, a broken stroke) are one digit, and so is
    a piece much shorter than the writing with the digit it nearly touches; specks, much
    smaller than the writing, and blobs touching the picture's edge are not digits.
    """
    mask = ink > 0.5
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    boxes = [_box(found) for found in ndimage.find_objects(labels)]
    inside = [b for b in range(count) if _inside(boxes[b], mask.shape)]
    if not inside:
        raise DigitsError("no digit found (no ink stands out from the ground)")
    height = float(np.percentile([boxes[b][1] - boxes[b][0] for b in inside], 75))
    blobs = [b for b in inside if max(_sides(boxes[b])) >= 0.3 * height]
    groups = _join_pieces(_join_stacked(blobs, boxes, height), boxes, height)
    _attach_small(inside, blobs, groups, boxes, height)
    lines = _lines([_union(boxes, group) for group in groups])
    digits = []
    for line in lines:
        row = []
        for index in line:
            chosen = np.zeros(count + 1, dtype=bool)
            chosen[[b + 1 for b in groups[index]]] = True
            own = ndimage.binary_dilation(chosen[labels], iterations=2)  # keep the soft edges
            row.append(np.where(own, ink, 0.0).astype(np.float32))
        digits.append(row)
    return digits


def _inside(box: tuple[int, int, int, int], shape: tuple[int, int]) -> bool:
    top, bottom, left, right = box
    return top > 0 and left > 0 and bottom < shape[0] and right < shape[1]


def _sides(box: tuple[int, int, int, int]) -> tuple[int, int]:
    return box[1] - box[0], box[3] - box[2]


def _union(boxes: list, group: list[int]) -> tuple[int, int, int, int]:
    chosen = [boxes[b] for b in group]
    return (
        min(b[0] for b in chosen),
        max(b[1] for b in chosen),
        min(b[2] for b in chosen),
        max(b[3] for b in chosen),
    )


def _join_stacked(blobs: list[int], boxes: list, height: float) -> list[list[int]]:
    """Blobs that are pieces of one digit, joined: (indices of blobs) per digit."""
    groups = [[b] for b in blobs]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if _one_digit(_union(boxes, groups[i]), _union(boxes, groups[j]), height):
                    groups[i] += groups.pop(j)
                    merged = True
                    break
            if merged:
                break
    return groups


def _join_pieces(groups: list[list[int]], boxes: list, height: float) -> list[list[int]]:
    """A piece much shorter than the writing is part of the digit it nearly touches: a
    5's bar written apart from its body, a stroke broken off the side of a 4 or a 7.

    A piece joins the nearest whole digit within a fifth of a digit's height; a digit
    written small keeps more room than that from its neighbours and stays a digit. A flat
    piece (a bar) is measured from its left end, where a bar leaves its own digit, not
    from its right end, which may reach towards the next digit.
    """
    spans = [_union(boxes, group) for group in groups]
    short = [_sides(span)[0] < 0.5 * height for span in spans]
    whole = [i for i in range(len(groups)) if not short[i]]
    taken = set()
    for piece in (i for i in range(len(groups)) if short[i]):
        top, bottom, left, right = spans[piece]
        if right - left > bottom - top:  # flat: a bar
            right = left + 1
        near = [(_gap((top, bottom, left, right), spans[digit]), digit) for digit in whole]
        if near and min(near)[0] < 0.2 * height:
            groups[min(near)[1]] += groups[piece]
            taken.add(piece)
    return [group for i, group in enumerate(groups) if i not in taken]


def _gap(a: tuple, b: tuple) -> float:
    """The shortest distance between boxes a and b (top, bottom, left, right); 0 if they meet."""
    rows = max(0, a[0] - b[1], b[0] - a[1])
    columns = max(0, a[2] - b[3], b[2] - a[3])
    return float(np.hypot(rows, columns))


def _one_digit(a: tuple, b: tuple, height: float) -> bool:
    """Are boxes a and b (top, bottom, left, right) pieces of one digit? Yes when they
    share most of their columns and are close in height (a broken stroke), or when one sits
    just above the other sharing a quarter of its columns (the bar of a 5 or a 7)."""
    overlap = min(a[3], b[3]) - max(a[2], b[2])
    narrower = min(a[3] - a[2], b[3] - b[2])
    gap = max(a[0], b[0]) - min(a[1], b[1])  # negative: their rows overlap
    shorter = min(a[1] - a[0], b[1] - b[0])
    if overlap >= 0.5 * narrower and gap < 0.3 * height:
        return True
    stacked = -0.3 * shorter <= gap < 0.15 * height
    return stacked and overlap >= 0.25 * narrower


def _attach_small(
    inside: list[int], blobs: list[int], groups: list[list[int]], boxes: list, height: float
) -> None:
    """Small blobs within a digit's box (a broken stroke's pieces) join that digit;
    the others, specks on the paper, are left out."""
    reach = 0.1 * height
    for small in set(inside) - set(blobs):
        top, bottom, left, right = boxes[small]
        for group in groups:
            up, down, west, east = _union(boxes, group)
            within_rows = top >= up - reach and bottom <= down + reach
            if within_rows and left >= west - reach and right <= east + reach:
                group.append(small)
                break


def _lines(boxes: list[tuple[int, int, int, int]]) -> list[list[int]]:
    """Digit boxes grouped into lines of writing, top to bottom, each left to right.

    A digit belongs to a line when its middle lies within the line's rows so far.
    """
    lines: list[list[int]] = []
    spans: list[list[float]] = []
    for index in sorted(range(len(boxes)), key=lambda i: boxes[i][0] + boxes[i][1]):
        top, bottom = boxes[index][0], boxes[index][1]
        middle = (top + bottom) / 2
        for line, span in zip(lines, spans, strict=True):
            if span[0] <= middle <= span[1]:
                line.append(index)
                span[0], span[1] = min(span[0], top), max(span[1], bottom)
                break
        else:
            lines.append([index])
            spans.append([top, bottom])
    order = sorted(range(len(lines)), key=lambda i: spans[i][0])
    return [sorted(lines[i], key=lambda d: boxes[d][2]) for i in order]
