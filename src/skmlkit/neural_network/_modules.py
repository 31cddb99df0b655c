"""PyTorch modules behind MNISTClassifier: an MLP and a configurable CNN.

Every module takes a batch of shape (n, 1, height, width) and works for any
image size, down to 1 x 1: pooling only halves a dimension that is at least
2, so tabular data (seen as a 1 x n_features image) goes through the CNNs too.
"""

import torch
from torch import nn

from ._architectures import ARCHITECTURE_DEFAULTS

ACTIVATIONS = {
    "relu": nn.ReLU,
    "gelu": nn.GELU,
    "silu": nn.SiLU,
    "elu": nn.ELU,
    "leaky_relu": nn.LeakyReLU,
    "tanh": nn.Tanh,
}


def make_activation(name):
    """Return a new activation layer by name."""
    if name not in ACTIVATIONS:
        raise ValueError(
            f"Unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}."
        )
    return ACTIVATIONS[name]()


def dense_block(n_in, n_out, activation, dropout, batch_norm):
    """Linear -> [BatchNorm] -> activation -> [Dropout]."""
    layers = [nn.Linear(n_in, n_out, bias=not batch_norm)]
    if batch_norm:
        layers.append(nn.BatchNorm1d(n_out))
    layers.append(make_activation(activation))
    if dropout > 0:
        layers.append(nn.Dropout(dropout))
    return layers


class MLP(nn.Module):
    """Fully connected network on the flattened image.

    Parameters
    ----------
    image_shape : tuple of int
        (height, width) of the input images.
    n_classes : int
        Number of output logits.
    hidden_units : tuple of int, default=(512, 256)
        Width of each hidden layer.
    activation : str, default="relu"
        Activation after each hidden layer (see ``ACTIVATIONS``).
    dropout : float, default=0.2
        Dropout after each hidden layer.
    batch_norm : bool, default=False
        Batch normalisation after each hidden linear layer.
    """

    def __init__(
        self,
        image_shape,
        n_classes,
        hidden_units=(512, 256),
        activation="relu",
        dropout=0.2,
        batch_norm=False,
    ):
        super().__init__()
        n_in = image_shape[0] * image_shape[1]
        layers = [nn.Flatten()]
        for width in hidden_units:
            layers += dense_block(n_in, width, activation, dropout, batch_norm)
            n_in = width
        layers.append(nn.Linear(n_in, n_classes))
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        """Return the logits of a batch of images."""
        return self.layers(x)


class CNN(nn.Module):
    """Convolutional network: blocks of convolutions and pooling, then a dense head.

    Parameters
    ----------
    image_shape : tuple of int
        (height, width) of the input images.
    n_classes : int
        Number of output logits.
    channels : tuple of int, default=(32, 64)
        Output channels of each block; the block's last convolution is
        followed by 2 x 2 max pooling, then batch norm and activation.
    kernel_size : int, default=5
        Side of the convolution kernels ("same" padding).
    convs_per_block : int, default=1
        Convolutions in each block.
    hidden_units : int, default=128
        Width of the dense layer before the output.
    activation : str, default="relu"
        Activation function (see ``ACTIVATIONS``).
    dropout : float, default=0.25
        Dropout after the dense layer.
    batch_norm : bool, default=True
        Batch normalisation after every convolution and the dense layer.
    """

    def __init__(
        self,
        image_shape,
        n_classes,
        channels=(32, 64),
        kernel_size=5,
        convs_per_block=1,
        hidden_units=128,
        activation="relu",
        dropout=0.25,
        batch_norm=True,
    ):
        super().__init__()
        if kernel_size < 1 or kernel_size % 2 == 0:
            raise ValueError(f"kernel_size must be odd and >= 1, got {kernel_size}.")
        height, width = image_shape
        layers, n_in = [], 1
        for n_out in channels:
            for index in range(convs_per_block):
                layers.append(
                    nn.Conv2d(
                        n_in,
                        n_out,
                        kernel_size,
                        padding=kernel_size // 2,
                        bias=not batch_norm,
                    )
                )
                if index == convs_per_block - 1:
                    # Pool straight after the block's last convolution: batch
                    # norm and activation then run on a quarter of the pixels.
                    pool = (min(2, height), min(2, width))
                    layers.append(nn.MaxPool2d(pool))
                    height, width = height // pool[0], width // pool[1]
                if batch_norm:
                    layers.append(nn.BatchNorm2d(n_out))
                layers.append(make_activation(activation))
                n_in = n_out
        # Dropout only after the dense layer's batch norm: dropout feeding a
        # batch-norm layer shifts its statistics between training and eval.
        layers.append(nn.Flatten())
        layers += dense_block(
            n_in * height * width, hidden_units, activation, dropout, batch_norm
        )
        layers.append(nn.Linear(hidden_units, n_classes))
        # Channels-last (NHWC) convolutions and pooling are 2-3x faster on CPU.
        self.layers = nn.Sequential(*layers).to(memory_format=torch.channels_last)

    def forward(self, x):
        """Return the logits of a batch of images."""
        return self.layers(x.contiguous(memory_format=torch.channels_last))


# Architecture name -> torch module class (defaults: ARCHITECTURE_DEFAULTS).
MODULE_CLASSES = {"mlp": MLP, "cnn": CNN, "deep_cnn": CNN}


def module_kwargs(architecture, user_params):
    """Merge an architecture's defaults with user ``module__*`` values.

    Parameters
    ----------
    architecture : str
        One of ``ARCHITECTURE_NAMES``.
    user_params : dict
        Parameter names without the ``module__`` prefix, already validated
        (:func:`~skmlkit.neural_network._architectures.validate_module_params`).

    Returns
    -------
    module_class : type
        The torch module class.
    kwargs : dict
        Keyword arguments for it, besides ``image_shape`` and ``n_classes``.
    """
    return MODULE_CLASSES[architecture], {
        **ARCHITECTURE_DEFAULTS[architecture],
        **user_params,
    }
