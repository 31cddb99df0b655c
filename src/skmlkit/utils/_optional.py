"""Import an optional dependency or say which extra installs it."""

import importlib

EXTRAS = {
    "matplotlib": "plot",
    "PIL": "images",
    "dask": "dask",
    "distributed": "dask",
    "onnx": "onnx",
    "onnxscript": "onnx",
    "onnxruntime": "onnx",
    "starlette": "serve",
    "uvicorn": "serve",
    "pyarrow": "parquet",
}


def import_optional(module):
    """Import ``module``, or raise ImportError naming the skmlkit extra.

    Parameters
    ----------
    module : str
        Module name, e.g. ``"matplotlib.pyplot"``.

    Returns
    -------
    module : module
        The imported module.

    Examples
    --------
    >>> from skmlkit.utils._optional import import_optional
    >>> import_optional("json").__name__
    'json'
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        extra = EXTRAS.get(top)
        hint = f'pip install "skmlkit[{extra}]"' if extra else f"pip install {top}"
        raise ImportError(f"{module} is required for this feature: {hint}") from exc
