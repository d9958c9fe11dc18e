import os
import tempfile

from goldenthread import charts


def test_an_unwritable_home_sends_matplotlib_to_a_temporary_folder(monkeypatch, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(os, "environ", {"HOME": str(home)})
    # The tests may run as root, who can write anywhere: say the home folder is read-only.
    monkeypatch.setattr(os, "access", lambda path, mode: not str(path).startswith(str(home)))

    charts._config_dir_ensure()

    folder = os.environ["MPLCONFIGDIR"]
    assert folder.startswith(tempfile.gettempdir())
    assert "goldenthread-matplotlib" in folder


def test_a_writable_home_is_left_to_matplotlib(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "environ", {"HOME": str(tmp_path)})

    charts._config_dir_ensure()

    assert "MPLCONFIGDIR" not in os.environ


def test_a_folder_already_chosen_is_kept(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "environ", {"HOME": "/nonexistent", "MPLCONFIGDIR": str(tmp_path)})

    charts._config_dir_ensure()

    assert os.environ["MPLCONFIGDIR"] == str(tmp_path)
