"""MNISTClassifier: a skorch/PyTorch classifier that is a true sklearn estimator."""

from numbers import Integral, Real

import numpy as np
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import validate_data

from ._abstention import AbstentionMixin
from ._architectures import ARCHITECTURE_NAMES, validate_module_params
from ._augment import AUGMENTATIONS
from ._engine import infer_logits, module_params, train_network
from ._incremental import IncrementalFitMixin
from ._input import (
    data_attributes,
    encode_labels,
    flatten_images,
    resolve_image_shape,
    validated_rows,
)
from ._model_files import ModelFilesMixin
from ._module_params import ModuleParamsMixin
from ._presets import PresetMixin
from ._training import resolve_device


class MNISTClassifier(
    IncrementalFitMixin,
    PresetMixin,
    ModuleParamsMixin,
    ModelFilesMixin,
    AbstentionMixin,
    ClassifierMixin,
    BaseEstimator,
):
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
    augment : {"auto", "shift", "affine", "elastic", "robust"} or None, \
            default="auto"
        Random augmentation of training images: ``"shift"`` (up to 2
        pixels), ``"affine"`` (shifts, rotations up to 10 degrees, scaling
        0.9-1.1), ``"elastic"`` (affine plus elastic distortion) or
        ``"robust"`` (other pens, slants, widths, blur: for digits that are
        not MNIST's). ``"auto"`` is ``"affine"`` for images of at least 8x8
        and no augmentation otherwise. Ignored, with a warning, for
        non-image input.
    outlier_exposure : float, default=0.0
        Non-digits added to each training batch, as a share of its rows
        (0.25: one per four digits): the quadrants of a digit moved round,
        two digits overlaid, blotches of smooth noise, made on the fly from
        the batch. Their outputs are trained towards uniform (outlier
        exposure, Hendrycks et al. 2019), so that the network is unsure of
        what is not a digit and :meth:`predict_reject` rejects it. Ignored,
        with a warning, for non-image input.
    tta : bool, default=False
        Test-time augmentation: average the class probabilities of each
        image and 4 fixed variants (rotations of 8 degrees either way, a
        1-pixel diagonal shift, a squeeze to 85% of the width) in
        ``predict*``. Costs 5 forward passes; ignored for non-image input.
    reject_rate : float, default=0.01
        Share of held-out samples of the known classes that
        :meth:`predict_reject` is calibrated to reject (see its Notes); can
        be changed after ``fit``.
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
        ``lr``, ``batch_size``, ``weight_decay``, ``augment``,
        ``outlier_exposure`` and ``label_smoothing``; the architecture,
        ``module__*`` parameters and optimizer must be those the network
        was built with.
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
    abstention_ : AbstentionStatistics or None
        Class statistics of the network's features and calibration
        distances used by :meth:`predict_reject` (None for models loaded
        from files saved by older skmlkit versions).
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
    ``"robust"``, ``"default"``, ``"accurate"`` and ``"mlp"``.

    Faults during ``fit``: a NaN or infinite loss raises
    :class:`~skmlkit.exceptions.TrainingDivergedError` at once. Ctrl-C
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
        "architecture": [StrOptions(set(ARCHITECTURE_NAMES))],
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
        "outlier_exposure": [Interval(Real, 0, 1, closed="left")],
        "tta": ["boolean"],
        "reject_rate": [Interval(Real, 0, 1, closed="neither")],
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
        outlier_exposure=0.0,
        tta=False,
        reject_rate=0.01,
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
        self.outlier_exposure = outlier_exposure
        self.tta = tta
        self.reject_rate = reject_rate
        self.device = device
        self.precision = precision
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        # Network parameters live in one private dict (like skorch's virtual
        # parameters); get_params/set_params expose them as module__<name>.
        self._store_module_params(module__params)

    # -- parameters -------------------------------------------------------

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
        X, y = self._prepare(
            X, y, first=not warm, unknown="were not seen in the first fit (classes_ ="
        )
        self._train(X, y, warm, epochs=self.max_epochs, schedule=self.lr_schedule)
        return self

    def _prepare(self, X, y, *, first, unknown, classes=None):
        """Validate fit input, set data attributes if first; y -> class indices."""
        validate_module_params(self.architecture, module_params(self))
        X, input_shape = flatten_images(X)
        X, y = validate_data(self, X, y, reset=first, dtype=[np.float32, np.float64])
        check_classification_targets(y)
        if first:
            attributes = data_attributes(
                X, y if classes is None else classes, self.image_shape, input_shape
            )
            vars(self).update(attributes, device_=resolve_device(self.device))
        elif (
            shape := resolve_image_shape(X.shape[1], self.image_shape, input_shape)
        ) != self.image_shape_:
            raise ValueError(
                f"warm_start: images of shape {shape} differ from the fitted "
                f"image_shape_ {self.image_shape_}."
            )
        return X, encode_labels(y, self.classes_, unknown)

    def _train(self, X, y, warm, *, epochs, schedule):
        net = self.net_ if warm else None
        try:
            run = train_network(self, X, y, net=net, epochs=epochs, schedule=schedule)
        except BaseException:  # a failed warm run was rolled back by the engine
            if not warm:
                self._forget_fit()
            raise
        self.net_ = run.net
        self.module_ = run.net.module_.eval()
        self.history_ = run.history
        self.n_iter_ = len(run.history)
        self._fit_abstention(run)
        if run.interrupted:
            raise KeyboardInterrupt(
                f"Training was interrupted in epoch {self.n_iter_ + 1}; the "
                f"classifier keeps the weights of epoch {self.n_iter_} (the best "
                "epoch with early stopping). Call fit with warm_start=True to "
                "train on."
            )

    def _forget_fit(self):
        """Leave the unfitted state of before a failed fresh fit."""
        for name in [name for name in vars(self) if name.endswith("_")]:
            delattr(self, name)

    # -- prediction -------------------------------------------------------

    def _logits(self, X):
        """Network outputs for X, checked like the data seen by fit."""
        return infer_logits(self, validated_rows(self, X))

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
