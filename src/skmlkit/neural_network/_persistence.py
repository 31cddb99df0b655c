"""A safe file format for trained MNISTClassifier models.

One ``torch.save`` file holding two things only: the module's ``state_dict``
(tensors) and a JSON string with the hyperparameters, classes and
preprocessing constants. It is read back with ``torch.load(...,
weights_only=True)``, which refuses anything but tensors and plain
containers, so loading a file never runs code from it; the network is
rebuilt from skmlkit's own code and the JSON.
"""

import json
import os
import pickle
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from sklearn.utils.validation import check_is_fitted

from .._version import __version__
from ._abstention import AbstentionStatistics

FORMAT = "skmlkit.MNISTClassifier"
FORMAT_VERSION = 1
FITTED_KEYS = (
    "classes",
    "n_features_in",
    "feature_names_in",
    "image_shape",
    "x_mean",
    "x_scale",
)


def save_classifier(classifier, path, provenance=None):
    """Write a fitted classifier to ``path`` atomically (see module docstring).

    ``provenance`` (plain JSON data: how the model was made) is stored with
    it and read back by :func:`read_model_file`.
    """
    check_is_fitted(classifier)
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "skmlkit_version": __version__,
        "torch_version": torch.__version__,
        "params": _jsonable_params(classifier.get_params()),
        "classes": classifier.classes_.tolist(),
        "n_features_in": int(classifier.n_features_in_),
        "feature_names_in": (
            classifier.feature_names_in_.tolist()
            if hasattr(classifier, "feature_names_in_")
            else None
        ),
        "image_shape": list(classifier.image_shape_),
        "x_mean": classifier.x_mean_,
        "x_scale": classifier.x_scale_,
        "history": classifier.history_.to_dict(orient="list"),
    }
    if provenance is not None:
        meta["provenance"] = provenance
    state = {k: v.detach().cpu() for k, v in classifier.module_.state_dict().items()}
    payload = {"state_dict": state}
    if classifier.abstention_ is not None:
        meta["abstention_calibrated_on"] = classifier.abstention_.calibrated_on
        payload["abstention"] = {
            name: torch.from_numpy(np.ascontiguousarray(array))
            for name, array in classifier.abstention_.to_tensors().items()
        }
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.")
    os.close(fd)
    try:
        torch.save({"meta": json.dumps(meta), **payload}, tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path


def read_model_file(path):
    """Read and check a file written by :func:`save_classifier`.

    Parameters
    ----------
    path : str or path-like
        Model file.

    Returns
    -------
    params : dict
        Constructor parameters of the saved classifier.
    fitted : dict
        Its fitted state: ``classes``, ``n_features_in``,
        ``feature_names_in``, ``image_shape``, ``x_mean``, ``x_scale``,
        ``history`` (a DataFrame), ``abstention`` (an
        ``AbstentionStatistics``, None in files saved by older skmlkit
        versions) and ``provenance`` (a dict, or None).
    state_dict : dict of str to torch.Tensor
        The network weights.

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    ValueError
        If the file is not a skmlkit model file of a version this skmlkit
        reads, or would need to run code to load.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"No such model file: {path}")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
        meta = json.loads(payload["meta"])
        state = payload["state_dict"]
        abstention = payload.get("abstention")
    except (
        pickle.UnpicklingError,
        RuntimeError,
        KeyError,
        TypeError,
        EOFError,
        json.JSONDecodeError,
        ValueError,
        OSError,
    ) as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ValueError(
            f"{path} is not a skmlkit model file, or is damaged or unsafe "
            f"(only tensors and plain data are accepted): {reason}"
        ) from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ValueError(f"{path} is not a skmlkit MNISTClassifier model file.")
    if meta.get("format_version") != FORMAT_VERSION:
        raise ValueError(
            f"{path} has model format version {meta.get('format_version')}; this "
            f"skmlkit reads version {FORMAT_VERSION}."
        )
    if meta.get("skmlkit_version") != __version__:
        warnings.warn(
            f"{path} was saved with skmlkit {meta.get('skmlkit_version')}, this is "
            f"skmlkit {__version__}; predictions may differ.",
            UserWarning,
            stacklevel=3,
        )
    params = {
        k: tuple(v) if isinstance(v, list) else v for k, v in meta["params"].items()
    }
    fitted = {key: meta[key] for key in FITTED_KEYS}
    fitted["history"] = pd.DataFrame(meta["history"])
    fitted["provenance"] = meta.get("provenance")
    fitted["abstention"] = None
    if abstention is not None:
        fitted["abstention"] = AbstentionStatistics.from_tensors(
            {name: tensor.numpy() for name, tensor in abstention.items()},
            meta.get("abstention_calibrated_on", "training"),
        )
    return params, fitted, state


def _jsonable_params(params):
    out = {}
    for name, value in params.items():
        if isinstance(value, np.random.RandomState):
            value = None  # the trained weights are saved; the seed object is not
        elif isinstance(value, np.ndarray):
            value = value.tolist()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, np.generic):
            value = value.item()
        out[name] = value
    return out
