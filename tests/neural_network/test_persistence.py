import pickle

import numpy as np
import pytest
import torch
from sklearn.datasets import load_digits

from skmlkit import MNISTClassifier


@pytest.fixture(scope="module")
def fitted():
    X, y = load_digits(return_X_y=True)
    names = np.array(list("abcdefghij"))
    clf = MNISTClassifier(max_epochs=1, module__channels=(4, 8), random_state=0)
    return clf.fit(X[:300], names[y[:300]]), X[300:400]


def test_save_load_round_trip(fitted, tmp_path):
    clf, X = fitted
    path = clf.save(tmp_path / "model.skmlkit")
    loaded = MNISTClassifier.load(path)
    np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))
    np.testing.assert_array_equal(loaded.predict(X), clf.predict(X))
    assert loaded.get_params() == clf.get_params()
    assert loaded.module__channels == (4, 8)
    assert list(loaded.history_.columns) == list(clf.history_.columns)
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_malicious_file_is_refused_and_never_executed(tmp_path):
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    path = tmp_path / "evil.skmlkit"
    with open(path, "wb") as f:
        pickle.dump({"meta": Exploit(), "state_dict": {}}, f)
    with pytest.raises(ValueError, match="not a skmlkit model file"):
        MNISTClassifier.load(path)
    assert not marker.exists()
    torch.save({"meta": Exploit(), "state_dict": {}}, path)
    with pytest.raises(ValueError, match="unsafe"):
        MNISTClassifier.load(path)
    assert not marker.exists()


def test_wrong_files(fitted, tmp_path):
    with pytest.raises(FileNotFoundError):
        MNISTClassifier.load(tmp_path / "missing.skmlkit")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(ValueError, match="not a skmlkit model file"):
        MNISTClassifier.load(text)
    other = tmp_path / "other.pt"
    torch.save({"meta": '{"format": "something else"}', "state_dict": {}}, other)
    with pytest.raises(ValueError, match="not a skmlkit MNISTClassifier"):
        MNISTClassifier.load(other)


def test_version_mismatch_warns(fitted, tmp_path, monkeypatch):
    clf, _ = fitted
    from skmlkit.neural_network import _persistence

    monkeypatch.setattr(_persistence, "__version__", "0.0.1")
    path = clf.save(tmp_path / "old.skmlkit")
    monkeypatch.undo()
    with pytest.warns(UserWarning, match="saved with skmlkit 0.0.1"):
        MNISTClassifier.load(path)


def test_unfitted_cannot_be_saved(tmp_path):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        MNISTClassifier().save(tmp_path / "m.skmlkit")


def test_other_format_version_is_refused(fitted, tmp_path):
    import json

    clf, _ = fitted
    path = clf.save(tmp_path / "model.skmlkit")
    payload = torch.load(path, weights_only=True)
    meta = json.loads(payload["meta"])
    meta["format_version"] = 99
    torch.save({"meta": json.dumps(meta), "state_dict": payload["state_dict"]}, path)
    with pytest.raises(ValueError, match="model format version 99"):
        MNISTClassifier.load(path)


def test_crash_mid_save_leaves_the_old_file_and_no_partial_one(
    fitted, tmp_path, monkeypatch
):
    clf, X = fitted
    path = clf.save(tmp_path / "model.skmlkit")
    before = path.read_bytes()

    def crash_half_way(obj, file):
        with open(file, "wb") as f:
            f.write(before[: len(before) // 2])  # a truncated write...
        raise OSError("disk full")  # ...then the failure

    monkeypatch.setattr(torch, "save", crash_half_way)
    with pytest.raises(OSError, match="disk full"):
        clf.save(path)
    assert path.read_bytes() == before  # the old model is intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.skmlkit"]
    monkeypatch.undo()
    np.testing.assert_array_equal(MNISTClassifier.load(path).predict(X), clf.predict(X))
