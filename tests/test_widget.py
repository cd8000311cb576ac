"""The notebook's drawing pad, its kernel side: digits.DrawingPad without a browser.

Drawings come in as the canvas sends them, a custom widget message with the PNG as its
buffer (through ipywidgets' own message handling), and the reply and the traits are checked.
"""

import base64
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import traitlets
from drawings import ONE, PAD_SIDE, SEVEN, ZERO, canvas_png
from PIL import Image

import digits
from digits.errors import DigitsError
from digits.images import decode_image, read_digit
from digits.model import build_model

ROOT = Path(__file__).resolve().parent.parent
CANVAS = (ROOT / "examples" / "canvas_5.png").read_bytes()


@pytest.fixture(scope="module")
def model():
    return build_model()  # untrained: the answers' form, not their truth, is tested here


@pytest.fixture
def pad(model):
    return digits.DrawingPad(model)


@pytest.fixture
def replies(pad, monkeypatch):
    """What the pad sends to the canvas, as a list that grows."""
    sent = []

    def send(data=None, metadata=None, buffers=None):
        assert data["method"] == "custom"
        sent.append(data["content"])

    monkeypatch.setattr(pad.comm, "send", send)
    return sent


def from_canvas(pad, content, buffers=()) -> None:
    """A message from the canvas, handled as ipywidgets handles one from the browser."""
    message = {"content": {"data": {"method": "custom", "content": content}}}
    pad._handle_msg({**message, "buffers": [memoryview(buffer) for buffer in buffers]})


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def check_empty(pad) -> None:
    assert pad.digit is None
    assert pad.probabilities is None
    assert pad.image is None


def check_one_line_error(pad, reply: dict) -> None:
    check_empty(pad)
    assert pad.message.startswith("drawing: ")
    assert "\n" not in pad.message
    assert reply == {"kind": "answer", "id": "view-1", "digit": None, "error": pad.message}


def test_importing_digits_does_not_import_anywidget():
    code = (
        "import sys, digits, digits.serve, digits.reading\n"
        "assert 'DrawingPad' in digits.__all__\n"
        "assert 'anywidget' not in sys.modules and 'ipywidgets' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_without_anywidget_drawing_pad_says_to_install_it(monkeypatch):
    # Forget the widget (put back afterwards), then import it again without anywidget:
    # None in sys.modules makes an import fail.
    monkeypatch.delattr(digits, "DrawingPad", raising=False)
    monkeypatch.delattr(digits, "widget", raising=False)
    monkeypatch.delitem(sys.modules, "digits.widget", raising=False)
    monkeypatch.setitem(sys.modules, "anywidget", None)
    with pytest.raises(DigitsError) as raised:
        digits.DrawingPad  # noqa: B018
    message = str(raised.value)
    assert "pip install anywidget" in message and "\n" not in message


def test_a_picture_in_gives_the_answer_out(pad, model):
    assert pad.read(CANVAS) == pad.digit
    expected = read_digit(decode_image(CANVAS, "canvas"), "canvas")
    assert pad.image.shape == (28, 28) and pad.image.dtype == np.float32
    np.testing.assert_array_equal(pad.image, expected)
    assert pad.probabilities.shape == (10,) and pad.probabilities.dtype == np.float64
    direct = np.asarray(model(expected[None], training=False))[0]
    np.testing.assert_allclose(pad.probabilities, direct, rtol=1e-4, atol=1e-6)
    assert isinstance(pad.digit, int) and pad.digit == int(direct.argmax())
    assert pad.message == ""


def test_what_was_read_cannot_be_changed_by_mistake(pad):
    pad.read(CANVAS)
    with pytest.raises(traitlets.TraitError):
        pad.digit = 3
    with pytest.raises(ValueError):
        pad.image[0, 0] = 1.0
    with pytest.raises(ValueError):
        pad.probabilities[0] = 1.0


def test_a_drawing_from_the_canvas_is_answered_in_the_reply(pad, replies):
    from_canvas(pad, {"kind": "drawing", "id": "view-1"}, [CANVAS])
    [reply] = replies
    assert set(reply) == {"kind", "id", "digit", "probabilities", "image", "error"}
    assert reply["kind"] == "answer" and reply["id"] == "view-1"
    assert reply["digit"] == pad.digit is not None and reply["error"] is None
    np.testing.assert_allclose(reply["probabilities"], pad.probabilities)
    prefix = "data:image/png;base64,"
    assert reply["image"].startswith(prefix)
    seen = np.asarray(Image.open(io.BytesIO(base64.b64decode(reply["image"][len(prefix) :]))))
    np.testing.assert_allclose(seen / 255.0, pad.image, atol=1 / 255)


def test_an_empty_pad_gives_an_empty_answer(pad, replies):
    check_empty(pad)  # a new pad
    assert pad.message == "nothing drawn"
    pad.read(CANVAS)
    from_canvas(pad, {"kind": "drawing", "id": "view-2"})  # cleared: no picture at all
    check_empty(pad)
    assert pad.message == "nothing drawn"
    assert replies == [{"kind": "answer", "id": "view-2", "digit": None, "error": None}]
    assert pad.read(b"") is None


def test_a_blank_canvas_gives_an_empty_answer_and_says_so(pad, replies):
    pad.read(CANVAS)
    from_canvas(pad, {"kind": "drawing", "id": "view-1"}, [canvas_png([])])
    check_one_line_error(pad, replies[-1])
    assert "no digit found" in pad.message


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"this is text, not a picture", "not an image"),
        (CANVAS[: len(CANVAS) // 2], "truncated"),  # cut off halfway
        (png(Image.new("L", (4, 4), 255)), "too small"),
        (png(Image.new("1", (9000, 9000))), "over the"),  # 81 megapixels in a few kilobytes
    ],
    ids=["text", "truncated", "tiny", "bomb"],
)
def test_an_unreadable_picture_gives_an_empty_answer_and_a_message(pad, replies, data, says):
    pad.read(CANVAS)
    from_canvas(pad, {"kind": "drawing", "id": "view-1"}, [data])
    check_one_line_error(pad, replies[-1])
    assert says in pad.message


def test_a_failure_in_the_kernel_is_shown_on_the_pad_not_raised(pad, replies, monkeypatch):
    def broken(digit):
        raise RuntimeError("the model failed\nwith a long story")

    monkeypatch.setattr(pad._model, "read", broken)
    from_canvas(pad, {"kind": "drawing", "id": "view-1"}, [CANVAS])
    check_one_line_error(pad, replies[-1])
    assert pad.message == "drawing: cannot be read (RuntimeError: the model failed)"


def test_other_messages_are_left_alone(pad, replies):
    pad.read(CANVAS)
    digit = pad.digit
    for content in ("drawing", {"kind": "something else", "id": "view-1"}, ["drawing"]):
        from_canvas(pad, content, [CANVAS])
    assert replies == []
    assert pad.digit == digit


def test_observers_see_the_whole_answer_at_once(pad):
    seen = []

    def observe(change):
        seen.append((change["new"], pad.probabilities.argmax(), pad.image.shape, pad.message))

    pad.observe(observe, names="digit")
    pad.read(CANVAS)
    assert seen == [(pad.digit, pad.digit, (28, 28), "")]


def test_drawings_like_the_canvas_makes_are_read_whole():
    image = decode_image(canvas_png(ONE), "one")
    assert image.size == (PAD_SIDE, PAD_SIDE)
    digit = read_digit(image, "one")
    assert digit.shape == (28, 28) and digit.max() == pytest.approx(1.0, abs=0.05)


@pytest.mark.integration
def test_a_trained_model_reads_what_is_drawn(trained):
    pad = digits.DrawingPad(trained[0])
    for digit, strokes in ((1, ONE), (0, ZERO), (7, SEVEN)):
        assert pad.read(canvas_png(strokes)) == digit, digit
        assert pad.probabilities.argmax() == digit and pad.probabilities.max() > 0.5
    assert pad.read(CANVAS) == 5


def test_the_pad_says_what_it_read_in_plain_text(pad):
    # The text a notebook stores beside the widget: the same on every run and machine.
    assert repr(pad) == "DrawingPad(digit=None)"
    digit = pad.read(CANVAS)
    assert digit is not None and repr(pad) == f"DrawingPad(digit={digit})"
