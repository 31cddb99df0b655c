"""Random image augmentation on whole training batches (vectorised)."""

import math

import torch
import torch.nn.functional as F

AUGMENTATIONS = ("shift", "affine", "elastic", "robust")

# Ranges of the "robust" augmentation, chosen by measurement on rendered and
# scanned digits that are not MNIST (benchmarks/bench_unseen_digits.py).
ROBUST = {
    "rotation": 8.0,  # degrees, either way
    "shear": 0.2,  # x shift per unit of height, either way
    "scale": (0.85, 1.1),
    "aspect": (0.85, 1.3),  # width / height stretch (digits filling a box)
    "shift": 2 / 14,  # normalised coordinates: 2 pixels of 28
    "elastic": 0.5,  # probability of an elastic distortion
    "thicken": 0.25,  # probability of a 3x3 dilation of the strokes
    "thin": 0.2,  # probability of a half-strength 3x3 erosion
    "blur": 0.25,  # probability of a Gaussian blur of random strength
    "gamma": (0.5, 1.6),  # ink-profile gamma, applied to 30% of images
    # Probability of a binarised low-resolution scan (a 10-16 pixel digit
    # box thresholded to black and white, enlarged), with a thick pen for
    # half of them; the scan's side in pixels of the 20-pixel digit box.
    "binarise": 0.15,
    "scan_side": (10, 16),
}


def augment_batch(x, kind):
    """Return a randomly transformed copy of a batch of images.

    Parameters
    ----------
    x : torch.Tensor of shape (n, 1, height, width)
        Normalised images; each image's minimum is taken as its background.
    kind : {"shift", "affine", "elastic", "robust"}
        ``"shift"``: translations of up to 2 pixels (1/14 of the side);
        ``"affine"``: shifts plus rotations of up to 10 degrees and scaling by
        0.9-1.1; ``"elastic"``: affine plus a smooth random elastic
        distortion (Simard et al., 2003); ``"robust"``: the writing and
        imaging changes of other people's digit files (ranges in
        ``ROBUST``): thicker and thinner strokes, rotation, shear,
        anisotropic scale, shifts, elastic distortion of half the images,
        blur, a changed ink profile and binarised low-resolution scans
        with thick pens.

    Returns
    -------
    x : torch.Tensor
        Transformed batch, same shape and dtype.
    """
    if kind == "robust":
        return _robust(x)
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


# Test-time views: (rotation in degrees, width scale, shift x, shift y in
# pixels). The first is the image itself.
TTA_VIEWS = (
    (0, 1.0, 0, 0),
    (8, 1.0, 0, 0),
    (-8, 1.0, 0, 0),
    (0, 1.0, 1, 1),
    (0, 0.85, 0, 0),
)


def tta_views(x):
    """Yield the fixed test-time variants of a batch (the batch itself first).

    Parameters
    ----------
    x : torch.Tensor of shape (n, 1, height, width)
        Normalised images; each image's minimum is taken as its background.

    Yields
    ------
    view : torch.Tensor
        Transformed batch, same shape; every image transformed alike.
    """
    n = len(x)
    background = x.amin(dim=(1, 2, 3), keepdim=True)
    for degrees, width, dx, dy in TTA_VIEWS:
        if (degrees, width, dx, dy) == (0, 1.0, 0, 0):
            yield x
            continue
        angle = math.radians(degrees)
        theta = torch.tensor(
            [
                [math.cos(angle) / width, -math.sin(angle), -dx * 2 / x.shape[3]],
                [math.sin(angle) / width, math.cos(angle), -dy * 2 / x.shape[2]],
            ],
            dtype=x.dtype,
            device=x.device,
        )[None]
        # One sampling grid, shared by every image of the batch.
        grid = F.affine_grid(theta, [1, *x.shape[1:]], align_corners=False)
        grid = grid.expand(n, -1, -1, -1)
        moved = F.grid_sample(
            x - background,
            grid,
            mode="bilinear",
            padding_mode="zeros",
            align_corners=False,
        )
        yield moved + background


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


def _robust(x):
    n, _, height, width = x.shape
    background = x.amin(dim=(1, 2, 3), keepdim=True)
    ink = _stroke_width(x - background)
    angle = _uniform(n, math.radians(ROBUST["rotation"]), x)
    shear = _uniform(n, ROBUST["shear"], x)
    scale = _between(n, ROBUST["scale"], x)
    aspect = _between(n, ROBUST["aspect"], x)
    # Output -> input sampling: undo the scale (width * aspect), then the
    # shear, then the rotation.
    sx, sy = 1 / (scale * aspect), 1 / scale
    cos, sin = torch.cos(angle), torch.sin(angle)
    theta = torch.zeros(n, 2, 3, device=x.device, dtype=x.dtype)
    theta[:, 0, 0] = cos * sx
    theta[:, 0, 1] = -sin * sy + shear * sy
    theta[:, 1, 0] = sin * sx
    theta[:, 1, 1] = cos * sy
    theta[:, :, 2] = _uniform(2 * n, ROBUST["shift"], x).view(n, 2)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    chosen = torch.flatten(
        torch.nonzero(torch.rand(n, device=x.device) < ROBUST["elastic"])
    )
    grid[chosen] += _coarse_field(len(chosen), height, width, x)
    ink = F.grid_sample(
        ink, grid, mode="bilinear", padding_mode="zeros", align_corners=False
    )
    ink = _blur(ink)
    return _binarised_scan(_ink_profile(ink)) + background


def _between(n, bounds, like):
    low, high = bounds
    return low + torch.rand(n, device=like.device, dtype=like.dtype) * (high - low)


def _coarse_field(n, height, width, like, amplitude=0.15):
    """Smooth random displacement from a 4 x 4 grid of random offsets.

    In normalised coordinates, shape (n, h, w, 2); a cheap stand-in for a
    Gaussian-smoothed per-pixel field (about 1 pixel of displacement).
    """
    coarse = torch.rand(n, 2, 4, 4, device=like.device, dtype=like.dtype) * 2 - 1
    field = F.interpolate(
        coarse, size=(height, width), mode="bicubic", align_corners=False
    )
    return (amplitude * field).permute(0, 2, 3, 1)


def _stroke_width(ink):
    """Dilate some images (thicker pen), half-erode others (thinner pen)."""
    ink = ink.clone()
    draw = torch.rand(len(ink), device=ink.device)
    thick = torch.flatten(torch.nonzero(draw < ROBUST["thicken"]))
    thin = torch.flatten(torch.nonzero(draw > 1 - ROBUST["thin"]))
    ink[thick] = F.max_pool2d(ink[thick], 3, stride=1, padding=1)
    ink[thin] = 0.5 * (ink[thin] - F.max_pool2d(-ink[thin], 3, stride=1, padding=1))
    return ink


def _blur(ink):
    """Mix each chosen image with its Gaussian blur (sigma 1) by a random share."""
    n = len(ink)
    offsets = torch.arange(-2, 3, device=ink.device, dtype=ink.dtype)
    kernel = torch.exp(-(offsets**2) / 2)
    kernel = kernel / kernel.sum()
    chosen = torch.flatten(
        torch.nonzero(torch.rand(n, device=ink.device) < ROBUST["blur"])
    )
    picked = ink[chosen]
    blurred = F.conv2d(picked, kernel.view(1, 1, 1, -1), padding=(0, 2))
    blurred = F.conv2d(blurred, kernel.view(1, 1, -1, 1), padding=(2, 0))
    share = torch.rand(len(chosen), 1, 1, 1, device=ink.device, dtype=ink.dtype)
    ink = ink.clone()
    ink[chosen] = picked + share * (blurred - picked)
    return ink


def _ink_profile(ink):
    """Raise the ink's relative intensity to a random power (soft or hard pens)."""
    chosen = torch.flatten(torch.nonzero(torch.rand(len(ink), device=ink.device) < 0.3))
    picked = ink[chosen]
    peak = picked.amax(dim=(1, 2, 3), keepdim=True).clamp_min(1e-6)
    gamma = _between(len(chosen), ROBUST["gamma"], ink).view(-1, 1, 1, 1)
    ink[chosen] = peak * (picked / peak).clamp_min(0) ** gamma
    return ink


def _binarised_scan(ink):
    """Scan some images at 10-16 px, threshold them and enlarge them again.

    Half of them get a thicker pen first. One scan side per batch (the
    images of a batch are resized together).
    """
    n, _, height, width = ink.shape
    chosen = torch.flatten(
        torch.nonzero(torch.rand(n, device=ink.device) < ROBUST["binarise"])
    )
    if not len(chosen):
        return ink
    picked = ink[chosen]
    thick = torch.rand(len(chosen), device=ink.device) < 0.5
    picked[thick] = F.max_pool2d(picked[thick], 3, stride=1, padding=1)
    low, high = ROBUST["scan_side"]
    side = int(torch.randint(low, high + 1, ()).item()) * height // 20
    small = F.interpolate(picked, size=(side, side), mode="area")
    peak = small.amax(dim=(1, 2, 3), keepdim=True).clamp_min(1e-6)
    binary = (small > 0.5 * peak).to(ink.dtype) * peak
    ink = ink.clone()
    ink[chosen] = F.interpolate(
        binary, size=(height, width), mode="bilinear", align_corners=False
    )
    return ink
