"""Pictures the tests of several modules draw and save."""

import numpy as np
from PIL import Image


def bar_picture(height=200, width=300, dark_ink=True):
    """A thick 'L' shape on a plain ground, off-centre: (h, w) float in [0, 1]."""
    ink = np.zeros((height, width), dtype=np.float32)
    ink[40:160, 60:80] = 1.0
    ink[140:160, 60:130] = 1.0
    return 1.0 - 0.9 * ink if dark_ink else 0.1 + 0.8 * ink


def save(array, path, mode="L"):
    Image.fromarray((np.clip(array, 0, 1) * 255).astype(np.uint8), mode).save(path)
    return path


def block(ink, top, left, height=40, width=24):
    ink[top : top + height, left : left + width] = 1.0
