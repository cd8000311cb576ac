"""tests/conftest.py: a test whose data folder is missing skips, and fails under CI."""

import pytest
from conftest import data_folder


def test_a_missing_data_folder_skips_outside_ci_and_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("SOME_DIR", "")
    with pytest.raises(pytest.skip.Exception, match="SOME_DIR is not set: point it at data"):
        data_folder("SOME_DIR", "data")
    monkeypatch.setenv("SOME_DIR", str(tmp_path))
    with pytest.raises(pytest.skip.Exception, match="SOME_DIR is .*, an empty folder"):
        data_folder("SOME_DIR", "data")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"empty folder: .*\(CI runs every measure\)"):
        data_folder("SOME_DIR", "data")
    (tmp_path / "file").touch()
    assert data_folder("SOME_DIR", "data") == tmp_path
