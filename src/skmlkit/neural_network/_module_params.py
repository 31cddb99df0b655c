"""``module__*`` network parameters as ordinary scikit-learn parameters.

Like skorch's virtual parameters: they are not constructor arguments of
their own, so ``get_params``/``set_params``, ``clone`` and ``GridSearchCV``
see them through the overrides below. Torch-free.
"""

from ._architectures import MODULE_PREFIX


class ModuleParamsMixin:
    """Keep ``module__<name>`` keyword arguments beside the named parameters.

    The estimator's ``__init__`` passes its ``**module__params`` to
    :meth:`_store_module_params`; ``get_params`` then lists them,
    ``set_params`` sets them and they read like attributes.
    """

    def _store_module_params(self, module__params):
        for name in module__params:
            if not name.startswith(MODULE_PREFIX):
                raise TypeError(
                    f"{type(self).__name__} got an unexpected keyword argument "
                    f"{name!r}; network parameters take the prefix "
                    f"{MODULE_PREFIX!r}."
                )
        self._module_params = dict(module__params)

    def get_params(self, deep=True):
        """Get parameters, including the ``module__*`` ones.

        Parameters
        ----------
        deep : bool, default=True
            Kept for compatibility; there are no sub-estimators.

        Returns
        -------
        params : dict
            Parameter names mapped to their values.
        """
        params = super().get_params(deep=deep)
        params.update(self._module_params)
        return params

    def set_params(self, **params):
        """Set parameters, including ``module__*`` ones.

        Parameters
        ----------
        **params : dict
            Estimator parameters.

        Returns
        -------
        self : estimator
            This estimator.
        """
        for name in [name for name in params if name.startswith(MODULE_PREFIX)]:
            self._module_params[name] = params.pop(name)
        return super().set_params(**params)

    def __getattr__(self, name):
        # module__<name> parameters read like ordinary attributes.
        if name.startswith(MODULE_PREFIX) and "_module_params" in vars(self):
            try:
                return self._module_params[name]
            except KeyError:
                pass
        raise AttributeError(
            f"{type(self).__name__!r} object has no attribute {name!r}"
        )
