"""Model files of MNISTClassifier: save and load in skmlkit's safe format, ONNX export.

The file format itself is in ``_persistence.py``; this mixin is the
estimator's side of it: what it writes, and how a loaded classifier sets its
own fitted state.
"""

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ._engine import restore_net
from ._persistence import read_model_file, save_classifier
from ._training import resolve_device


class ModelFilesMixin:
    """``save``, ``load`` and ``to_onnx`` for :class:`MNISTClassifier`."""

    def save(self, path):
        """Save the fitted classifier in skmlkit's safe model format.

        The file holds the network weights and a JSON description, nothing
        executable; :meth:`load` rebuilds the classifier from it. Pickle and
        joblib also work, but only load those from sources you trust.

        Parameters
        ----------
        path : str or path-like
            Destination file (conventionally ``*.skmlkit``); written
            atomically.

        Returns
        -------
        path : pathlib.Path
            The written file.
        """
        return save_classifier(self, path)

    def to_onnx(self, path):
        """Export the fitted classifier to ONNX, preprocessing included.

        The graph's input ``pixels`` takes float32 rows of ``n_features_in_``
        pixels in the units ``fit`` saw (for MNIST, 0-255), any number of
        rows; its output ``probabilities`` equals :meth:`predict_proba` up to
        float32 rounding. The class labels are stored in the model's
        metadata (``classes``, JSON). Needs the ``onnx`` extra (``onnx``,
        ``onnxscript``; ``onnxruntime`` to run the file).

        Parameters
        ----------
        path : str or path-like
            File to write (``.onnx``).

        Returns
        -------
        path : pathlib.Path
            The written file.

        Examples
        --------
        >>> import json, os, tempfile
        >>> import numpy as np
        >>> import onnxruntime
        >>> from sklearn.datasets import load_digits
        >>> from skmlkit import MNISTClassifier
        >>> X, y = load_digits(return_X_y=True)
        >>> clf = MNISTClassifier(max_epochs=2, random_state=0).fit(X[:500], y[:500])
        >>> path = clf.to_onnx(os.path.join(tempfile.mkdtemp(), "digits.onnx"))
        >>> session = onnxruntime.InferenceSession(path)
        >>> proba = session.run(None, {"pixels": X[500:510].astype(np.float32)})[0]
        >>> bool(np.allclose(proba, clf.predict_proba(X[500:510]), atol=1e-5))
        True
        >>> json.loads(session.get_modelmeta().custom_metadata_map["classes"])[:3]
        [0, 1, 2]
        """
        from ._onnx import export_onnx

        check_is_fitted(self)
        return export_onnx(self, path)

    @classmethod
    def load(cls, path, *, device="auto"):
        """Load a classifier saved with :meth:`save`, without running its code.

        Parameters
        ----------
        path : str or path-like
            Model file.
        device : {"auto", "cpu", "cuda"}, default="auto"
            Device for the loaded network.

        Returns
        -------
        classifier : MNISTClassifier
            The fitted classifier.

        Raises
        ------
        ValueError
            If the file is not a valid skmlkit model file (including files
            that would need to run code to load).

        Examples
        --------
        >>> import os, tempfile
        >>> from sklearn.datasets import load_digits
        >>> from skmlkit import MNISTClassifier
        >>> X, y = load_digits(return_X_y=True)
        >>> clf = MNISTClassifier(max_epochs=1, random_state=0).fit(X, y)
        >>> path = clf.save(os.path.join(tempfile.mkdtemp(), "digits.skmlkit"))
        >>> same = MNISTClassifier.load(path)
        >>> bool((same.predict(X) == clf.predict(X)).all())
        True
        """
        return cls._from_file_contents(*read_model_file(path), device=device)

    @classmethod
    def _from_file_contents(cls, params, fitted, state_dict, *, device="auto"):
        """Build the fitted classifier that ``read_model_file`` describes."""
        classifier = cls(**{**params, "device": device})
        classifier._restore_fit(fitted, state_dict)
        return classifier

    def _restore_fit(self, fitted, state_dict):
        """Set the fitted state read from a model file (see :meth:`load`)."""
        self.classes_ = np.array(fitted["classes"])
        self.n_features_in_ = fitted["n_features_in"]
        if fitted["feature_names_in"] is not None:
            self.feature_names_in_ = np.array(fitted["feature_names_in"], dtype=object)
        self.image_shape_ = tuple(fitted["image_shape"])
        self.x_mean_, self.x_scale_ = fitted["x_mean"], fitted["x_scale"]
        self.device_ = resolve_device(self.device)
        self.history_ = fitted["history"]
        self.n_iter_ = len(self.history_)
        self.abstention_ = fitted["abstention"]
        self.net_ = restore_net(self, state_dict)
        self.module_ = self.net_.module_
