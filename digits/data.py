"""Load the real MNIST and prove it is the real MNIST.

`load_mnist` returns exactly what `keras.datasets.mnist.load_data()` returns, read from a
local folder when one is given (the four IDX files, gzip-compressed or not, or Keras'
`mnist.npz`) and from Keras' download otherwise. Whatever the source, the arrays are
checked: IDX headers, shapes, counts, labels in 0-9, and the SHA-256 of the content
against the published files, so a recompressed copy passes and a corrupted one does not.

This module needs only NumPy: loading data never pays for importing TensorFlow.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digits.errors import DigitsError, first_line

IMAGE_SIZE = 28
NUM_CLASSES = 10
_IMAGES_MAGIC = 0x00000803  # unsigned byte, 3 dimensions
_LABELS_MAGIC = 0x00000801  # unsigned byte, 1 dimension


@dataclass(frozen=True)
class Part:
    """One of the four MNIST arrays and what its IDX file must hold."""

    key: str  # the name Keras' mnist.npz uses
    stem: str  # the standard IDX file name, without .gz
    count: int
    sha256: str  # of the decompressed IDX file: header and content

    @property
    def is_images(self) -> bool:
        return self.key.startswith("x_")


PARTS = (
    Part(
        "x_train",
        "train-images-idx3-ubyte",
        60000,
        "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    ),
    Part(
        "y_train",
        "train-labels-idx1-ubyte",
        60000,
        "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    ),
    Part(
        "x_test",
        "t10k-images-idx3-ubyte",
        10000,
        "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    ),
    Part(
        "y_test",
        "t10k-labels-idx1-ubyte",
        10000,
        "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    ),
)

Dataset = tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]

HOW_TO_POINT = (
    "download the four IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
    "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) into a folder and set "
    "MNIST_DIR to it, or pass --data-dir"
)


def load_mnist(data_dir: str | os.PathLike | None = None) -> Dataset:
    """Return `(x_train, y_train), (x_test, y_test)` as Keras' MNIST loader does.

    x_train: (60000, 28, 28) uint8 in 0-255; y_train: (60000,) uint8 in 0-9;
    x_test: (10000, 28, 28) uint8; y_test: (10000,) uint8.

    The source, first that applies: `data_dir`; the `MNIST_DIR` environment variable;
    `keras.datasets.mnist.load_data()` (downloads once into Keras' cache).
    Raises DigitsError, one line naming the file, when anything is not the real MNIST.
    """
    if data_dir is None:
        data_dir = os.environ.get("MNIST_DIR") or None
    arrays = _download() if data_dir is None else _read_folder(Path(data_dir))
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def scale_pixels(images: np.ndarray) -> np.ndarray:
    """(n, 28, 28) uint8 in 0-255 -> (n, 28, 28) float32 in [0, 1]."""
    return np.asarray(images, dtype=np.float32) / np.float32(255.0)


def _read_folder(folder: Path) -> dict[str, np.ndarray]:
    if not folder.is_dir():
        raise DigitsError(f"{folder}: MNIST folder not found; {HOW_TO_POINT}")
    found = {part.key: _find_idx(folder, part) for part in PARTS}
    if all(path is not None for path in found.values()):
        return {part.key: read_idx(found[part.key], part) for part in PARTS}
    npz = folder / "mnist.npz"
    if npz.is_file():
        return read_npz(npz)
    missing = [part.stem + "[.gz]" for part in PARTS if found[part.key] is None]
    if len(missing) == len(PARTS):
        raise DigitsError(f"{folder}: no MNIST files in this folder; {HOW_TO_POINT}")
    raise DigitsError(f"{folder}: missing {', '.join(missing)}")


def _find_idx(folder: Path, part: Part) -> Path | None:
    """The IDX file for `part`: standard name, .gz or not; some mirrors use a dot."""
    dotted = part.stem.replace("-idx", ".idx")
    for name in (part.stem + ".gz", part.stem, dotted + ".gz", dotted):
        if (folder / name).is_file():
            return folder / name
    return None


def read_idx(path: Path, part: Part) -> np.ndarray:
    """Read and verify one IDX file (gzip-compressed or not) holding `part`."""
    raw = _decompress(path, path.read_bytes())
    array = _parse_idx(path, raw, part)
    _check_array(path, array, part)
    _check_hash(path, raw, part)
    return array


def read_npz(path: Path) -> dict[str, np.ndarray]:
    """Read and verify Keras' mnist.npz (keys x_train, y_train, x_test, y_test)."""
    try:
        # allow_pickle=False: an .npz from elsewhere must not be able to run code.
        with np.load(path, allow_pickle=False) as npz:
            keys = set(npz.files)
            missing = [part.key for part in PARTS if part.key not in keys]
            if missing:
                raise DigitsError(f"{path}: npz lacks the arrays {', '.join(missing)}")
            arrays = {part.key: npz[part.key] for part in PARTS}
    except DigitsError:
        raise
    except ValueError as error:
        if "pickle" in str(error):
            raise DigitsError(f"{path}: npz holds pickled objects, refused") from None
        raise DigitsError(f"{path}: not a valid npz file ({error})") from None
    except (OSError, zipfile.BadZipFile, EOFError) as error:
        raise DigitsError(f"{path}: not a valid npz file ({error})") from None
    return verify_arrays(arrays, source=path)


def verify_arrays(arrays: dict[str, np.ndarray], source: Path | str) -> dict[str, np.ndarray]:
    """Check in-memory arrays as if they had come from the IDX files; return them."""
    for part in PARTS:
        where = f"{source}[{part.key}]"
        array = arrays[part.key]
        if array.dtype != np.uint8:
            raise DigitsError(f"{where}: dtype {array.dtype}, expected uint8")
        _check_array(where, array, part)
        _check_hash(where, _idx_header(array) + np.ascontiguousarray(array).tobytes(), part)
    return arrays


def _decompress(path: Path, data: bytes) -> bytes:
    if not data:
        raise DigitsError(f"{path}: empty file")
    is_gzip = data[:2] == b"\x1f\x8b"
    if path.suffix == ".gz" and not is_gzip:
        raise DigitsError(f"{path}: not a gzip file")
    if not is_gzip:
        return data
    try:
        return gzip.decompress(data)
    except EOFError:
        raise DigitsError(f"{path}: truncated gzip stream") from None
    except (OSError, zlib.error) as error:
        raise DigitsError(f"{path}: corrupt gzip data ({error})") from None


def _parse_idx(path: Path, raw: bytes, part: Part) -> np.ndarray:
    ndim = 3 if part.is_images else 1
    magic = _IMAGES_MAGIC if part.is_images else _LABELS_MAGIC
    kind = "images" if part.is_images else "labels"
    if len(raw) < 4:
        raise DigitsError(f"{path}: too short for an IDX header ({len(raw)} bytes)")
    (found,) = struct.unpack(">I", raw[:4])
    if found != magic:
        other = {_IMAGES_MAGIC: "an images file", _LABELS_MAGIC: "a labels file"}
        what = other.get(found, "not an IDX file")
        raise DigitsError(
            f"{path}: wrong IDX magic 0x{found:08x}, expected 0x{magic:08x} for {kind}"
            f" (this is {what})"
        )
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DigitsError(f"{path}: truncated IDX header ({len(raw)} bytes)")
    dims = struct.unpack(f">{ndim}I", raw[4:header])
    expected = header + int(np.prod(dims))
    if len(raw) != expected:
        raise DigitsError(
            f"{path}: {len(raw)} bytes, but its header {dims} needs {expected}"
            + (" (truncated)" if len(raw) < expected else "")
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)


def _check_array(where: Path | str, array: np.ndarray, part: Part) -> None:
    shape = (part.count, IMAGE_SIZE, IMAGE_SIZE) if part.is_images else (part.count,)
    if array.shape != shape:
        raise DigitsError(f"{where}: shape {array.shape}, expected {shape}")
    if not part.is_images and array.size and array.max() >= NUM_CLASSES:
        bad = int(np.argmax(array >= NUM_CLASSES))
        raise DigitsError(f"{where}: label {array[bad]} at index {bad}, expected 0-9")


def _check_hash(where: Path | str, raw: bytes, part: Part) -> None:
    digest = hashlib.sha256(raw).hexdigest()
    if digest != part.sha256:
        raise DigitsError(
            f"{where}: content SHA-256 {digest[:12]}... does not match MNIST's"
            f" {part.sha256[:12]}... (corrupted or not MNIST)"
        )


def _idx_header(array: np.ndarray) -> bytes:
    magic = _IMAGES_MAGIC if array.ndim == 3 else _LABELS_MAGIC
    return struct.pack(f">I{array.ndim}I", magic, *array.shape)


def _download() -> dict[str, np.ndarray]:
    from digits.backend import keras  # only here, quietly: a local folder needs no TensorFlow

    try:
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as error:  # noqa: BLE001 - any failure means "no data"; say how to fix
        raise DigitsError(
            f"mnist.npz: download failed ({first_line(error)}); offline? {HOW_TO_POINT}"
        ) from None
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    return verify_arrays(arrays, source="mnist.npz (Keras download)")
