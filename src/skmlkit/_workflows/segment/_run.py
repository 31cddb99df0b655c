"""The run object a segmentation report passes around."""

from dataclasses import dataclass, field

import pandas as pd
from sklearn.utils import Bunch


@dataclass
class SegmentationRun:
    """One segmentation job: what went in, what the library returned, what was written.

    The library's result (``segmentation``) is kept as it came back; what the
    report adds lives in the run's own fields.

    Attributes
    ----------
    segmentation : Bunch
        :func:`~skmlkit.cluster.segment_customers`' result.
    frame : pandas.DataFrame
        The rows the report profiles (the table, or the RFM features).
    profile : pandas.DataFrame
        Profile of ``frame`` by segment.
    customers : pandas.DataFrame
        ``frame`` with ``segment`` and ``segment_name`` columns.
    source : str
        How the report names the input.
    notes : list of str
        What the report should say about the input and the run.
    rfm : RFMFeatures or None
        The fitted feature step of a transaction log.
    stability : Bunch or None
        :func:`~skmlkit.cluster.cluster_stability`' result.
    files : dict of str to pathlib.Path
        Every written file by role.
    seconds : float
        Time from reading to the written report.
    """

    segmentation: Bunch
    frame: pd.DataFrame
    profile: pd.DataFrame
    customers: pd.DataFrame
    source: str
    notes: list = field(default_factory=list)
    rfm: object = None
    stability: Bunch | None = None
    files: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def model(self):
        """The fitted AutoKMeans."""
        return self.segmentation.model

    @property
    def labels(self):
        """Segment of each customer (a Series)."""
        return self.segmentation.labels

    @property
    def names(self):
        """Name of each segment (a Series)."""
        return self.segmentation.names

    @property
    def Xt(self):
        """The data as the model saw them."""
        return self.segmentation.Xt
