"""NPZ writing: byte-reproducible, atomic, loadable without pickle."""

from __future__ import annotations

import numpy as np
import pytest

from izhikevich.io import load_npz, save_npz


def test_same_content_same_bytes(tmp_path):
    arrays = {"v": np.linspace(0, 1, 5), "id": "x", "n": 3}
    save_npz(tmp_path / "a.npz", arrays)
    save_npz(tmp_path / "b.npz", dict(reversed(arrays.items())))
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    loaded = load_npz(tmp_path / "a.npz")
    assert loaded["id"] == "x" and loaded["n"] == 3
    assert np.array_equal(loaded["v"], arrays["v"])


def test_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path):
    path = tmp_path / "r.npz"
    save_npz(path, {"v": np.zeros(3)})
    old = path.read_bytes()
    with pytest.raises(TypeError):
        save_npz(path, {"a": np.zeros(2), "z": np.array([object()])})
    assert path.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["r.npz"]


def test_atomic_write_shows_a_file_complete_or_not_at_all(tmp_path):
    from izhikevich.io import atomic_write

    path = tmp_path / "sub" / "table.tsv"
    with atomic_write(path) as tmp:
        tmp.write_text("first")
        assert not path.exists()  # nothing under the final name while writing
    assert path.read_text() == "first"
    with pytest.raises(RuntimeError), atomic_write(path) as tmp:
        tmp.write_text("half of a seco")
        raise RuntimeError("killed mid-way")
    assert path.read_text() == "first"
    assert [p.name for p in path.parent.iterdir()] == ["table.tsv"]


def test_a_failing_job_leaves_its_traceback_in_its_log(tmp_path):
    from izhikevich.io import failure_logged

    log = tmp_path / "row.log"
    with pytest.raises(OverflowError), failure_logged(log, "row_x"):
        raise OverflowError("input overflows a double")
    text = log.read_text()
    assert text.startswith("row_x failed:") and "OverflowError: input overflows" in text
