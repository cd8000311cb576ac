"""digits/export.py: readers written as ONNX, and the shipped ones made from the shipped
.keras files."""

import numpy as np
import pytest

from digits.backend import keras
from digits.errors import DigitsError
from digits.export import SHIPPED, export_onnx, file_digest, source_digest
from digits.line_reader import build_line_reader
from digits.model import build_reader, save_model
from digits.runtime import OnnxModel


def test_the_shipped_onnx_readers_are_made_from_the_shipped_keras_files():
    for source, exported in SHIPPED.items():
        assert source_digest(exported) == file_digest(source), (
            f"{exported.name} was not made from today's {source.name}: run python -m digits export"
        )


def test_an_exported_model_gives_what_the_keras_model_gives(tmp_path):
    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(3)
    for name, model in (("reader", build_reader()), ("lines", build_line_reader())):
        source = save_model(model, tmp_path / f"{name}.keras")
        exported = OnnxModel(export_onnx(source))
        assert exported.input_shape == tuple(model.inputs[0].shape[1:])
        for count in (1, 7):  # any batch size
            inputs = rng.random((count, *exported.input_shape), dtype=np.float32)
            expected = np.asarray(model(inputs, training=False), np.float64)
            np.testing.assert_allclose(exported.outputs(inputs), expected, atol=1e-5)
        assert source_digest(tmp_path / f"{name}.onnx") == file_digest(source)


def test_export_writes_nothing_but_an_onnx_file(tmp_path):
    source = save_model(build_reader(), tmp_path / "reader.keras")
    with pytest.raises(DigitsError, match=r"out\.txt: an ONNX model file must end in \.onnx"):
        export_onnx(source, tmp_path / "out.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reader.keras"]


def test_export_to_a_folder_or_under_a_file_is_one_line(tmp_path):
    source = save_model(build_reader(), tmp_path / "reader.keras")
    (tmp_path / "taken.onnx").mkdir()
    with pytest.raises(DigitsError, match=r"taken\.onnx: an ONNX model file must end in"):
        export_onnx(source, tmp_path / "taken.onnx")
    (tmp_path / "a_file").write_text("")
    with pytest.raises(DigitsError, match=r"a_file.m\.onnx: cannot write"):
        export_onnx(source, tmp_path / "a_file" / "m.onnx")
