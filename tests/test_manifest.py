"""examples/manifest.py: the folders of real pictures and their manifests."""

from examples.manifest import folder_from_env, manifest_rows


def test_the_folder_comes_from_its_variable_and_is_none_when_unset(monkeypatch, tmp_path):
    monkeypatch.setenv("DIGITS_TEST_FOLDER", str(tmp_path))
    assert folder_from_env("DIGITS_TEST_FOLDER") == tmp_path
    monkeypatch.setenv("DIGITS_TEST_FOLDER", "")
    assert folder_from_env("DIGITS_TEST_FOLDER") is None
    monkeypatch.delenv("DIGITS_TEST_FOLDER")
    assert folder_from_env("DIGITS_TEST_FOLDER") is None


def test_the_manifest_rows_are_keyed_by_the_header_in_order(tmp_path):
    (tmp_path / "manifest.tsv").write_bytes(b"file\tlabel\n1.png\t7\n0.png\t3\n")
    assert manifest_rows(tmp_path) == [
        {"file": "1.png", "label": "7"},
        {"file": "0.png", "label": "3"},
    ]
