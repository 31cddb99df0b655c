"""MNISTClassifier: a skorch/PyTorch classifier that is a true sklearn estimator."""

import warnings
from numbers import Integral, Real

import numpy as np
import pandas as pd
import torch
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._augment import AUGMENTATIONS
from ._input import (
    MIN_IMAGE_SIDE,
    flatten_images,
    resolve_image_shape,
    standardization,
    to_network_input,
)
from ._modules import ARCHITECTURES, module_kwargs
from ._presets import PRESETS
from ._training import (
    EpochCheckpoint,
    LRSchedule,
    MixedPrecisionNet,
    RecalibrateBatchNorm,
    StopOnNonFiniteLoss,
    TensorBatches,
    autocast_dtype,
    derive_seed,
    make_optimizer,
    resolve_device,
)

# Inference runs in chunks of exactly this many rows (the last one padded):
# float32 kernels then see identical shapes whatever the batch, so a sample's
# output never depends on which other samples are predicted with it.
INFERENCE_CHUNK = 512
MODULE_PREFIX = "module__"


class MNISTClassifier(ClassifierMixin, BaseEstimator):
    """Neural image classifier (MLP or CNN) on skorch and PyTorch.

    A scikit-learn classifier for MNIST-like images that trains a PyTorch
    network through skorch. It takes flat pixel rows ``(n, h*w)``, image
    stacks ``(n, h, w)`` or ``(n, 1, h, w)``, or DataFrames, of any numeric
    dtype and range, and any hashable labels. Fitting is reproducible for a
    given ``random_state`` and predictions for a sample do not depend on the
    other samples predicted with it.

    Parameters
    ----------
    architecture : {"cnn", "deep_cnn", "mlp"}, default="cnn"
        Network: ``"cnn"`` two convolution blocks (32 and 64 channels, 5x5)
        with batch norm and a 128-unit dense layer; ``"deep_cnn"`` three
        blocks of two 3x3 convolutions (32, 64, 128 channels); ``"mlp"`` a
        fully connected network. Layers, units, activation and dropout are
        set with ``module__*`` parameters (see Notes).
    image_shape : tuple of (int, int), default=None
        (height, width) of the images. By default taken from image-stack
        input, else a square when the number of features is a square of side
        >= 8, else ``(1, n_features)`` (any feature count works).
    max_epochs : int, default=10
        Training epochs (passes over the training data).
    batch_size : int, default=128
        Training mini-batch size.
    lr : float, default=3e-3
        Peak learning rate.
    optimizer : {"adam", "adamw", "sgd", "rmsprop"}, default="adam"
        Optimizer (SGD with Nesterov momentum 0.9).
    weight_decay : float, default=0.0
        L2 penalty (decoupled for ``"adamw"``).
    lr_schedule : {"onecycle", "cosine", "constant"}, default="onecycle"
        Learning-rate schedule over the training steps.
    label_smoothing : float, default=0.0
        Label smoothing of the cross-entropy loss.
    early_stopping : bool, default=False
        Stop when the validation loss has not improved for ``patience``
        epochs and restore the best weights.
    validation_fraction : float, default=None
        Share of the training data held out (stratified) to report
        validation loss and accuracy in ``history_``; 0.1 when
        ``early_stopping`` is True and this is None.
    patience : int, default=5
        Epochs without improvement before early stopping.
    augment : {"auto", "shift", "affine", "elastic"} or None, default="auto"
        Random augmentation of training images: ``"shift"`` (up to 2
        pixels), ``"affine"`` (shifts, rotations up to 10 degrees, scaling
        0.9-1.1) or ``"elastic"`` (affine plus elastic distortion).
        ``"auto"`` is ``"affine"`` for images of at least 8x8 and no
        augmentation otherwise. Ignored, with a warning, for non-image input.
    device : {"auto", "cpu", "cuda"}, default="auto"
        Torch device; ``"auto"`` picks CUDA when available.
    precision : {"auto", "float32", "bfloat16"}, default="auto"
        Arithmetic of the training forward passes. ``"bfloat16"`` runs them
        under ``torch.autocast`` in bfloat16 mixed precision (weights,
        gradients and optimizer state stay float32); ``"auto"`` does so on
        CUDA GPUs that support bfloat16, where it is faster, and uses
        float32 elsewhere. Predictions are always computed in float32.
    random_state : int, RandomState instance or None, default=None
        Seeds weight initialisation, shuffling, dropout, augmentation and the
        validation split. Torch's global random state is left untouched.
    verbose : int, default=0
        0 silent, 1 an epoch table, 2 also a progress bar per epoch.
    warm_start : bool, default=False
        If True, ``fit`` continues training the fitted network for
        ``max_epochs`` more epochs instead of starting anew, with the current
        ``lr``, ``batch_size``, ``weight_decay``, ``augment`` and
        ``label_smoothing``; the architecture, ``module__*`` parameters and
        optimizer must be those the network was built with.
    **module__params : dict
        ``module__<name>`` parameters passed to the network (see Notes).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Number of features (pixels) seen during fit.
    feature_names_in_ : ndarray of shape (n_features_in,)
        Column names, when fit on a DataFrame with string column names.
    image_shape_ : tuple of int
        (height, width) the network sees.
    net_ : skorch.NeuralNetClassifier
        The skorch net that trained the module.
    module_ : torch.nn.Module
        The trained PyTorch module.
    history_ : pandas.DataFrame
        One row per epoch: ``epoch``, ``train_loss``, ``valid_loss`` and
        ``valid_acc`` (with a validation set), ``lr`` and ``dur`` (seconds).
    n_iter_ : int
        Number of epochs trained.
    device_ : str
        Device the module lives on.

    See Also
    --------
    sklearn.neural_network.MLPClassifier : fully connected network in NumPy.

    Notes
    -----
    ``module__*`` parameters by architecture (all tunable in
    ``GridSearchCV``): ``"mlp"``: ``hidden_units`` (tuple), ``activation``,
    ``dropout``, ``batch_norm``; ``"cnn"`` and ``"deep_cnn"``: ``channels``
    (tuple), ``kernel_size``, ``convs_per_block``, ``hidden_units`` (int),
    ``activation``, ``dropout``, ``batch_norm``. Activations: relu, gelu,
    silu, elu, leaky_relu, tanh.

    Named parameter sets are available through :meth:`preset`: ``"fast"``,
    ``"default"``, ``"accurate"`` and ``"mlp"``.

    Faults during ``fit``: a NaN or infinite loss raises
    :class:`~skmlkit.neural_network.TrainingDivergedError` at once. Ctrl-C
    (``KeyboardInterrupt``) keeps the weights of the last completed epoch
    (the best one with early stopping), then raises ``KeyboardInterrupt``
    again with a message saying so; ``fit`` with ``warm_start=True`` trains
    on from there. A failed fresh fit leaves the estimator unfitted; a failed
    warm start leaves the model it started from.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from skmlkit import MNISTClassifier
    >>> X, y = load_digits(return_X_y=True)
    >>> clf = MNISTClassifier(max_epochs=5, random_state=0).fit(X[:1000], y[:1000])
    >>> clf.image_shape_
    (8, 8)
    >>> clf.score(X[1000:], y[1000:]) > 0.9
    True
    """

    _parameter_constraints = {
        "architecture": [StrOptions(set(ARCHITECTURES))],
        "image_shape": [None, tuple, list],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "optimizer": [StrOptions({"adam", "adamw", "sgd", "rmsprop"})],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "lr_schedule": [StrOptions({"onecycle", "cosine", "constant"})],
        "label_smoothing": [Interval(Real, 0, 1, closed="left")],
        "early_stopping": ["boolean"],
        "validation_fraction": [None, Interval(Real, 0, 1, closed="neither")],
        "patience": [Interval(Integral, 1, None, closed="left")],
        "augment": [None, StrOptions({"auto", *AUGMENTATIONS})],
        "device": [StrOptions({"auto", "cpu", "cuda"})],
        "precision": [StrOptions({"auto", "float32", "bfloat16"})],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
    }

    def __init__(
        self,
        *,
        architecture="cnn",
        image_shape=None,
        max_epochs=10,
        batch_size=128,
        lr=3e-3,
        optimizer="adam",
        weight_decay=0.0,
        lr_schedule="onecycle",
        label_smoothing=0.0,
        early_stopping=False,
        validation_fraction=None,
        patience=5,
        augment="auto",
        device="auto",
        precision="auto",
        random_state=None,
        verbose=0,
        warm_start=False,
        **module__params,
    ):
        self.architecture = architecture
        self.image_shape = image_shape
        self.max_epochs = max_epochs
        self.batch_size = batch_size
        self.lr = lr
        self.optimizer = optimizer
        self.weight_decay = weight_decay
        self.lr_schedule = lr_schedule
        self.label_smoothing = label_smoothing
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.augment = augment
        self.device = device
        self.precision = precision
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        for name in module__params:
            if not name.startswith(MODULE_PREFIX):
                raise TypeError(
                    f"MNISTClassifier got an unexpected keyword argument {name!r}; "
                    f"network parameters take the prefix {MODULE_PREFIX!r}."
                )
        # Network parameters live in one private dict (like skorch's virtual
        # parameters); get_params/set_params expose them as module__<name>.
        self._module_params = dict(module__params)

    # -- parameters -------------------------------------------------------

    @classmethod
    def preset(cls, name, **overrides):
        """Return a classifier with a named parameter set.

        Parameters
        ----------
        name : {"fast", "default", "accurate", "mlp"}
            ``"fast"``: small CNN (16 and 32 channels, 3x3), 3 epochs, no
            augmentation (>= 99% on MNIST); ``"default"``: the constructor
            defaults; ``"accurate"``: deep CNN, 30 epochs, elastic
            augmentation; ``"mlp"``: a 256-128 fully connected network, 5
            epochs.
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

    def get_params(self, deep=True):
        """Get parameters, including the ``module__*`` ones.

        Parameters
        ----------
        deep : bool, default=True
            Kept for compatibility; there are no sub-estimators.

        Returns
        -------
        params : dict
            Parameter names mapped to their values.
        """
        params = super().get_params(deep=deep)
        params.update(self._module_params_for(prefixed=True))
        return params

    def set_params(self, **params):
        """Set parameters, including ``module__*`` ones.

        Parameters
        ----------
        **params : dict
            Estimator parameters.

        Returns
        -------
        self : MNISTClassifier
            This estimator.
        """
        for name in [name for name in params if name.startswith(MODULE_PREFIX)]:
            self._module_params[name] = params.pop(name)
        return super().set_params(**params)

    def __getattr__(self, name):
        # module__<name> parameters read like ordinary attributes.
        if name.startswith(MODULE_PREFIX) and "_module_params" in vars(self):
            try:
                return self._module_params[name]
            except KeyError:
                pass
        raise AttributeError(
            f"{type(self).__name__!r} object has no attribute {name!r}"
        )

    def _module_params_for(self, prefixed=False):
        return {
            (name if prefixed else name[len(MODULE_PREFIX) :]): value
            for name, value in self._module_params.items()
        }

    def __sklearn_is_fitted__(self):
        # Not "any attribute ending in _": a fit that failed validation may
        # have set n_features_in_ or feature_names_in_ already.
        return hasattr(self, "module_")

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags

    # -- fitting ----------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Train the network.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n, h, w) or (n, 1, h, w)
            Training images (any numeric dtype and range) or features.
        y : array-like of shape (n_samples,)
            Class labels (any hashable values, at least two classes).

        Returns
        -------
        self : MNISTClassifier
            The fitted classifier.
        """
        warm = self.warm_start and hasattr(self, "net_")
        X, input_shape = flatten_images(X)
        X, y = validate_data(self, X, y, reset=not warm, dtype=[np.float32, np.float64])
        check_classification_targets(y)
        if warm:
            self._check_warm_start(X, input_shape)
        else:
            self._init_data_attributes(X, y, input_shape)
        y = self._encode_labels(y, "were not seen in the first fit (classes_ =")
        self._train(X, y, warm, epochs=self.max_epochs, schedule=self.lr_schedule)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None):
        """Train for one epoch on (X, y), continuing from the current weights.

        The first call initialises the network and the input standardisation
        (from this first batch of data) and needs ``classes``. Later calls
        must use the same features and labels from ``classes``. The learning
        rate stays constant at ``lr`` (a schedule needs the run's length).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n, h, w) or (n, 1, h, w)
            Training images or features.
        y : array-like of shape (n_samples,)
            Class labels.
        classes : array-like of shape (n_classes,), default=None
            All the class labels; required on the first call.

        Returns
        -------
        self : MNISTClassifier
            The updated classifier.
        """
        first = not hasattr(self, "net_")
        X, input_shape = flatten_images(X)
        X, y = validate_data(self, X, y, reset=first, dtype=[np.float32, np.float64])
        check_classification_targets(y)
        if first:
            if classes is None:
                raise ValueError(
                    "classes must be passed on the first call to partial_fit."
                )
            self._init_data_attributes(X, classes, input_shape)
        else:
            self._check_warm_start(X, input_shape)
            if classes is not None and not np.array_equal(
                np.unique(classes), self.classes_
            ):
                raise ValueError(
                    f"classes={list(classes)} differs from the classes of the "
                    f"first call, {self.classes_.tolist()}."
                )
        y = self._encode_labels(y, "are not in classes (")
        self._train(X, y, not first, epochs=1, schedule="constant")
        return self

    def _encode_labels(self, y, unknown_reason):
        """Return y's label indices in ``classes_``; new labels are an error."""
        unknown = ~np.isin(y, self.classes_)
        if unknown.any():
            raise ValueError(
                f"y has labels {np.unique(y[unknown]).tolist()} that "
                f"{unknown_reason} {self.classes_.tolist()})."
            )
        return np.searchsorted(self.classes_, y)

    def _init_data_attributes(self, X, y, input_shape):
        self.classes_ = np.unique(y)
        if len(self.classes_) < 2:
            raise ValueError(
                "MNISTClassifier needs samples of at least 2 classes in the data, "
                f"but the data contains only one class: {self.classes_[0]!r}."
            )
        self.image_shape_ = resolve_image_shape(
            X.shape[1], self.image_shape, input_shape
        )
        self.x_mean_, self.x_scale_ = standardization(X)
        self.device_ = resolve_device(self.device)

    def _check_warm_start(self, X, input_shape):
        shape = resolve_image_shape(X.shape[1], self.image_shape, input_shape)
        if shape != self.image_shape_:
            raise ValueError(
                f"warm_start: images of shape {shape} differ from the fitted "
                f"image_shape_ {self.image_shape_}."
            )

    def _augmentation(self):
        height, width = self.image_shape_
        is_image = min(height, width) >= MIN_IMAGE_SIDE
        if self.augment == "auto":
            return "affine" if is_image else None
        if self.augment is not None and not is_image:
            warnings.warn(
                f"augment={self.augment!r} ignored: the input is not an image "
                f"(image_shape_={self.image_shape_}).",
                UserWarning,
                stacklevel=3,
            )
            return None
        return self.augment

    def _train(self, X, y, warm, *, epochs, schedule):
        seed = derive_seed(check_random_state(self.random_state))
        devices = [self.device_] if self.device_.startswith("cuda") else []
        with torch.random.fork_rng(devices=devices):
            torch.manual_seed(seed)
            X_train, y_train, valid = self._split(X, y, seed)
            train = self._to_tensors(X_train, y_train)
            if warm:
                self._update_warm_net()
            else:
                self.net_ = self._build_net(len(self.classes_))
                self.net_.initialize()
            self.net_.set_params(
                train_split=_predefined(valid),
                callbacks__lr_schedule__policy=schedule,
                callbacks__lr_schedule__epochs=epochs,
            )
            try:
                self.net_.partial_fit(*train, epochs=epochs)
            except BaseException:  # diverged, interrupted while not in an epoch
                self._undo_training(warm)
                raise
        checkpoint = dict(self.net_.callbacks_)["checkpoint"]
        if checkpoint.interrupted_ and not warm and not len(self.net_.history):
            self._undo_training(warm)
            raise KeyboardInterrupt(
                "Training was interrupted before its first "
                "epoch completed; the classifier is not fitted."
            )
        self.module_ = self.net_.module_.eval()
        self.history_ = _history_frame(self.net_.history)
        self.n_iter_ = len(self.history_)
        if checkpoint.interrupted_:
            raise KeyboardInterrupt(
                f"Training was interrupted in epoch {self.n_iter_ + 1}; the "
                f"classifier keeps the weights of epoch {self.n_iter_} (the best "
                "epoch with early stopping). Call fit with warm_start=True to "
                "train on."
            )

    def _update_warm_net(self):
        """Apply the current training parameters to the network trained on.

        The weights and optimizer state are kept, so the network's structure
        and optimizer must be those it was built with.
        """
        module_class, kwargs = module_kwargs(
            self.architecture, self._module_params_for()
        )
        built = {
            key[len("module__") :]: value
            for key, value in self.net_.get_params().items()
            if key.startswith("module__")
            and key not in ("module__image_shape", "module__n_classes")
        }
        if module_class is not self.net_.module or built != kwargs:
            raise ValueError(
                "warm_start=True continues training the fitted network, but "
                "architecture or module__* parameters changed since it was built; "
                "set warm_start=False to train a new network."
            )
        if make_optimizer(self.optimizer) is not self.net_.optimizer:
            raise ValueError(
                f"warm_start=True keeps the fitted optimizer "
                f"({self.net_.optimizer.__name__}); optimizer={self.optimizer!r} "
                "needs warm_start=False."
            )
        self.net_.set_params(
            lr=self.lr,
            batch_size=self.batch_size,
            iterator_train__augment=self._augmentation(),
            criterion__label_smoothing=self.label_smoothing,
        )
        for group in self.net_.optimizer_.param_groups:
            group["weight_decay"] = self.weight_decay

    def _undo_training(self, warm):
        """Leave the state from before a failed training run."""
        if warm:
            dict(self.net_.callbacks_)["checkpoint"].rollback(self.net_)
            return
        for name in [name for name in vars(self) if name.endswith("_")]:
            delattr(self, name)

    def _split(self, X, y, seed):
        fraction = self.validation_fraction
        if fraction is None and self.early_stopping:
            fraction = 0.1
        if fraction is None:
            return X, y, None
        from sklearn.model_selection import train_test_split

        n_valid = int(np.ceil(fraction * len(y)))
        if n_valid < 1 or len(y) - n_valid < 2:
            raise ValueError(
                f"validation_fraction={fraction} leaves no validation or training "
                f"data with {len(y)} samples."
            )
        counts = np.bincount(y)
        stratify = y if counts[counts > 0].min() >= 2 else None
        X_train, X_valid, y_train, y_valid = train_test_split(
            X, y, test_size=n_valid, stratify=stratify, random_state=seed % 2**31
        )
        return X_train, y_train, self._to_tensors(X_valid, y_valid)

    def _to_tensors(self, X, y):
        X = to_network_input(X, self.x_mean_, self.x_scale_, self.image_shape_)
        return (
            torch.from_numpy(X).to(self.device_),
            torch.from_numpy(np.asarray(y, dtype=np.int64)).to(self.device_),
        )

    def _build_net(self, n_classes):
        from skorch.callbacks import EarlyStopping, ProgressBar

        module_class, kwargs = module_kwargs(
            self.architecture, self._module_params_for()
        )
        optimizer_params = {"weight_decay": self.weight_decay}
        if self.optimizer == "sgd":
            optimizer_params.update(momentum=0.9, nesterov=True)
        callbacks = [
            (
                "lr_schedule",
                LRSchedule(self.lr_schedule, self.max_epochs, self.batch_size),
            ),
            ("finite_loss", StopOnNonFiniteLoss()),
            # Before early stopping, which ends training by an interrupt.
            ("checkpoint", EpochCheckpoint()),
        ]
        if self.early_stopping:
            callbacks.append(
                (
                    "early_stopping",
                    EarlyStopping(
                        monitor="valid_loss", patience=self.patience, load_best=True
                    ),
                )
            )
        if self.verbose >= 2:
            callbacks.append(("progress", ProgressBar()))
        # Last, so that it sees the weights early stopping restored.
        callbacks.append(("recalibrate_bn", RecalibrateBatchNorm(self.batch_size)))
        return MixedPrecisionNet(
            module_class,
            autocast_dtype=autocast_dtype(self.precision, self.device_),
            **{f"module__{k}": v for k, v in kwargs.items()},
            module__image_shape=self.image_shape_,
            module__n_classes=n_classes,
            criterion=torch.nn.CrossEntropyLoss,
            criterion__label_smoothing=self.label_smoothing,
            optimizer=make_optimizer(self.optimizer),
            **{f"optimizer__{k}": v for k, v in optimizer_params.items()},
            lr=self.lr,
            max_epochs=self.max_epochs,
            batch_size=self.batch_size,
            iterator_train=TensorBatches,
            iterator_train__shuffle=True,
            iterator_train__augment=self._augmentation(),
            iterator_valid=TensorBatches,
            train_split=None,  # set per training run by _train
            callbacks=callbacks,
            classes=np.arange(n_classes),
            device=self.device_,
            verbose=int(self.verbose > 0),
        )

    # -- persistence ------------------------------------------------------

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
        from ._persistence import save_classifier

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
        from ._persistence import load_classifier

        return load_classifier(cls, path, device=device)

    # -- prediction -------------------------------------------------------

    def _logits(self, X):
        """Network outputs for X, in fixed-size chunks (see INFERENCE_CHUNK)."""
        check_is_fitted(self)
        X, input_shape = flatten_images(X)
        X = validate_data(self, X, reset=False, dtype=[np.float32, np.float64])
        if input_shape is not None and input_shape != self.image_shape_:
            raise ValueError(
                f"X holds images of shape {input_shape}, but the classifier was "
                f"fitted on images of shape {self.image_shape_}."
            )
        X = torch.from_numpy(
            to_network_input(X, self.x_mean_, self.x_scale_, self.image_shape_)
        )
        module = self.module_.eval()
        logits = np.empty((len(X), len(self.classes_)), dtype=np.float64)
        padded = torch.zeros(
            (INFERENCE_CHUNK, *X.shape[1:]), dtype=X.dtype, device=self.device_
        )
        with torch.inference_mode():
            for start in range(0, len(X), INFERENCE_CHUNK):
                chunk = X[start : start + INFERENCE_CHUNK]
                padded[: len(chunk)] = chunk
                padded[len(chunk) :] = 0
                out = module(padded)[: len(chunk)]
                logits[start : start + len(chunk)] = out.double().cpu().numpy()
        bad = np.flatnonzero(~np.isfinite(logits).all(axis=1))
        if len(bad):
            raise ValueError(
                f"The network's outputs overflow for {len(bad)} of {len(X)} "
                f"samples (rows {bad[:5].tolist()}...): their values are too far "
                "from the training data's range. Scale X as it was for fit."
            )
        return logits

    def predict_proba(self, X):
        """Class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n, h, w) or (n, 1, h, w)
            Images or features.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probability of each class, in the order of ``classes_``.
        """
        return softmax(self._logits(X), axis=1)

    def predict_log_proba(self, X):
        """Logarithm of the class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n, h, w) or (n, 1, h, w)
            Images or features.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log-probability of each class, in the order of ``classes_``.
        """
        return log_softmax(self._logits(X), axis=1)

    def predict(self, X):
        """Predict class labels.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features), (n, h, w) or (n, 1, h, w)
            Images or features.

        Returns
        -------
        y : ndarray of shape (n_samples,)
            Predicted labels, taken from ``classes_``.
        """
        logits = self._logits(X)  # checks fitted before classes_ is read
        return self.classes_[np.argmax(logits, axis=1)]


def _predefined(valid):
    """Return the skorch ``train_split`` for held-out (X, y) tensors, or None."""
    if valid is None:
        return None
    from skorch.dataset import Dataset
    from skorch.helper import predefined_split

    return predefined_split(Dataset(*valid))


def _history_frame(history):
    """One row per epoch of a skorch history."""
    columns = ["epoch", "train_loss", "valid_loss", "valid_acc", "dur"]
    rows = []
    for entry in history:
        row = {key: entry[key] for key in columns if key in entry}
        batches = entry.get("batches") or []
        lrs = [batch["lr"] for batch in batches if "lr" in batch]
        if lrs:
            row["lr"] = lrs[-1]
        rows.append(row)
    return pd.DataFrame(rows)
