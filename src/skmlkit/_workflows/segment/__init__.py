"""``skmlkit segment``: segment a customer table or a transaction log, write a report.

The report folder holds ``report.html`` (K choice, criteria agreement,
stability, profiles, names, plots), ``customers.csv`` (one row per customer
with its segment and segment name) and the tables and figures the page shows.
Modules: ``_inputs`` (reading), ``_jobs`` (the table and log jobs and their
shared segmentation step), ``_notes`` (what the report says about the run),
``_report`` (files and console summary), ``_run`` (the run object).
"""

from ._jobs import segment_table, segment_transactions
from ._report import summarize_segments, write_segmentation_report
from ._run import SegmentationRun

__all__ = [
    "SegmentationRun",
    "segment_table",
    "segment_transactions",
    "summarize_segments",
    "write_segmentation_report",
]
