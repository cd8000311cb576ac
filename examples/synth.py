"""Render MNIST digits as a camera or a drawing program would show them.

Used to make the example images in examples/ and, in the tests, to measure how well
the photo pipeline (digits/images/) recovers digits it has never seen in this form.
Every function takes a NumPy Generator, so the same seed renders the same picture.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageFilter


def _ink_layer(digit: np.ndarray, height: int) -> Image.Image:
    """The digit (28, 28) float in [0, 1] scaled so its 28-pixel field is `height` tall."""
    layer = Image.fromarray((np.clip(digit, 0, 1) * 255).astype(np.uint8), "L")
    return layer.resize((height, height), Image.Resampling.BICUBIC)


def render_photo(
    digit: np.ndarray,
    rng: np.random.Generator,
    size: tuple[int, int] = (480, 640),
    paper: str = "plain",
) -> Image.Image:
    """A photo of the digit written on paper: RGB, JPEG-compressed.

    Tinted paper, dark coloured ink, light falling off across the page, a soft shadow,
    the digit small and off-centre, camera blur and sensor noise, then JPEG.
    paper: "plain", "lined" (faint rules across the page that the digit crosses, and a
    margin line left of it) or "squared" (a grid), each slightly tilted.
    """
    rows, columns = size
    glyph = _ink_layer(digit, int(rng.integers(rows // 4, rows // 2)))
    canvas = np.zeros(size, dtype=np.float32)
    top = int(rng.integers(0, rows - glyph.height))
    left = int(rng.integers(0, columns - glyph.width))
    canvas[top : top + glyph.height, left : left + glyph.width] = np.asarray(glyph) / 255.0
    ink_amount = canvas[..., None]
    tint = np.array([1.0, rng.uniform(0.93, 1.0), rng.uniform(0.8, 1.0)])  # white to yellow
    paper_colour = rng.uniform(0.75, 0.97) * tint
    if paper != "plain":
        # Rules about a third of the digit's height apart, so it crosses two or three.
        spacing = max(18.0, glyph.height * rng.uniform(0.2, 0.4))
        paper_colour = paper_colour * _ruling(size, spacing, paper, left, rng)
    ink = rng.uniform(0.0, 0.3, 3)
    ink[rng.integers(0, 3)] += rng.uniform(0.0, 0.35)  # blue, green or red pens too
    picture = paper_colour * (1 - ink_amount) + ink * ink_amount
    # Light: a gradient across the page and a soft-edged shadow from one side.
    y, x = np.mgrid[0:rows, 0:columns] / np.array([rows, columns])[:, None, None]
    angle = rng.uniform(0, 2 * np.pi)
    light = 1.0 - rng.uniform(0.1, 0.4) * (np.cos(angle) * x + np.sin(angle) * y + 1) / 2
    edge = rng.uniform(0.1, 0.9)
    shadow = 1.0 - rng.uniform(0.0, 0.35) / (1 + np.exp(-(x - edge) * 25))
    picture = picture * (light * shadow)[..., None]
    image = Image.fromarray((np.clip(picture, 0, 1) * 255).astype(np.uint8), "RGB")
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.8)))
    noise = rng.normal(0, rng.uniform(2, 8), (rows, columns, 3))
    noisy = np.asarray(image, dtype=np.float32) + noise
    image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=int(rng.integers(50, 90)))
    return Image.open(io.BytesIO(buffer.getvalue()))


def render_notebook(digit: np.ndarray, rng: np.random.Generator) -> Image.Image:
    """A photo of the digit written across the rules of lined or squared notebook paper."""
    return render_photo(digit, rng, paper=str(rng.choice(["lined", "squared"])))


def _ruling(
    size: tuple[int, int], spacing: float, paper: str, left: int, rng: np.random.Generator
) -> np.ndarray:
    """(rows, columns, 3) factors for printed rules: 1 on bare paper, less on a rule."""
    rows, columns = size
    y, x = np.mgrid[0:rows, 0:columns].astype(np.float32)
    tilt = np.tan(np.radians(rng.uniform(-3, 3)))  # the page is never quite square
    width = rng.uniform(1.0, 3.0)
    strength = rng.uniform(0.5, 1.0)

    def line(distance: np.ndarray) -> np.ndarray:
        """A printed line's darkness at `distance` pixels from its middle, anti-aliased."""
        return np.clip(width / 2 + 0.5 - np.abs(distance), 0.0, 1.0)

    def every(position: np.ndarray) -> np.ndarray:
        """Distance to the nearest of lines `spacing` apart, at a random phase."""
        shifted = position - rng.uniform(0, spacing) + spacing / 2
        return shifted % spacing - spacing / 2

    blue = np.array([rng.uniform(0.45, 0.75), rng.uniform(0.6, 0.85), rng.uniform(0.85, 1.0)])
    rule = line(every(y - tilt * x))
    if paper == "squared":
        rule = np.maximum(rule, line(every(x + tilt * y)))
    factors = 1 - strength * rule[..., None] * (1 - blue)
    if paper == "lined" and left > 24:  # the red margin line, left of the writing
        margin = line(x + tilt * y - rng.uniform(12, left - 12))
        factors *= 1 - strength * margin[..., None] * (1 - np.array([1.0, 0.55, 0.6]))
    return factors


def render_canvas(digit: np.ndarray, rng: np.random.Generator, side: int = 280) -> Image.Image:
    """A drawing from a web canvas: dark strokes on a transparent ground, RGBA."""
    glyph = _ink_layer(digit, side)
    alpha = np.asarray(glyph)
    colour = (rng.uniform(0, 0.25, 3) * 255).astype(np.uint8)
    rgba = np.zeros((side, side, 4), dtype=np.uint8)
    rgba[..., :3] = colour
    rgba[..., 3] = alpha
    return Image.fromarray(rgba, "RGBA")


def render_chalkboard(digit: np.ndarray, rng: np.random.Generator, side: int = 300) -> Image.Image:
    """Light chalk on a dark, slightly uneven board: grey, light ink on dark."""
    glyph = np.asarray(_ink_layer(digit, side // 2), dtype=np.float32) / 255.0
    board = rng.uniform(0.1, 0.25) + rng.normal(0, 0.03, (side, side))
    offset = rng.integers(0, side // 2, 2)
    ink = np.zeros((side, side), dtype=np.float32)
    ink[offset[0] : offset[0] + side // 2, offset[1] : offset[1] + side // 2] = glyph
    picture = board * (1 - ink) + rng.uniform(0.8, 0.95) * ink
    return Image.fromarray((np.clip(picture, 0, 1) * 255).astype(np.uint8), "L")


def _bold(digit: np.ndarray, height: int, weight: float) -> np.ndarray:
    """The digit's ink at `height` px, its strokes fattened to `weight` of the height.

    (height, height) float in [0, 1]: the thin ink is blurred and cut at a low level, which
    widens every stroke evenly with round ends, as a felt tip or a wide brush does.
    """
    glyph = _ink_layer(digit, height)
    blurred = glyph.filter(ImageFilter.GaussianBlur(weight * height / 2.5))
    level = np.asarray(blurred, dtype=np.float32) / 255.0
    return np.clip((level - 0.12) * 12.0, 0.0, 1.0)


def render_marker(digit: np.ndarray, rng: np.random.Generator) -> Image.Image:
    """A photo of the digit drawn with a bold marker on paper: RGB, JPEG-compressed.

    Strokes several times MNIST's width relative to the digit, on lit, tinted paper.
    """
    rows, columns = 480, 640
    side = int(rng.integers(rows // 3, rows * 2 // 3))
    ink_amount = np.zeros((rows, columns), dtype=np.float32)
    top, left = int(rng.integers(0, rows - side)), int(rng.integers(0, columns - side))
    ink_amount[top : top + side, left : left + side] = _bold(digit, side, rng.uniform(0.04, 0.07))
    return _photograph(ink_amount, rng, darkest_ink=0.2, blur=1.0, quality=80)


def _photograph(
    ink_amount: np.ndarray, rng: np.random.Generator, darkest_ink: float, blur: float, quality: int
) -> Image.Image:
    """Ink (h, w) in [0, 1] as a photo of it on paper: tinted paper, ink of a random dark
    colour (each channel up to `darkest_ink`), light falling off across the page, sensor
    noise, blur, JPEG at `quality`. RGB."""
    rows, columns = ink_amount.shape
    paper = rng.uniform(0.8, 0.97) * np.array([1.0, rng.uniform(0.94, 1.0), rng.uniform(0.85, 1)])
    ink = rng.uniform(0.0, darkest_ink, 3)
    picture = paper * (1 - ink_amount[..., None]) + ink * ink_amount[..., None]
    y, x = np.mgrid[0:rows, 0:columns] / np.array([rows, columns])[:, None, None]
    picture *= (1.0 - rng.uniform(0.05, 0.3) * (x + y) / 2)[..., None]
    noisy = picture * 255 + rng.normal(0, rng.uniform(1, 5), picture.shape)
    image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), "RGB")
    buffer = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(blur)).save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue()))


def render_brush(digit: np.ndarray, rng: np.random.Generator, side: int = 400) -> Image.Image:
    """A drawing-app picture made with a fat brush: black on white, RGB, filling the frame."""
    ink = _bold(digit, side, rng.uniform(0.05, 0.08))
    colour = rng.uniform(0.0, 0.15)
    picture = 1.0 - (1.0 - colour) * ink
    rgb = np.repeat((picture * 255).astype(np.uint8)[..., None], 3, axis=-1)
    return Image.fromarray(rgb, "RGB")


def render_number(
    digits: np.ndarray,
    labels: np.ndarray,
    rng: np.random.Generator,
    chosen: list[list[int]] | None = None,
) -> tuple[Image.Image, str]:
    """A photo of a number written on paper, from MNIST digits: (RGB JPEG image, its text).

    digits: (n, 28, 28) float in [0, 1], labels (n,). Unless `chosen` gives the indices
    row by row, one or two rows of 2-6 random digits are written, each digit's 28-pixel
    field 48-80 px tall and its neighbours 85-100% of a field along, as people space them.
    """
    if chosen is None:
        rows = int(rng.integers(1, 3))
        chosen = [list(rng.integers(0, len(digits), int(rng.integers(2, 7)))) for _ in range(rows)]
    field = int(rng.integers(48, 81))
    steps = [np.cumsum(rng.uniform(0.85, 1.0, len(row)) * field).astype(int) for row in chosen]
    margin = field // 2
    width = max(int(step[-1]) for step in steps) + 2 * margin
    height = len(chosen) * int(field * 1.2) + 2 * margin
    ink = np.zeros((height, width), dtype=np.float32)
    for number, (row, step) in enumerate(zip(chosen, steps, strict=True)):
        top = margin + number * int(field * 1.2) + int(rng.integers(-4, 5))
        for index, right in zip(row, step, strict=True):
            glyph = np.asarray(_ink_layer(digits[index], field), dtype=np.float32) / 255.0
            left = int(right) - field + margin
            place = ink[top : top + field, left : left + field]
            np.maximum(place, glyph, out=place)
    picture = _photograph(ink, rng, darkest_ink=0.3, blur=0.8, quality=85)
    text = "\n".join("".join(str(int(labels[i])) for i in row) for row in chosen)
    return picture, text


def pen_digit(digit: np.ndarray, height: int, stroke: int) -> np.ndarray:
    """A digit redrawn with a pen: (h, w) bool, its ink `height` px tall, each stroke about
    `stroke` px wide along the middle of MNIST's (the ridge of its distance to the ground).

    digit: (28, 28) float in [0, 1], white on black.
    """
    from scipy import ndimage

    rows = np.flatnonzero(digit.max(axis=1) > 0.3)
    columns = np.flatnonzero(digit.max(axis=0) > 0.3)
    ink = digit[rows[0] : rows[-1] + 1, columns[0] : columns[-1] + 1].astype(np.float32)
    width = max(1, round(ink.shape[1] * height / ink.shape[0]))
    shape = np.asarray(Image.fromarray(ink).resize((width, height), Image.Resampling.BICUBIC))
    shape = np.pad(shape > 0.5, stroke)
    distance = ndimage.distance_transform_edt(shape)
    middle = shape & (distance >= ndimage.maximum_filter(distance, size=3) - 0.75)
    return ndimage.distance_transform_edt(~middle) <= stroke / 2


def render_pen_number(
    digits: np.ndarray,
    labels: np.ndarray,
    rng: np.random.Generator,
    count: int = 4,
    height: int = 220,
    stroke: int = 8,
    gap: float = 0.3,
) -> tuple[np.ndarray, str]:
    """A number drawn with a pen on white: `count` random MNIST digits `height` px tall,
    strokes `stroke` px wide, `gap` heights apart. Returns (h, w) float32 grey, its text."""
    chosen = rng.integers(0, len(digits), count)
    glyphs = [pen_digit(digits[index], height, stroke) for index in chosen]
    space = round(gap * height)
    margin = height // 4
    width = sum(glyph.shape[1] for glyph in glyphs) + space * (count - 1) + 2 * margin
    ink = np.zeros((max(g.shape[0] for g in glyphs) + 2 * margin, width), bool)
    left = margin
    for glyph in glyphs:
        ink[margin : margin + glyph.shape[0], left : left + glyph.shape[1]] |= glyph
        left += glyph.shape[1] + space
    return np.where(ink, 0.1, 0.97).astype(np.float32), "".join(str(labels[i]) for i in chosen)


def tiny_pair(digits: np.ndarray, first: int, second: int) -> np.ndarray:
    """Two digits side by side in one 28x28 picture, white on black (a tiny drawing of a
    number): each cropped to its ink, 2 px apart, the pair fitted to 26 px and centred.
    digits: (n, 28, 28) float in [0, 1]; returns (28, 28) float32."""
    from digits.images.field import crop_to_ink, fit_to_box

    left, right = crop_to_ink(digits[first]), crop_to_ink(digits[second])
    both = np.zeros((max(len(left), len(right)), left.shape[1] + right.shape[1] + 2), np.float32)
    both[: len(left), : left.shape[1]] = left
    both[: len(right), left.shape[1] + 2 :] = right
    small = fit_to_box(both, 26)
    picture = np.zeros((28, 28), np.float32)
    top, side = (28 - small.shape[0]) // 2, (28 - small.shape[1]) // 2
    picture[top : top + small.shape[0], side : side + small.shape[1]] = small
    return picture
