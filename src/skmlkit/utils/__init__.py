"""Utilities: optional imports and estimator discovery."""
