import gzip
import hashlib
import shutil
import struct

import numpy as np
import pytest

from digits import data
from digits.data import PARTS, Part, load_mnist, read_idx, scale_pixels
from digits.errors import DigitsError


def idx_bytes(array: np.ndarray) -> bytes:
    magic = 0x803 if array.ndim == 3 else 0x801
    return struct.pack(f">I{array.ndim}I", magic, *array.shape) + array.tobytes()


def small_part(array: np.ndarray, key: str) -> Part:
    return Part(key, key, len(array), hashlib.sha256(idx_bytes(array)).hexdigest())


# Unit tests on small synthetic IDX files.


def test_reads_plain_and_gzipped_idx(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, (3, 28, 28), dtype=np.uint8)
    part = small_part(images, "x_small")
    (tmp_path / "plain").write_bytes(idx_bytes(images))
    (tmp_path / "packed.gz").write_bytes(gzip.compress(idx_bytes(images)))
    np.testing.assert_array_equal(read_idx(tmp_path / "plain", part), images)
    np.testing.assert_array_equal(read_idx(tmp_path / "packed.gz", part), images)


def test_rejects_label_out_of_range(tmp_path):
    labels = np.array([1, 11, 3], dtype=np.uint8)
    part = small_part(labels, "y_small")
    (tmp_path / "labels").write_bytes(idx_bytes(labels))
    with pytest.raises(DigitsError, match=r"labels: label 11 at index 1, expected 0-9"):
        read_idx(tmp_path / "labels", part)


def test_rejects_wrong_magic_and_names_what_it_is(tmp_path):
    labels = np.zeros(3, dtype=np.uint8)
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    (tmp_path / "images").write_bytes(idx_bytes(labels))
    with pytest.raises(DigitsError, match=r"images: wrong IDX magic .* \(this is a labels file\)"):
        read_idx(tmp_path / "images", small_part(images, "x_small"))


def test_rejects_truncated_payload(tmp_path):
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    (tmp_path / "images").write_bytes(idx_bytes(images)[:-10])
    with pytest.raises(DigitsError, match=r"images: .* \(truncated\)"):
        read_idx(tmp_path / "images", small_part(images, "x_small"))


def test_rejects_empty_and_non_gzip_files(tmp_path):
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    part = small_part(images, "x_small")
    (tmp_path / "empty").write_bytes(b"")
    (tmp_path / "fake.gz").write_bytes(idx_bytes(images))
    with pytest.raises(DigitsError, match=r"empty: empty file"):
        read_idx(tmp_path / "empty", part)
    with pytest.raises(DigitsError, match=r"fake.gz: not a gzip file"):
        read_idx(tmp_path / "fake.gz", part)


def test_rejects_wrong_count(tmp_path):
    images = np.zeros((3, 28, 28), dtype=np.uint8)
    part = Part("x_small", "x", 4, "0" * 64)
    (tmp_path / "images").write_bytes(idx_bytes(images))
    with pytest.raises(DigitsError, match=r"shape \(3, 28, 28\), expected \(4, 28, 28\)"):
        read_idx(tmp_path / "images", part)


def test_scale_pixels():
    scaled = scale_pixels(np.array([[0, 51, 255]], dtype=np.uint8))
    assert scaled.dtype == np.float32
    np.testing.assert_allclose(scaled, [[0.0, 0.2, 1.0]])


def test_missing_folder_and_empty_folder(tmp_path):
    with pytest.raises(DigitsError, match=r"nowhere: MNIST folder not found; .*MNIST_DIR"):
        load_mnist(tmp_path / "nowhere")
    with pytest.raises(DigitsError, match=r"no MNIST files in this folder"):
        load_mnist(tmp_path)


def test_offline_download_says_how_to_fix(monkeypatch):
    import keras

    def fail():
        raise OSError("URL fetch failure: no network")

    monkeypatch.delenv("MNIST_DIR", raising=False)
    monkeypatch.setattr(keras.datasets.mnist, "load_data", fail)
    with pytest.raises(DigitsError, match=r"download failed \(URL fetch failure.*MNIST_DIR"):
        load_mnist()


def test_pickled_npz_is_refused(tmp_path):
    path = tmp_path / "mnist.npz"
    plain = np.zeros(1, dtype=np.uint8)
    evil = np.array([{"evil": 1}], dtype=object)
    np.savez(path, x_train=evil, y_train=plain, x_test=plain, y_test=plain)
    with pytest.raises(DigitsError, match=r"mnist.npz: npz holds pickled objects, refused"):
        data.read_npz(path)


# Integration tests on the real MNIST.


def copy_mnist(source, target):
    for part in PARTS:
        shutil.copy(source / f"{part.stem}.gz", target / f"{part.stem}.gz")
    return target


def set_byte(path, offset, value):
    """Change one byte of a gzipped file's content and compress it again."""
    raw = bytearray(gzip.decompress(path.read_bytes()))
    raw[offset] = value(raw[offset])
    path.write_bytes(gzip.compress(bytes(raw)))


@pytest.mark.integration
def test_real_mnist_matches_known_facts(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train.shape == (60000, 28, 28) and x_train.dtype == np.uint8
    assert y_train.shape == (60000,) and x_test.shape == (10000, 28, 28)
    assert y_test.shape == (10000,)
    train_counts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    test_counts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert np.bincount(y_train).tolist() == train_counts
    assert np.bincount(y_test).tolist() == test_counts
    scaled = scale_pixels(x_train)
    assert scaled.mean() == pytest.approx(0.1307, abs=5e-5)
    assert scaled.std() == pytest.approx(0.3081, abs=5e-5)


@pytest.mark.integration
def test_env_var_is_used(mnist_dir, monkeypatch):
    import keras

    def no_download():
        pytest.fail("load_mnist tried to download although MNIST_DIR names a folder")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", no_download)
    monkeypatch.setenv("MNIST_DIR", str(mnist_dir))
    (_, y_train), _ = load_mnist()
    assert len(y_train) == 60000


@pytest.mark.integration
def test_uncompressed_and_npz_copies_are_accepted(mnist_dir, mnist, tmp_path):
    (x_train, y_train), (x_test, y_test) = mnist
    for part in PARTS:
        raw = gzip.decompress((mnist_dir / f"{part.stem}.gz").read_bytes())
        (tmp_path / part.stem).write_bytes(raw)
    (x_plain, _), _ = load_mnist(tmp_path)
    np.testing.assert_array_equal(x_plain, x_train)
    npz_dir = tmp_path / "npz"
    npz_dir.mkdir()
    np.savez(npz_dir / "mnist.npz", x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    (_, y_npz), _ = load_mnist(npz_dir)
    np.testing.assert_array_equal(y_npz, y_train)


@pytest.mark.integration
def test_one_changed_pixel_fails_the_hash(mnist_dir, tmp_path):
    copy_mnist(mnist_dir, tmp_path)
    set_byte(tmp_path / "t10k-images-idx3-ubyte.gz", 16 + 500, lambda pixel: pixel ^ 0x01)
    with pytest.raises(DigitsError, match=r"t10k-images-idx3-ubyte.gz: content SHA-256 .*"):
        load_mnist(tmp_path)


@pytest.mark.integration
def test_truncated_gzip_and_missing_file(mnist_dir, tmp_path):
    copy_mnist(mnist_dir, tmp_path)
    path = tmp_path / "train-labels-idx1-ubyte.gz"
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(DigitsError, match=r"train-labels-idx1-ubyte.gz: truncated gzip stream"):
        load_mnist(tmp_path)
    path.unlink()
    with pytest.raises(DigitsError, match=r"missing train-labels-idx1-ubyte\[.gz\]"):
        load_mnist(tmp_path)


@pytest.mark.integration
def test_swapped_images_and_labels(mnist_dir, tmp_path):
    copy_mnist(mnist_dir, tmp_path)
    images = tmp_path / "t10k-images-idx3-ubyte.gz"
    labels = tmp_path / "t10k-labels-idx1-ubyte.gz"
    images_bytes, labels_bytes = images.read_bytes(), labels.read_bytes()
    images.write_bytes(labels_bytes)
    labels.write_bytes(images_bytes)
    with pytest.raises(DigitsError, match=r"t10k-images.*wrong IDX magic.*a labels file"):
        load_mnist(tmp_path)


@pytest.mark.integration
def test_label_of_eleven_in_real_file(mnist_dir, tmp_path):
    copy_mnist(mnist_dir, tmp_path)
    set_byte(tmp_path / "t10k-labels-idx1-ubyte.gz", 8 + 42, lambda _: 11)
    with pytest.raises(DigitsError, match=r"t10k-labels-idx1-ubyte.gz: label 11 at index 42"):
        load_mnist(tmp_path)
