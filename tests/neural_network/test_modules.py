import pytest
import torch

from skmlkit.neural_network._modules import ARCHITECTURES, module_kwargs


@pytest.mark.parametrize("architecture", sorted(ARCHITECTURES))
@pytest.mark.parametrize("shape", [(1, 1), (1, 2), (2, 2), (1, 20), (5, 3), (28, 28)])
def test_every_architecture_takes_any_image_size(architecture, shape):
    module_class, kwargs = module_kwargs(architecture, {})
    module = module_class(image_shape=shape, n_classes=3, **kwargs).eval()
    assert module(torch.zeros(4, 1, *shape)).shape == (4, 3)


def test_cnn_layers_follow_parameters():
    module_class, kwargs = module_kwargs(
        "cnn",
        {
            "channels": (4, 8, 16),
            "kernel_size": 3,
            "batch_norm": False,
            "activation": "gelu",
        },
    )
    module = module_class(image_shape=(28, 28), n_classes=10, **kwargs)
    convs = [m for m in module.modules() if isinstance(m, torch.nn.Conv2d)]
    assert [c.out_channels for c in convs] == [4, 8, 16]
    assert all(c.kernel_size == (3, 3) for c in convs)
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in module.modules())
    assert any(isinstance(m, torch.nn.GELU) for m in module.modules())


def test_even_kernel_rejected():
    module_class, kwargs = module_kwargs("cnn", {"kernel_size": 4})
    with pytest.raises(ValueError, match="kernel_size must be odd"):
        module_class(image_shape=(28, 28), n_classes=10, **kwargs)
