"""Documented parameter sets of MNISTClassifier (see ``MNISTClassifier.preset``)."""

# The preset a user gets with no options (``skmlkit mnist train``, the demo).
DEFAULT_PRESET = "robust"

PRESETS = {
    # A small CNN and a short one-cycle schedule: >= 99% on MNIST in seconds.
    "fast": {
        "architecture": "cnn",
        "module__channels": (16, 32),
        "module__kernel_size": 3,
        "module__hidden_units": 128,
        "max_epochs": 3,
        "batch_size": 256,
        "lr": 8e-3,
        "augment": None,
    },
    # The fast network trained longer on digits written, scanned and
    # photographed in other ways ("robust" augmentation), predicting with
    # test-time augmentation: the CLI's default.
    "robust": {
        "architecture": "cnn",
        "module__channels": (16, 32),
        "module__kernel_size": 3,
        "module__hidden_units": 128,
        "max_epochs": 6,
        "batch_size": 256,
        "lr": 8e-3,
        "augment": "robust",
        # One non-digit per four digits in each batch, trained towards
        # uniform outputs, so that the network is unsure of non-digits.
        "outlier_exposure": 0.25,
        "tta": True,
        # Held-out rows: validation scores in history_ and the calibration
        # of predict_reject on digits the network was not trained on.
        "validation_fraction": 0.05,
    },
    # The constructor defaults: CNN with batch norm, shift/rotation augmentation.
    "default": {},
    # Deeper CNN, elastic augmentation, long schedule: the most accurate.
    "accurate": {
        "architecture": "deep_cnn",
        "max_epochs": 30,
        "batch_size": 128,
        "lr": 3e-3,
        "augment": "elastic",
        "label_smoothing": 0.05,
    },
    # A fully connected network: quick, no convolutions.
    "mlp": {
        "architecture": "mlp",
        "module__hidden_units": (256, 128),
        "max_epochs": 5,
        "batch_size": 256,
        "lr": 3e-3,
        "augment": None,
    },
}


class PresetMixin:
    """Adds the ``preset`` constructor of named parameter sets."""

    @classmethod
    def preset(cls, name, **overrides):
        """Return a classifier with a named parameter set.

        Parameters
        ----------
        name : {"fast", "robust", "default", "accurate", "mlp"}
            ``"fast"``: small CNN (16 and 32 channels, 3x3), 3 epochs, no
            augmentation (>= 99% on MNIST); ``"robust"``: the same network,
            6 epochs of ``"robust"`` augmentation and test-time
            augmentation, for digit files that are not MNIST's (the command
            line's default); ``"default"``: the
            constructor defaults; ``"accurate"``: deep CNN, 30 epochs,
            elastic augmentation; ``"mlp"``: a 256-128 fully connected
            network, 5 epochs.
        **overrides : dict
            Parameters that replace the preset's values.

        Returns
        -------
        classifier : MNISTClassifier
            A new, unfitted classifier.

        Examples
        --------
        >>> from skmlkit import MNISTClassifier
        >>> MNISTClassifier.preset("fast", random_state=0).max_epochs
        3
        """
        if name not in PRESETS:
            raise ValueError(
                f"Unknown preset {name!r}; choose one of {sorted(PRESETS)}."
            )
        return cls(**{**PRESETS[name], **overrides})
