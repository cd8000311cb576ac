"""Keras readers exported to ONNX, for reading without TensorFlow (digits.runtime.OnnxModel).

The .keras file stays the source of truth: `python -m digits export` remakes each shipped
.onnx from it, and records the .keras file's SHA-256 in the ONNX file's metadata, so a
test can tell when a reader was retrained and not exported again. Keras converts through
tf2onnx (`model.export(format="onnx")`); this module needs the full install.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
from pathlib import Path

from digits.backend import keras, quiet_stderr, tf
from digits.errors import DigitsError, first_line
from digits.model_file import (
    LINE_READER,
    LINE_READER_ONNX,
    READER,
    READER_ONNX,
    check_model_file,
    load_keras_file,
)

SOURCE_KEY = "digits.source_sha256"  # ONNX metadata: the .keras file it was made from
OPSET = 17
SHIPPED = {READER: READER_ONNX, LINE_READER: LINE_READER_ONNX}  # source -> its ONNX twin


def file_digest(path: str | os.PathLike) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def export_onnx(source: str | os.PathLike, target: str | os.PathLike | None = None) -> Path:
    """Write the Keras model at `source` (.keras, loaded in safe mode) as ONNX to `target`
    (default: beside it, .onnx), atomically; returns the path written.

    The ONNX model takes the same (n, ...) float32 inputs, any n, and gives the same
    outputs to within float rounding (tests/test_runtime.py holds the shipped readers'
    probabilities to 1e-4). Raises DigitsError naming the file when it cannot be done.
    """
    import onnx

    source = check_model_file(source)
    target = source.with_suffix(".onnx") if target is None else Path(target)
    if target.suffix != ".onnx" or target.is_dir():
        raise DigitsError(f"{target}: an ONNX model file must end in .onnx (not a folder)")
    model = load_keras_file(source)
    signature = [tf.TensorSpec([None, *model.inputs[0].shape[1:]], tf.float32, name="inputs")]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".export-") as folder:
            converted = Path(folder) / "model.onnx"
            _convert(model, signature, converted)
            proto = onnx.load(converted)
            entry = proto.metadata_props.add()
            entry.key, entry.value = SOURCE_KEY, file_digest(source)
            onnx.checker.check_model(proto)
            onnx.save(proto, converted)
            os.replace(converted, target)
    except OSError as error:  # a folder that cannot be written, say
        raise DigitsError(f"{target}: cannot write ({error.strerror or error})") from None
    except Exception as error:  # noqa: BLE001 - a layer tf2onnx cannot convert, say
        raise DigitsError(f"{source}: cannot export to ONNX ({first_line(error)})") from None
    return target


def _convert(model: keras.Model, signature: list, path: Path) -> None:
    """tf2onnx through Keras, its chatter (Python logging, C++ notes, a NumPy 2 warning
    from Keras' own patch of tf2onnx) kept off the terminal."""
    logging.getLogger("tf2onnx").setLevel(logging.ERROR)
    with warnings.catch_warnings(), quiet_stderr():
        warnings.simplefilter("ignore")
        model.export(
            str(path), format="onnx", input_signature=signature, opset_version=OPSET, verbose=False
        )


def source_digest(path: str | os.PathLike) -> str | None:
    """The SHA-256 of the .keras file an exported ONNX model was made from, or None."""
    import onnx

    proto = onnx.load(str(path), load_external_data=False)
    return next((p.value for p in proto.metadata_props if p.key == SOURCE_KEY), None)
