"""The drawing pad inside a notebook, as a Jupyter widget: no server to start.

    pad = digits.DrawingPad(model)
    pad                                # the pad shows in the cell's output; draw a digit
    pad.digit, pad.probabilities, pad.image

Built on anywidget, so it works in JupyterLab 4, Notebook 7, VS Code and Google Colab.
The canvas is static/widget.js, which draws and shows the answer with static/pad.js, as the
served page does (`python -m digits serve`). Each drawing comes to the kernel as PNG bytes
in a custom message; the kernel reads it with digits.images' pipeline and the model, and
replies with the answer, one drawing at a time (the latest drawing wins).

anywidget is needed for this module only: `import digits` does not import it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from digits.errors import DigitsError
from digits.images import decode_image, read_digit
from digits.runtime import Reading, TracedModel

try:
    import anywidget
    import traitlets
except ImportError as error:
    raise DigitsError(
        f"digits.DrawingPad needs anywidget ({error}): pip install anywidget"
    ) from None

if TYPE_CHECKING:
    from keras import Model

STATIC = Path(__file__).with_name("static")  # shipped as package data
NAME = "drawing"  # stands for the drawing in messages
NOTHING_DRAWN = "nothing drawn"
# Messages between the canvas and the kernel: {"kind": DRAWING, "id": ...} with the PNG as
# its one buffer (none for an empty pad) goes to the kernel; {"kind": ANSWER, "id": ...,
# "digit", "probabilities", "image", "error"} comes back for it.
DRAWING = "drawing"
ANSWER = "answer"


class DrawingPad(anywidget.AnyWidget):
    """A pad to draw one digit on, read live by `model` as it is drawn.

    model: a Keras model taking (n, 28, 28) float32 in [0, 1] to (n, 10) probabilities,
    as digits.build_model, digits.train and digits.load_model give.

    What the model read in the latest drawing (of any view of this pad):
      digit: int 0-9, or None when nothing is drawn or it could not be read.
      probabilities: (10,) float64 array, or None.
      image: (28, 28) float32 array in [0, 1], white on black: the picture the model saw,
        or None.
      message: "" when a digit was read; else one line saying why not.
    They are traits: `pad.observe(callback, names="digit")` follows the drawing.
    """

    _esm = STATIC / "widget.js"
    _css = STATIC / "widget.css"
    # The canvas code shared with the served page, as text: widget.js is loaded from memory
    # and has no URL that an import of "./pad.js" could be found from, so it imports this.
    _pad_js = traitlets.Unicode((STATIC / "pad.js").read_text(encoding="utf-8")).tag(sync=True)

    digit = traitlets.Int(None, allow_none=True, read_only=True)
    probabilities = traitlets.Any(None, read_only=True)
    image = traitlets.Any(None, read_only=True)
    message = traitlets.Unicode(NOTHING_DRAWN, read_only=True)

    def __init__(self, model: Model, **kwargs) -> None:
        super().__init__(**kwargs)
        self._model = TracedModel(model)
        self.on_msg(self._on_message)

    def __repr__(self) -> str:
        # What a notebook shows where the widget cannot render (a stored notebook on GitHub).
        return f"DrawingPad(digit={self.digit})"

    def read(self, picture: bytes) -> int | None:
        """Read a picture of one digit (PNG, JPEG, ... bytes) as a drawing on the pad is
        read; returns the digit (None if none could be read) and sets the traits.

        Empty bytes stand for an empty pad. An unreadable picture is no exception: the digit
        is None and `message` says what is wrong. The pad's canvas in the notebook stays as
        it is: this reads a picture from Python, the canvas sends its own drawings.
        """
        if not picture:
            self._show(None, NOTHING_DRAWN)
            return None
        try:
            digit = read_digit(decode_image(picture, NAME), NAME)  # (28, 28) float32
        except DigitsError as error:
            self._show(None, _one_line(str(error)))
            return None
        self._show(self._model.read(digit), "")
        return self.digit

    def _show(self, reading: Reading | None, message: str) -> None:
        # All four at once: an observer of any one of them sees the others already set.
        with self.hold_trait_notifications():
            if reading is None:
                self.set_trait("digit", None)
                self.set_trait("probabilities", None)
                self.set_trait("image", None)
            else:
                self.set_trait("digit", reading.digit)
                self.set_trait("probabilities", _frozen(reading.probabilities))
                self.set_trait("image", _frozen(reading.image))
            self.set_trait("message", message)

    def _on_message(self, _widget, content, buffers: list) -> None:
        """A drawing from the canvas: read it and reply, whatever happens.

        This runs in the kernel on a message from the browser, where an exception would
        only reach the kernel's log and leave the pad waiting for its reply.
        """
        if not isinstance(content, dict) or content.get("kind") != DRAWING:
            return
        try:
            self.read(bytes(buffers[0]) if buffers else b"")
        except Exception as error:  # noqa: BLE001 - shown on the pad instead, see above
            reason = _one_line(f"{type(error).__name__}: {error}")
            self._show(None, f"{NAME}: cannot be read ({reason})")
        self.send({"kind": ANSWER, "id": content.get("id"), **self._answer()})

    def _answer(self) -> dict:
        """The traits as the canvas shows them (pad.js's answer)."""
        if self.digit is None:
            failed = self.message != NOTHING_DRAWN  # a failure's message, shown on the pad
            return {"digit": None, "error": self.message if failed else None}
        reading = Reading(self.digit, self.probabilities, self.image)
        return {**reading.answer(), "error": None}


def _frozen(array: np.ndarray) -> np.ndarray:
    """The array made read-only: what the pad read stays as it was read."""
    array = array.view()
    array.flags.writeable = False
    return array


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0] if lines else text
