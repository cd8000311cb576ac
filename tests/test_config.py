import dataclasses

import pytest

from digits.config import RECIPES, TrainConfig, with_options


def test_config_is_frozen_and_its_defaults_are_the_default_recipe():
    config = TrainConfig()
    assert config == RECIPES["default"]
    assert (config.epochs, config.batch_size, config.schedule) == (10, 128, "cosine")
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.epochs = 3


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("epochs", 0, "epochs"),
        ("batch_size", 0, "batch size"),
        ("learning_rate", 0.0, "learning rate"),
        ("schedule", "step", "schedule"),
        ("validation_size", -1, "validation size"),
        ("max_shift", 5, "max shift"),
        ("rotation", -1.0, "rotation"),
        ("zoom", 0.5, "zoom"),
        ("elastic", 5.0, "elastic"),
        ("clean_epochs", -1, "clean epochs"),
        ("neighbours", 1.5, "neighbours"),
        ("neighbours", -0.1, "neighbours"),
        ("network", "resnet", "network must be one of mlp, cnn"),
        ("handwriting", -1, "handwriting copies"),
        ("handwriting", 11, "handwriting copies"),
    ],
)
def test_bad_settings_are_refused_with_the_setting_named(field, value, message):
    with pytest.raises(ValueError, match=message):
        TrainConfig(**{field: value})


def test_augmentation_needs_an_epoch_that_is_not_clean():
    assert TrainConfig(augment=True, epochs=11, clean_epochs=10).augment
    with pytest.raises(ValueError, match="10 epochs with the last 10 clean would augment none"):
        TrainConfig(augment=True, epochs=10, clean_epochs=10)
    assert TrainConfig(augment=False, epochs=10, clean_epochs=10).clean_epochs == 10


def test_warps_only_when_rotating_zooming_or_bending():
    assert not TrainConfig(augment=True).warps
    assert TrainConfig(rotation=10.0).warps and TrainConfig(zoom=0.1).warps
    assert TrainConfig(elastic=1.0).warps


def test_with_options_changes_only_what_is_given():
    config = with_options(TrainConfig(), epochs=None, seed=5, batch_size=64)
    assert (config.seed, config.batch_size, config.epochs) == (5, 64, 10)
    assert with_options(config) == config


def test_recipes_differ_where_they_should():
    assert RECIPES["seed"].batch_size == 32 and RECIPES["seed"].schedule == "constant"
    assert RECIPES["best"].augment and not RECIPES["default"].augment
    assert RECIPES["shift"].augment and not RECIPES["shift"].warps and RECIPES["best"].warps
    # Only the reader is the CNN, and only it learns from real handwriting as well.
    assert [name for name, recipe in RECIPES.items() if recipe.network == "cnn"] == ["reader"]
    assert [name for name, recipe in RECIPES.items() if recipe.handwriting] == ["reader"]
    assert RECIPES["reader"].warps and RECIPES["reader"].neighbours > 0


def test_describe_names_every_field():
    text = TrainConfig().describe()
    for field in dataclasses.fields(TrainConfig):
        assert f"{field.name}=" in text
