"""digits/runtime.py: the readers run by ONNX Runtime give Keras' answers on every picture
of the benchmark's sets (benchmarks/pictures.py); bad ONNX files are one line."""

import numpy as np
import pytest

from benchmarks import pictures as bench
from digits.ctc import greedy_decode
from digits.errors import DigitsError
from digits.images import load_digit_image, normalise_digit, number_lines
from digits.line_reader import load_line_reader
from digits.model import load_model
from digits.model_file import LINE_READER_ONNX, READER_ONNX
from digits.runtime import OnnxModel, TracedModel

# The two runtimes sum in different orders: probabilities may differ in the last float32
# places, never by this much.
TOLERANCE = 1e-4


def test_an_onnx_file_that_is_missing_or_not_onnx_is_refused_in_one_line(tmp_path):
    with pytest.raises(DigitsError, match=r"gone\.onnx: no such file; make it with"):
        OnnxModel(tmp_path / "gone.onnx")
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"not a model")
    with pytest.raises(DigitsError, match=r"junk\.onnx: cannot load ONNX model") as caught:
        OnnxModel(junk)
    assert "\n" not in str(caught.value)


@pytest.fixture(scope="module")
def digit_readers():
    return TracedModel(load_model()), OnnxModel(READER_ONNX)


@pytest.fixture(scope="module")
def line_readers():
    model = load_line_reader()
    return TracedModel(model, tuple(model.inputs[0].shape[1:])), OnnxModel(LINE_READER_ONNX)


def assert_same_digits(readers, names: list[str], inputs: np.ndarray) -> None:
    """Both runtimes give each (28, 28) input the same digit and probabilities within
    TOLERANCE; else fail naming the pictures that differ."""
    expected, got = (reader.probabilities(inputs) for reader in readers)
    differ = [
        f"{name} (Keras {e.argmax()}, ONNX {g.argmax()}, {np.abs(e - g).max():.1e} apart)"
        for name, e, g in zip(names, expected, got, strict=True)
        if e.argmax() != g.argmax() or np.abs(e - g).max() > TOLERANCE
    ]
    assert not differ, f"{len(differ)}/{len(names)} differ: {', '.join(differ[:10])}"


def assert_same_numbers(readers, pictures) -> int:
    """Both runtimes read every line of each (name, grey picture) as the same digits, each
    column's probabilities within TOLERANCE; else fail naming the pictures. Returns how
    many lines were compared."""
    differ, compared = [], 0
    for name, grey in pictures:
        try:
            lines = number_lines(grey)
        except DigitsError:  # no writing found: nothing for either runtime to read
            continue
        expected, got = (_softmax(reader.outputs(lines)) for reader in readers)
        compared += len(lines)
        if greedy_decode(expected) != greedy_decode(got) or np.abs(expected - got).max() > (
            TOLERANCE
        ):
            differ.append(f"{name} (Keras {greedy_decode(expected)}, ONNX {greedy_decode(got)})")
    assert not differ, f"{len(differ)} pictures differ: {', '.join(differ[:10])}"
    return compared


def _softmax(logits: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)


@pytest.mark.integration
def test_both_runtimes_read_mnist_test_and_its_rendered_pictures_alike(mnist, digit_readers):
    from digits.data import scale_pixels

    _, (x_test, _) = mnist
    digits = scale_pixels(x_test)
    assert_same_digits(digit_readers, [f"MNIST test {i}" for i in range(len(digits))], digits)
    shown = digits[:300]  # the benchmark's --photos default
    for kind in bench.RENDERED:
        inputs = np.stack([normalise_digit(p) for p in bench.rendered_pictures(kind, shown)])
        assert_same_digits(digit_readers, [f"{kind} {i}" for i in range(len(shown))], inputs)


@pytest.mark.integration
def test_both_runtimes_read_cvl_valid_alike(cvl_dir, digit_readers):
    from digits.handwriting import load_cvl

    images, _ = load_cvl(cvl_dir / "valid.npz")
    assert_same_digits(digit_readers, [f"CVL valid {i}" for i in range(len(images))], images)


@pytest.mark.integration
def test_both_runtimes_read_the_pictures_of_one_digit_alike(
    realdigits_dir, digit_readers, line_readers
):
    from digits.images import open_image, to_grey

    paths = bench.one_digit_pictures()
    assert len(paths) > 150  # the examples and every real digit
    inputs = np.stack([load_digit_image(path) for path in paths])
    assert_same_digits(digit_readers, [path.name for path in paths], inputs)
    greys = ((path.name, to_grey(open_image(path))) for path in paths)
    assert assert_same_numbers(line_readers, greys) >= len(paths)


@pytest.mark.integration
def test_both_runtimes_read_the_rendered_numbers_alike(mnist, line_readers):
    from digits.data import scale_pixels

    _, (x_test, y_test) = mnist
    digits = scale_pixels(x_test)
    numbers = (
        (f"number {i}", p)
        for i, (p, _, _) in enumerate(bench.rendered_numbers(digits, y_test, 1000))
    )
    assert assert_same_numbers(line_readers, numbers) > 1000
    tiny = ((f"tiny pair {i}", p) for i, (p, _) in enumerate(bench.tiny_pairs(digits, y_test)))
    assert assert_same_numbers(line_readers, tiny) >= bench.TINY_PAIRS
    pen = (
        (f"pen {stroke} px gap {gap:g} #{i}", picture)
        for i, (stroke, gap, picture, _) in enumerate(bench.pen_number_pictures(digits, y_test, 50))
    )
    assert assert_same_numbers(line_readers, pen) >= 450


@pytest.mark.integration
def test_both_runtimes_read_the_real_amounts_alike(realnumbers_dir, line_readers):
    from digits.images import open_image, to_grey
    from examples.realnumbers import load_manifest

    amounts = load_manifest(realnumbers_dir)
    greys = ((n.path.name, to_grey(open_image(n.path))) for n in amounts)
    assert assert_same_numbers(line_readers, greys) >= len(amounts)
