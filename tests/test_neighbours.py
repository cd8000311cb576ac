"""digits/neighbours.py: training copies with slivers of the digits beside them."""

import numpy as np
import pytest
from scipy import ndimage

from digits.neighbours import add_neighbour_copies, with_neighbours


def bars(count: int) -> np.ndarray:
    """Upright bars in MNIST's form, a '1' each: (count, 28, 28) float32, ink 1.0."""
    images = np.zeros((count, 28, 28), dtype=np.float32)
    images[:, 4:24, 12:16] = 1.0
    return images


def rings(count: int) -> np.ndarray:
    """Rings in MNIST's form, a '0' each: (count, 28, 28) float32, ink 1.0."""
    rows, columns = np.ogrid[:28, :28]
    distance = np.hypot(rows - 14, columns - 14)
    ring = ((distance <= 10) & (distance > 7)).astype(np.float32)
    return np.repeat(ring[None], count, axis=0)


def ink_box(image: np.ndarray) -> tuple[int, int]:
    """(height, width) of the image's ink."""
    rows = np.flatnonzero(image.max(axis=1) > 0)
    columns = np.flatnonzero(image.max(axis=0) > 0)
    return rows[-1] - rows[0] + 1, columns[-1] - columns[0] + 1


def test_copies_are_in_mnist_form():
    images = np.concatenate([bars(5), rings(5)])
    copies = with_neighbours(images, np.random.default_rng(0))
    assert copies.shape == images.shape and copies.dtype == np.float32
    assert copies.min() >= 0.0 and copies.max() <= 1.0
    for copy in copies:
        assert 19 <= max(ink_box(copy)) <= 20  # the longer side fitted to 20 pixels
        assert np.allclose(ndimage.center_of_mass(copy), 14.0, atol=0.5)


def test_a_sliver_of_a_neighbour_widens_the_digit_and_none_leaves_it_as_it_is():
    digits = np.concatenate([bars(1), rings(1)])  # a bar whose only neighbour is a ring
    alone = with_neighbours(digits, np.random.default_rng(0), chance=0.0)
    np.testing.assert_allclose(alone[0], digits[0], atol=1e-6)  # already in MNIST's form
    many = np.concatenate([bars(1), rings(50)])  # its neighbours: rings, almost surely
    for seed in range(5):
        with_rings = with_neighbours(many, np.random.default_rng(seed), chance=1.0)[0]
        assert ink_box(with_rings)[1] > ink_box(digits[0])[1]


def test_slivers_are_at_most_max_part_of_the_neighbour():
    # A bar beside slivers of a wide ring: the wider the part allowed, the wider the copy.
    digits = np.concatenate([bars(1), rings(1)])
    narrow = [
        ink_box(with_neighbours(digits, np.random.default_rng(s), 1.0, 0.06)[0])[1]
        for s in range(10)
    ]
    wide = [
        ink_box(with_neighbours(digits, np.random.default_rng(s), 1.0, 0.9)[0])[1]
        for s in range(10)
    ]
    assert np.mean(wide) > np.mean(narrow)


@pytest.mark.parametrize("dtype", [np.uint8, np.float32])
def test_copies_are_added_after_the_originals_labelled_as_their_digit(dtype):
    images = np.concatenate([bars(6), rings(6)])
    labels = np.array([1] * 6 + [0] * 6)
    if dtype == np.uint8:
        images = (images * 255).astype(np.uint8)
    grown, grown_labels = add_neighbour_copies(images, labels, 0.5, np.random.default_rng(0))
    assert grown.dtype == dtype and grown.shape == (18, 28, 28) and len(grown_labels) == 18
    np.testing.assert_array_equal(grown[:12], images)
    np.testing.assert_array_equal(grown_labels[:12], labels)
    for copy, label in zip(grown[12:], grown_labels[12:], strict=True):
        # A bar's copy keeps a tall narrow core; a ring's copy keeps its hole.
        pixels = copy.astype(np.float32) / (255.0 if dtype == np.uint8 else 1.0)
        assert (pixels[14, 12:16].max() > 0.5) == (label == 1)
    again = add_neighbour_copies(images, labels, 0.5, np.random.default_rng(0))[0]
    np.testing.assert_array_equal(again, grown)  # seeded
