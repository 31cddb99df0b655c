"""The training machinery handed to skorch: batches, schedules, safeguards."""

import copy

import numpy as np
import torch
from skorch import NeuralNetClassifier
from skorch.callbacks import Callback

from ..exceptions import TrainingDivergedError
from ._augment import augment_batch
from ._negatives import make_negatives

# Label of the synthetic non-digits added to training batches.
NEGATIVE_LABEL = -1
# Weight of the outlier-exposure term (Hendrycks et al. 2019 use 0.5).
OUTLIER_EXPOSURE_WEIGHT = 0.5


class TensorBatches:
    """Mini-batches sliced from whole tensors, without a per-sample DataLoader.

    skorch calls ``TensorBatches(dataset, batch_size=..., **kwargs)`` once per
    epoch. Shuffling and augmentation draw from torch's global generator, which
    the estimator seeds (in a forked RNG state) from its ``random_state``.

    Parameters
    ----------
    dataset : skorch.dataset.Dataset
        Holds ``X`` (float tensor, n x 1 x h x w) and ``y`` (long tensor).
    batch_size : int
        Rows per batch. A last batch of a single row is merged into the one
        before, since batch normalisation cannot train on one row.
    shuffle : bool, default=False
        Draw a new random order at every epoch.
    augment : str or None, default=None
        Augmentation applied to each batch; see :func:`augment_batch`.
    negatives : float, default=0.0
        Non-digits (:func:`make_negatives`, labelled ``NEGATIVE_LABEL``)
        appended to each batch, as a share of its rows.
    mirror, turn : sequence of bool or None, default=None
        Per class index: whether the class is no digit once mirrored /
        turned upside down (see :func:`make_negatives`); None when the
        classes are not the digits 0-9.
    """

    def __init__(
        self,
        dataset,
        batch_size,
        shuffle=False,
        augment=None,
        negatives=0.0,
        mirror=None,
        turn=None,
    ):
        self.dataset = dataset
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.augment = augment
        self.negatives = negatives
        self.mirror = mirror
        self.turn = turn

    def __len__(self):
        return len(batch_bounds(len(self.dataset.X), self.batch_size))

    def __iter__(self):
        X, y = self.dataset.X, self.dataset.y
        order = torch.randperm(len(X), device=X.device) if self.shuffle else None
        mirror = turn = None
        if self.mirror is not None:
            mirror = torch.as_tensor(self.mirror, device=X.device)
            turn = torch.as_tensor(self.turn, device=X.device)
        for start, stop in batch_bounds(len(X), self.batch_size):
            index = order[start:stop] if order is not None else slice(start, stop)
            Xb = X[index]
            yb = y[index]
            if self.augment is not None:
                Xb = augment_batch(Xb, self.augment)
            n_negatives = round(self.negatives * len(Xb))
            if n_negatives:
                negatives = make_negatives(Xb, n_negatives, yb, mirror, turn)
                Xb = torch.cat([Xb, negatives])
                yb = torch.cat([yb, yb.new_full((n_negatives,), NEGATIVE_LABEL)])
            yield Xb, yb


class OutlierExposureLoss(torch.nn.Module):
    """Cross-entropy on digits plus outlier exposure on non-digits.

    Rows labelled ``NEGATIVE_LABEL`` add ``weight`` times the cross-entropy
    of their outputs to the uniform distribution (Hendrycks, Mazeika &
    Dietterich, ICLR 2019); without such rows this is plain cross-entropy.

    Parameters
    ----------
    label_smoothing : float, default=0.0
        Label smoothing of the cross-entropy on digits.
    weight : float, default=OUTLIER_EXPOSURE_WEIGHT
        Weight of the outlier-exposure term.
    """

    def __init__(self, label_smoothing=0.0, weight=OUTLIER_EXPOSURE_WEIGHT):
        super().__init__()
        self.label_smoothing = label_smoothing
        self.weight = weight

    def forward(self, logits, target):
        """Return the mean loss of a batch."""
        known = target != NEGATIVE_LABEL
        loss = torch.nn.functional.cross_entropy(
            logits[known], target[known], label_smoothing=self.label_smoothing
        )
        if not bool(known.all()):
            unknown = torch.log_softmax(logits[~known], dim=1)
            loss = loss - self.weight * unknown.mean(dim=1).mean()
        return loss


def batch_bounds(n_samples, batch_size):
    """(start, stop) of each batch; a last batch of one row joins the one before."""
    starts = list(range(0, n_samples, batch_size))
    if len(starts) > 1 and n_samples - starts[-1] == 1:
        starts.pop()
    stops = [*starts[1:], n_samples]
    return list(zip(starts, stops, strict=True))


class RecalibrateBatchNorm(Callback):
    """Recompute batch-norm statistics exactly once training ends.

    Running averages lag behind fast-changing weights, most visibly on small
    data with few updates, where eval-mode predictions can then collapse. One
    forward pass (dropout off, no augmentation) over up to ``max_samples``
    training rows replaces them by the statistics of the final weights.

    Parameters
    ----------
    batch_size : int
        Rows per forward pass.
    max_samples : int, default=10_000
        Training rows used.
    """

    def __init__(self, batch_size, max_samples=10_000):
        self.batch_size = batch_size
        self.max_samples = max_samples

    def on_train_end(self, net, X=None, y=None, **kwargs):
        """Reset and re-estimate every batch-norm layer's statistics."""
        module = net.module_
        norms = [
            m
            for m in module.modules()
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)
        ]
        if not norms or X is None:
            return
        X = X[: self.max_samples]
        momenta = [norm.momentum for norm in norms]
        for norm in norms:
            norm.reset_running_stats()
            norm.momentum = None  # cumulative average over the pass
        module.train()
        for layer in module.modules():
            if isinstance(layer, torch.nn.Dropout):
                layer.eval()
        with torch.no_grad():
            for start, stop in batch_bounds(len(X), self.batch_size):
                module(X[start:stop].to(net.device))
        for norm, momentum in zip(norms, momenta, strict=True):
            norm.momentum = momentum
        module.eval()


# Below this many steps a one-cycle schedule has no room for its warm-up.
MIN_ONECYCLE_STEPS = 10


class LRSchedule(Callback):
    """Per-batch learning-rate schedule sized to the data of each training run.

    Parameters
    ----------
    policy : {"onecycle", "cosine", "constant"}
        ``"onecycle"``: warm up to ``lr`` over the first 25% of steps, then
        anneal (Smith's one-cycle policy; cosine decay for runs of fewer
        than 10 steps); ``"cosine"``: cosine decay from
        ``lr`` to zero; ``"constant"``: leave ``lr`` as it is.
    epochs : int
        Epochs of the training run the schedule spans.
    batch_size : int
        Batch size, to count steps from the training-set size.
    """

    def __init__(self, policy, epochs, batch_size):
        self.policy = policy
        self.epochs = epochs
        self.batch_size = batch_size

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        """Build the torch scheduler for this run's number of steps."""
        steps = self.epochs * len(batch_bounds(len(X), self.batch_size))
        optimizer = net.optimizer_
        if self.policy == "onecycle" and steps >= MIN_ONECYCLE_STEPS:
            # The schedule counts its starting point as a step: with
            # total_steps=steps the step after the last batch would run past
            # the end of the annealing phase and the lr would rise again.
            self.scheduler_ = torch.optim.lr_scheduler.OneCycleLR(
                optimizer, max_lr=net.lr, total_steps=steps + 1, pct_start=0.25
            )
        elif self.policy in ("cosine", "onecycle"):
            # A one-cycle warm-up needs a few steps; shorter runs just anneal.
            self.scheduler_ = torch.optim.lr_scheduler.CosineAnnealingLR(
                optimizer, T_max=steps
            )
        else:
            self.scheduler_ = None
        self.steps_, self.total_steps_ = 0, steps

    def on_batch_end(self, net, training=False, **kwargs):
        """Step the schedule after every training batch."""
        if not training:
            return
        if self.scheduler_ is not None and self.steps_ < self.total_steps_:
            self.scheduler_.step()
        self.steps_ += 1
        net.history.record_batch("lr", net.optimizer_.param_groups[0]["lr"])


class StopOnNonFiniteLoss(Callback):
    """Stop training with a clear error as soon as the loss is not finite."""

    def on_batch_end(self, net, batch=None, training=False, loss=None, **kwargs):
        """Raise :class:`TrainingDivergedError` on a NaN or infinite loss."""
        if training and loss is not None and not torch.isfinite(loss).all():
            epoch = len(net.history)
            raise TrainingDivergedError(
                f"Training diverged: the loss became {loss.item()} in epoch "
                f"{epoch}. Lower the learning rate (lr={net.lr}) or check the "
                "input for extreme values."
            )


class EpochCheckpoint(Callback):
    """Keep the state of the last completed epoch; undo an interrupted epoch.

    skorch ends training quietly on ``KeyboardInterrupt``, whatever the
    batch. This callback copies the weights and optimizer state after every
    epoch; when training ends in the middle of an epoch (only an interrupt
    does that: other errors propagate and skip ``on_train_end``), it restores
    the last completed epoch, drops that epoch's partial history row and sets
    ``interrupted_``. It must come before early stopping, which stops
    training by raising ``KeyboardInterrupt`` between epochs.
    """

    def on_train_begin(self, net, **kwargs):
        """Record the state before this training run."""
        self.start_ = self.last_ = _snapshot(net)
        self.start_epochs_ = len(net.history)
        self.in_epoch_ = self.interrupted_ = False

    def on_epoch_begin(self, net, **kwargs):
        """Mark an epoch as running."""
        self.in_epoch_ = True

    def on_epoch_end(self, net, **kwargs):
        """Copy the state of the epoch just completed."""
        self.last_ = _snapshot(net)
        self.in_epoch_ = False

    def on_train_end(self, net, **kwargs):
        """Restore the last completed epoch if training stopped mid-epoch."""
        if self.in_epoch_:
            self.interrupted_ = True
            self.in_epoch_ = False
            _restore(net, self.last_)
            del net.history[-1]

    def rollback(self, net):
        """Restore the state from before this training run."""
        _restore(net, self.start_)
        del net.history[self.start_epochs_ :]


def _snapshot(net):
    return (
        {
            name: value.detach().clone()
            for name, value in net.module_.state_dict().items()
        },
        copy.deepcopy(net.optimizer_.state_dict()),
    )


def _restore(net, snapshot):
    module_state, optimizer_state = snapshot
    net.module_.load_state_dict(module_state)
    net.optimizer_.load_state_dict(optimizer_state)


class MixedPrecisionNet(NeuralNetClassifier):
    """skorch classifier whose forward passes may run under ``torch.autocast``.

    Parameters
    ----------
    *args, **kwargs
        As for :class:`skorch.NeuralNetClassifier`.
    autocast_dtype : torch.dtype or None, default=None
        Autocast dtype of the forward passes (``torch.bfloat16``), or None
        for plain float32. The logits are returned in float32, so the loss
        and everything after it is computed in float32.
    """

    def __init__(self, *args, autocast_dtype=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.autocast_dtype = autocast_dtype

    def infer(self, x, **fit_params):
        """Forward pass, under autocast when ``autocast_dtype`` is set."""
        if self.autocast_dtype is None:
            return super().infer(x, **fit_params)
        device_type = "cuda" if str(self.device).startswith("cuda") else "cpu"
        with torch.autocast(device_type, dtype=self.autocast_dtype):
            return super().infer(x, **fit_params).float()


def autocast_dtype(precision, device):
    """Return the autocast dtype for a ``precision`` on a device, or None."""
    if precision == "bfloat16":
        return torch.bfloat16
    if (
        precision == "auto"
        and device.startswith("cuda")
        and torch.cuda.is_bf16_supported()
    ):
        return torch.bfloat16
    return None


def make_optimizer(name):
    """Return the torch optimizer class for a name."""
    return {
        "adam": torch.optim.Adam,
        "adamw": torch.optim.AdamW,
        "sgd": torch.optim.SGD,
        "rmsprop": torch.optim.RMSprop,
    }[name]


def resolve_device(device):
    """Map ``"auto"`` to CUDA when available, else CPU."""
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError(f"device={device!r} was requested but CUDA is not available.")
    return device


def derive_seed(random_state):
    """Draw a torch seed from a ``check_random_state``-style source."""
    return int(random_state.randint(np.iinfo(np.int32).max))
