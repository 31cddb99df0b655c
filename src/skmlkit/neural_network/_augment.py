"""Random image augmentation on whole training batches (vectorised)."""

import math

import torch
import torch.nn.functional as F

AUGMENTATIONS = ("shift", "affine", "elastic")


def augment_batch(x, kind):
    """Return a randomly transformed copy of a batch of images.

    Parameters
    ----------
    x : torch.Tensor of shape (n, 1, height, width)
        Normalised images; each image's minimum is taken as its background.
    kind : {"shift", "affine", "elastic"}
        ``"shift"``: translations of up to 2 pixels (1/14 of the side);
        ``"affine"``: shifts plus rotations of up to 10 degrees and scaling by
        0.9-1.1; ``"elastic"``: affine plus a smooth random elastic
        distortion (Simard et al., 2003).

    Returns
    -------
    x : torch.Tensor
        Transformed batch, same shape and dtype.
    """
    n, _, height, width = x.shape
    theta = torch.zeros(n, 2, 3, device=x.device, dtype=x.dtype)
    angle = torch.zeros(n, device=x.device, dtype=x.dtype)
    scale = torch.ones(n, device=x.device, dtype=x.dtype)
    if kind in ("affine", "elastic"):
        angle = _uniform(n, math.radians(10), x)
        scale = 1 + _uniform(n, 0.1, x)
    theta[:, 0, 0] = torch.cos(angle) / scale
    theta[:, 0, 1] = -torch.sin(angle) / scale
    theta[:, 1, 0] = torch.sin(angle) / scale
    theta[:, 1, 1] = torch.cos(angle) / scale
    # Shifts in normalised coordinates: 2/28 of the side on MNIST.
    theta[:, :, 2] = _uniform(2 * n, 2 / 14, x).view(n, 2)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    if kind == "elastic":
        grid = grid + _elastic_field(n, height, width, x)
    background = x.amin(dim=(1, 2, 3), keepdim=True)
    moved = F.grid_sample(
        x - background, grid, mode="bilinear", padding_mode="zeros", align_corners=False
    )
    return moved + background


def _uniform(n, half_width, like):
    return (torch.rand(n, device=like.device, dtype=like.dtype) * 2 - 1) * half_width


def _elastic_field(n, height, width, like, alpha=0.25, sigma=4.0):
    """Smooth random displacement, in normalised coordinates, shape (n, h, w, 2)."""
    noise = (
        torch.rand(n, 2, height, width, device=like.device, dtype=like.dtype) * 2 - 1
    )
    radius = int(2 * sigma)
    offsets = torch.arange(-radius, radius + 1, device=like.device, dtype=like.dtype)
    kernel = torch.exp(-(offsets**2) / (2 * sigma**2))
    kernel = kernel / kernel.sum()
    # Separable Gaussian blur of both displacement channels.
    field = F.conv2d(
        noise.reshape(-1, 1, height, width),
        kernel.view(1, 1, 1, -1),
        padding=(0, radius),
    )
    field = F.conv2d(field, kernel.view(1, 1, -1, 1), padding=(radius, 0))
    field = field.view(n, 2, height, width) * (alpha * 2 * sigma)
    return field.permute(0, 2, 3, 1)
