"""The application layer: jobs that write reports, behind the command line.

Library packages (estimators, datasets, images, plotting) never write report
files nor know the command line; the workflows here combine them into the
jobs users run (``skmlkit demo``, ``mnist train|evaluate``, ``predict``,
``segment``), write the files and report progress through a ``log`` callable.
The CLI parses arguments and makes one call into this package.
"""
