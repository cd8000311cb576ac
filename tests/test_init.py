"""The package's public names: lazy, and never shadowed by the package's own modules."""

import importlib
import pkgutil

import numpy as np

import digits
from digits.config import TrainConfig


def submodule_names() -> set[str]:
    return {module.name for module in pkgutil.iter_modules(digits.__path__)}


def test_no_public_name_is_the_name_of_a_module():
    # Importing digits.X binds X on the package: a public name X would become the module.
    assert not set(digits.__all__) & submodule_names()


def test_every_public_name_stays_the_same_object_after_the_package_is_used():
    before = {name: getattr(digits, name) for name in digits.__all__}
    for name in sorted(submodule_names() - {"__main__"}):
        importlib.import_module(f"digits.{name}")
    after = {name: getattr(digits, name) for name in digits.__all__}
    changed = [name for name in before if after[name] is not before[name]]
    assert not changed
    assert all(not isinstance(value, type(digits)) for value in after.values())


def test_train_can_be_called_twice_as_a_notebook_cell_is_rerun():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (40, 28, 28)).astype(np.uint8)
    labels = rng.integers(0, 10, 40)
    config = TrainConfig(epochs=1, batch_size=16, validation_size=8)
    first, _ = digits.train(images, labels, config, verbose=0)
    second, _ = digits.train(images, labels, config, verbose=0)
    for a, b in zip(first.get_weights(), second.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_unknown_name_is_an_attribute_error():
    try:
        digits.no_such_function  # noqa: B018
    except AttributeError as error:
        assert "no_such_function" in str(error)
    else:
        raise AssertionError("digits.no_such_function did not raise")
