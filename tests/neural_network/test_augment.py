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


def test_robust_is_deterministic_bounded_and_varied():
    x = _digit_batch()
    torch.manual_seed(3)
    first = augment_batch(x, "robust")
    torch.manual_seed(3)
    again = augment_batch(x, "robust")
    assert torch.equal(first, again)
    assert first.shape == x.shape and torch.isfinite(first).all()
    assert first.min() >= x.min() - 1e-5 and first.max() <= x.max() + 1e-5
    # Different images of the batch get different transforms.
    assert (first[0] - first[1]).abs().amax() > 0.5


def test_robust_changes_stroke_width_both_ways():
    from skmlkit.neural_network import _augment

    torch.manual_seed(0)
    x = _digit_batch().repeat(50, 1, 1, 1)
    ink = (x - x.amin()) > 2.0  # strong ink: 2.9 above the background
    out = _augment._stroke_width(x - x.amin())
    areas = (out > 2.0).sum(dim=(1, 2, 3)) / ink.sum(dim=(1, 2, 3))
    assert (areas > 1.3).any() and (areas < 0.9).any() and (areas == 1).any()


def test_tta_views_are_fixed_and_start_with_the_batch():
    from skmlkit.neural_network._augment import TTA_VIEWS, tta_views

    x = _digit_batch()
    views = list(tta_views(x))
    assert len(views) == len(TTA_VIEWS) and views[0] is x
    assert all(torch.equal(a, b) for a, b in zip(views, tta_views(x), strict=True))
    assert all((view - x).abs().amax() > 0.5 for view in views[1:])
