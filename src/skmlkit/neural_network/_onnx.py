"""ONNX export of a fitted MNISTClassifier, preprocessing included.

The exported graph takes what ``predict_proba`` takes, flat rows of pixels
(``float32``, any batch size), standardises and reshapes them like the
classifier does, and returns class probabilities. The class labels and the
versions are stored as metadata, so that ONNX Runtime (or any ONNX consumer)
can serve the model without skmlkit or torch.
"""

import json
import logging
import warnings
from pathlib import Path

import torch

from .._version import __version__
from ..utils._optional import import_optional


class _WithPreprocessing(torch.nn.Module):
    """Standardisation, reshape, network, softmax: one exportable module."""

    def __init__(self, module, mean, scale, image_shape):
        super().__init__()
        self.module = module
        self.mean = float(mean)
        self.scale = float(scale)
        self.image_shape = tuple(image_shape)

    def forward(self, pixels):
        images = ((pixels - self.mean) / self.scale).reshape(-1, 1, *self.image_shape)
        return torch.softmax(self.module(images), dim=1)


def export_onnx(classifier, path):
    """Write ``classifier`` as an ONNX model; see ``MNISTClassifier.to_onnx``."""
    onnx = import_optional("onnx")
    import_optional("onnxscript")  # torch's ONNX exporter needs it
    wrapper = _WithPreprocessing(
        classifier.module_,
        classifier.x_mean_,
        classifier.x_scale_,
        classifier.image_shape_,
    )
    wrapper = wrapper.cpu().eval()
    example = torch.zeros(2, classifier.n_features_in_)
    path = Path(path)
    batch = torch.export.Dim("batch")
    exporter_log = logging.getLogger("torch.onnx")
    level = exporter_log.level
    exporter_log.setLevel(logging.ERROR)  # "torchvision is not installed" chatter
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            program = torch.onnx.export(
                wrapper,
                (example,),
                input_names=["pixels"],
                output_names=["probabilities"],
                dynamic_shapes=({0: batch},),
                dynamo=True,
                verbose=False,
            )
    finally:
        exporter_log.setLevel(level)
    model = program.model_proto
    metadata = {
        "classes": json.dumps(classifier.classes_.tolist()),
        "image_shape": json.dumps(list(classifier.image_shape_)),
        "skmlkit_version": __version__,
        "torch_version": torch.__version__,
        "producer": "skmlkit.MNISTClassifier.to_onnx",
    }
    for key, value in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    onnx.save(model, path)
    # The exported module was put in eval mode on the CPU; put it back.
    classifier.module_.to(classifier.device_)
    return path
