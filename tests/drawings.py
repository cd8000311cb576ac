"""Digits drawn as strokes, for the tests of the drawing pads: in a browser with the mouse
(tests/chromium.py) or rendered here as the pad's canvas would hold them."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw

# Strokes as points on a pad, (x, y) from its centre in fractions of its side.
ONE = [[(0.03, -0.36), (0.0, 0.0), (-0.03, 0.36)]]
ZERO = [
    [
        (0.22 * math.sin(2 * math.pi * i / 24), -0.34 * math.cos(2 * math.pi * i / 24))
        for i in range(26)
    ]
]
SEVEN = [[(-0.24, -0.32), (0.0, -0.32), (0.25, -0.32), (0.1, 0.0), (-0.04, 0.36)]]

PAD_SIDE = 280  # pixels of the pads' canvas (index.html, widget.js)
BRUSH = PAD_SIDE // 10  # the brush of static/pad.js: a tenth of the pad


def canvas_png(strokes, side: int = PAD_SIDE) -> bytes:
    """The strokes as the pad's canvas holds them, as its PNG: black round-ended lines,
    BRUSH wide, on white, (side, side) RGBA."""
    image = Image.new("RGBA", (side, side), "white")
    pen = ImageDraw.Draw(image)
    for stroke in strokes:
        points = [(side / 2 + x * side, side / 2 + y * side) for x, y in stroke]
        pen.line(points, fill="black", width=BRUSH, joint="curve")
        for x, y in (points[0], points[-1]):
            pen.ellipse((x - BRUSH / 2, y - BRUSH / 2, x + BRUSH / 2, y + BRUSH / 2), "black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
