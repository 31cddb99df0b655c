"""Documented parameter sets of MNISTClassifier (see ``MNISTClassifier.preset``)."""

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
