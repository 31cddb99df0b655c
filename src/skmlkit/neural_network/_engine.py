"""Training engine of MNISTClassifier: build the skorch net, train, update, roll back.

The estimator owns the scikit-learn contract and its fitted attributes. The
functions here read its hyperparameters and data attributes (``classes_``,
``image_shape_``, ``x_mean_``, ``x_scale_``, ``device_``), build and run the
skorch net, and hand results back; they never set attributes on it.
"""

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch
from sklearn.utils import check_random_state

from ._architectures import MODULE_PREFIX
from ._augment import TTA_VIEWS, augment_batch, tta_views
from ._input import MIN_IMAGE_SIDE, to_network_input
from ._modules import module_kwargs
from ._training import (
    EpochCheckpoint,
    LRSchedule,
    MixedPrecisionNet,
    OutlierExposureLoss,
    RecalibrateBatchNorm,
    StopOnNonFiniteLoss,
    TensorBatches,
    autocast_dtype,
    derive_seed,
    make_optimizer,
)

# Inference runs in chunks of exactly this many rows (the last one padded):
# float32 kernels then see identical shapes whatever the batch, so a sample's
# output never depends on which other samples are predicted with it.
# 128 keeps one picture fast (44 ms with test-time augmentation, against 158
# ms at 512) for 22% more time on large batches.
INFERENCE_CHUNK = 128
# Share of the data held out when early stopping needs a validation set.
DEFAULT_VALIDATION_FRACTION = 0.1


@dataclass
class TrainingRun:
    """Outcome of :func:`train_network`."""

    net: MixedPrecisionNet
    history: pd.DataFrame
    interrupted: bool
    # The rows trained on and the held-out validation rows (None without a
    # validation set), as NumPy arrays: abstention is fitted on the first
    # and calibrated on the second.
    train: tuple
    valid: tuple | None


def train_network(spec, X, y, *, net=None, epochs, schedule):
    """Train a new net (``net=None``) or continue training ``net``.

    Parameters
    ----------
    spec : MNISTClassifier
        Estimator whose parameters and data attributes describe the run.
    X : ndarray of shape (n_samples, n_features)
        Validated training rows.
    y : ndarray of shape (n_samples,)
        Label indices into ``spec.classes_``.
    net : MixedPrecisionNet, default=None
        A trained net to continue (warm start); its weights and optimizer
        state are rolled back if the run fails.
    epochs : int
        Epochs of this run.
    schedule : {"onecycle", "cosine", "constant"}
        Learning-rate schedule over this run.

    Returns
    -------
    run : TrainingRun
        The net, its history as a DataFrame, and whether an interrupt cut
        the run short (the net then holds the last completed epoch).

    Raises
    ------
    KeyboardInterrupt
        If a fresh run was interrupted before its first epoch completed.
    """
    warm = net is not None
    seed = derive_seed(check_random_state(spec.random_state))
    devices = [spec.device_] if spec.device_.startswith("cuda") else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        X_train, y_train, valid = split_validation(spec, X, y, seed)
        train = to_tensors(spec, X_train, y_train)
        valid_tensors = None if valid is None else to_tensors(spec, *valid)
        if warm:
            update_warm_net(net, spec)
        else:
            net = build_net(spec)
        net.set_params(
            train_split=_predefined(valid_tensors),
            callbacks__lr_schedule__policy=schedule,
            callbacks__lr_schedule__epochs=epochs,
        )
        try:
            net.partial_fit(*train, epochs=epochs)
        except BaseException:  # diverged, interrupted while not in an epoch
            if warm:
                _checkpoint(net).rollback(net)
            raise
    interrupted = _checkpoint(net).interrupted_
    if interrupted and not warm and not len(net.history):
        raise KeyboardInterrupt(
            "Training was interrupted before its first epoch completed; the "
            "classifier is not fitted."
        )
    return TrainingRun(
        net, history_frame(net.history), interrupted, (X_train, y_train), valid
    )


def build_net(spec):
    """Return a new, initialised skorch net for the estimator ``spec``."""
    from skorch.callbacks import EarlyStopping, ProgressBar

    module_class, kwargs = module_kwargs(spec.architecture, module_params(spec))
    n_classes = len(spec.classes_)
    optimizer_params = {"weight_decay": spec.weight_decay}
    if spec.optimizer == "sgd":
        optimizer_params.update(momentum=0.9, nesterov=True)
    schedule = LRSchedule(spec.lr_schedule, spec.max_epochs, spec.batch_size)
    callbacks = [
        ("lr_schedule", schedule),
        ("finite_loss", StopOnNonFiniteLoss()),
        # Before early stopping, which ends training by an interrupt.
        ("checkpoint", EpochCheckpoint()),
    ]
    if spec.early_stopping:
        stopping = EarlyStopping(
            monitor="valid_loss", patience=spec.patience, load_best=True
        )
        callbacks.append(("early_stopping", stopping))
    if spec.verbose >= 2:
        callbacks.append(("progress", ProgressBar()))
    # Last, so that it sees the weights early stopping restored.
    callbacks.append(("recalibrate_bn", RecalibrateBatchNorm(spec.batch_size)))
    net = MixedPrecisionNet(
        module_class,
        autocast_dtype=autocast_dtype(spec.precision, spec.device_),
        **{MODULE_PREFIX + k: v for k, v in kwargs.items()},
        module__image_shape=spec.image_shape_,
        module__n_classes=n_classes,
        criterion=OutlierExposureLoss,
        criterion__label_smoothing=spec.label_smoothing,
        optimizer=make_optimizer(spec.optimizer),
        **{f"optimizer__{k}": v for k, v in optimizer_params.items()},
        lr=spec.lr,
        max_epochs=spec.max_epochs,
        batch_size=spec.batch_size,
        iterator_train=TensorBatches,
        iterator_train__shuffle=True,
        iterator_train__augment=resolve_augmentation(spec),
        iterator_train__negatives=resolve_negatives(spec),
        **{f"iterator_train__{k}": v for k, v in symmetric_digits(spec).items()},
        iterator_valid=TensorBatches,
        train_split=None,  # set per training run by train_network
        callbacks=callbacks,
        classes=np.arange(n_classes),
        device=spec.device_,
        verbose=int(spec.verbose > 0),
    )
    return net.initialize()


def restore_net(spec, state_dict):
    """Return a net for ``spec`` holding saved weights (see ``MNISTClassifier.load``).

    Raises
    ------
    ValueError
        If the weights do not fit the network ``spec`` describes.
    """
    net = build_net(spec)
    try:
        net.module_.load_state_dict(state_dict)
    except RuntimeError as exc:
        raise ValueError(
            f"The model file's weights do not fit its network: {exc}"
        ) from exc
    net.module_.eval()
    return net


def update_warm_net(net, spec):
    """Apply the current training parameters of ``spec`` to a trained net.

    The weights and optimizer state are kept, so the network's structure
    and optimizer must be those it was built with.
    """
    module_class, kwargs = module_kwargs(spec.architecture, module_params(spec))
    built = {
        key[len(MODULE_PREFIX) :]: value
        for key, value in net.get_params().items()
        if key.startswith(MODULE_PREFIX)
        and key not in (MODULE_PREFIX + "image_shape", MODULE_PREFIX + "n_classes")
    }
    if module_class is not net.module or built != kwargs:
        raise ValueError(
            "warm_start=True continues training the fitted network, but "
            f"architecture or {MODULE_PREFIX}* parameters changed since it was "
            "built; set warm_start=False to train a new network."
        )
    if make_optimizer(spec.optimizer) is not net.optimizer:
        raise ValueError(
            f"warm_start=True keeps the fitted optimizer "
            f"({net.optimizer.__name__}); optimizer={spec.optimizer!r} "
            "needs warm_start=False."
        )
    net.set_params(
        lr=spec.lr,
        batch_size=spec.batch_size,
        iterator_train__augment=resolve_augmentation(spec),
        iterator_train__negatives=resolve_negatives(spec),
        criterion__label_smoothing=spec.label_smoothing,
    )
    for group in net.optimizer_.param_groups:
        group["weight_decay"] = spec.weight_decay


def module_params(spec):
    """Return the ``module__*`` parameters of ``spec``, without the prefix."""
    return {
        name[len(MODULE_PREFIX) :]: value
        for name, value in spec.get_params().items()
        if name.startswith(MODULE_PREFIX)
    }


def resolve_augmentation(spec):
    """Return the augmentation to train with: ``augment``, "auto" resolved."""
    if spec.augment == "auto":
        return "affine" if _is_image(spec) else None
    if spec.augment is not None and not _is_image(spec):
        _warn_not_image(spec, "augment", spec.augment)
        return None
    return spec.augment


def _is_image(spec):
    return min(spec.image_shape_) >= MIN_IMAGE_SIDE


def _warn_not_image(spec, name, value):
    """Warn that an image-only parameter is ignored (from ``resolve_*``)."""
    warnings.warn(
        f"{name}={value!r} ignored: the input is not an image "
        f"(image_shape_={spec.image_shape_}).",
        UserWarning,
        stacklevel=5,
    )


def symmetric_digits(spec):
    """Per class index, which classes stop being digits when mirrored / turned.

    Only when the classes are the digits 0-9 (as integers or strings);
    otherwise nothing is known of their shapes and both are None.
    """
    from ._negatives import MIRROR_DIGITS, TURN_DIGITS

    try:
        digits = [int(str(label)) for label in spec.classes_]
    except ValueError:
        digits = []
    if sorted(digits) != list(range(10)):
        return {"mirror": None, "turn": None}
    return {
        "mirror": [d in MIRROR_DIGITS for d in digits],
        "turn": [d in TURN_DIGITS for d in digits],
    }


def resolve_negatives(spec):
    """Share of non-digits per training batch: ``outlier_exposure`` on images."""
    if not spec.outlier_exposure:
        return 0.0
    if not _is_image(spec):
        _warn_not_image(spec, "outlier_exposure", spec.outlier_exposure)
        return 0.0
    return spec.outlier_exposure


def split_validation(spec, X, y, seed):
    """Hold out the validation set ``spec`` asks for.

    Returns ``X_train, y_train, valid`` where ``valid`` is the pair
    ``(X_valid, y_valid)``, or None without a validation set.
    """
    fraction = spec.validation_fraction
    if fraction is None and spec.early_stopping:
        fraction = DEFAULT_VALIDATION_FRACTION
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
    return X_train, y_train, (X_valid, y_valid)


def to_tensors(spec, X, y):
    """Standardised image tensors and label tensors on ``spec.device_``."""
    X = to_network_input(X, spec.x_mean_, spec.x_scale_, spec.image_shape_)
    return (
        torch.from_numpy(X).to(spec.device_),
        torch.from_numpy(np.asarray(y, dtype=np.int64)).to(spec.device_),
    )


def infer_logits(spec, X):
    """Network outputs (float64) for validated rows X, in fixed-size chunks.

    Raises
    ------
    ValueError
        If an output is not finite (inputs far outside the training range).
    """
    X = torch.from_numpy(
        to_network_input(X, spec.x_mean_, spec.x_scale_, spec.image_shape_)
    )
    module = spec.module_.eval()
    tta = getattr(spec, "tta", False) and min(spec.image_shape_) >= MIN_IMAGE_SIDE
    logits = np.empty((len(X), len(spec.classes_)), dtype=np.float64)
    padded = torch.zeros(
        (INFERENCE_CHUNK, *X.shape[1:]), dtype=X.dtype, device=spec.device_
    )
    with torch.inference_mode():
        for start in range(0, len(X), INFERENCE_CHUNK):
            chunk = X[start : start + INFERENCE_CHUNK]
            padded[: len(chunk)] = chunk
            padded[len(chunk) :] = 0
            out = _forward(module, padded, tta)[: len(chunk)]
            logits[start : start + len(chunk)] = out.double().cpu().numpy()
    bad = np.flatnonzero(~np.isfinite(logits).all(axis=1))
    if len(bad):
        raise ValueError(
            f"The network's outputs overflow for {len(bad)} of {len(X)} "
            f"samples (rows {bad[:5].tolist()}...): their values are too far "
            "from the training data's range. Scale X as it was for fit."
        )
    return logits


def augmented_rows(spec, X, seed=0):
    """Rows of X under the training augmentation, or None without one.

    The augmentation is drawn in a forked torch random state seeded by
    ``seed``, so the result is reproducible and torch's global state is
    left untouched.
    """
    if not _is_image(spec):
        return None
    kind = resolve_augmentation(spec)
    if kind is None or not len(X):
        return None
    x = torch.from_numpy(
        to_network_input(X, spec.x_mean_, spec.x_scale_, spec.image_shape_)
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        chunks = [
            augment_batch(x[start : start + 1024], kind)
            for start in range(0, len(x), 1024)
        ]
    x = torch.cat(chunks).reshape(len(X), -1).double().numpy()
    return x * spec.x_scale_ + spec.x_mean_


def infer_features(spec, X):
    """Feature groups of validated rows X for abstention (see ``_abstention``).

    Returns a list of arrays: the input of the output layer and, for
    convolutional networks, the last 4-D activation's channels pooled over
    the image (mean and max).
    """
    X = torch.from_numpy(
        to_network_input(X, spec.x_mean_, spec.x_scale_, spec.image_shape_)
    )
    layers = list(spec.module_.eval().layers)
    convolutional = any(isinstance(layer, torch.nn.Conv2d) for layer in layers)
    last_image = next(
        (i for i, layer in enumerate(layers) if isinstance(layer, torch.nn.Flatten)),
        None,
    )
    if not convolutional:
        last_image = None
    groups = []
    with torch.inference_mode():
        for start in range(0, len(X), INFERENCE_CHUNK):
            hidden = X[start : start + INFERENCE_CHUNK].to(spec.device_)
            if convolutional:
                hidden = hidden.contiguous(memory_format=torch.channels_last)
            pooled = None
            for index, layer in enumerate(layers[:-1]):
                if index == last_image:
                    pooled = torch.cat(
                        [hidden.mean(dim=(2, 3)), hidden.amax(dim=(2, 3))], dim=1
                    )
                hidden = layer(hidden)
            chunk = [hidden] if pooled is None else [hidden, pooled]
            groups.append([group.double().cpu().numpy() for group in chunk])
    return [np.concatenate(parts) for parts in zip(*groups, strict=True)]


def _forward(module, batch, tta):
    """Logits, or with ``tta`` the log of the views' mean probabilities."""
    if not tta:
        return module(batch)
    log_probabilities = torch.stack(
        [torch.log_softmax(module(view), dim=1) for view in tta_views(batch)]
    )
    return torch.logsumexp(log_probabilities, dim=0) - math.log(len(TTA_VIEWS))


def history_frame(history):
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


def _checkpoint(net):
    return dict(net.callbacks_)["checkpoint"]


def _predefined(valid):
    """Return the skorch ``train_split`` for held-out (X, y) tensors, or None."""
    if valid is None:
        return None
    from skorch.dataset import Dataset
    from skorch.helper import predefined_split

    return predefined_split(Dataset(*valid))
