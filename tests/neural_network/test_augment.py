import torch

from skmlkit.neural_network._augment import augment_batch


def _digit_batch():
    x = torch.full((8, 1, 28, 28), -0.4)
    x[:, :, 8:20, 12:16] = 2.5  # a vertical bar on the background
    return x


def test_shift_keeps_background_and_mass():
    torch.manual_seed(0)
    x = _digit_batch()
    out = augment_batch(x, "shift")
    assert out.shape == x.shape
    assert torch.allclose(out.amin(dim=(1, 2, 3)), x.amin(dim=(1, 2, 3)), atol=1e-5)
    ink = (x - x.amin()).sum(dim=(1, 2, 3))
    assert torch.allclose((out - x.amin()).sum(dim=(1, 2, 3)), ink, rtol=0.02)
    assert not torch.equal(out, x)


def test_elastic_and_affine_change_images_but_stay_bounded():
    torch.manual_seed(0)
    x = _digit_batch()
    for kind in ("affine", "elastic"):
        out = augment_batch(x, kind)
        assert out.min() >= x.min() - 1e-5 and out.max() <= x.max() + 1e-5
        assert (out - x).abs().amax() > 0.5
