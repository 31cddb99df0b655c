"""
==============================================
RFM segmentation of a real transaction log
==============================================

The CDNOW log (Fader & Hardie) records every purchase, from January 1997 to
June 1998, of the 23,570 customers who first bought at the online music shop
CDNOW in the first quarter of 1997: 69,659 rows of customer, date, number of
CDs and amount paid. We turn it into recency, frequency and monetary value
per customer with :class:`~skmlkit.RFMFeatures`, let
:class:`~skmlkit.AutoKMeans` choose the number of segments inside
:func:`~skmlkit.cluster.make_segmentation_pipeline`, check how stable the
segments are, describe them in days and dollars, and name them with the
customary RFM labels.
"""

# %%
# The log
# -------
# The loader reads the log from the data home and verifies it by its values.
# Without it (a machine with no data home and no network), a synthetic log
# with the same shape stands in, with a notice.
from skmlkit.datasets import fetch_cdnow, make_transactions

try:
    log = fetch_cdnow(download_if_missing=False).frame
    source = "CDNOW"
except FileNotFoundError as exc:
    print(f"NOTICE: {exc}\nUsing a synthetic log (make_transactions) instead.")
    log = make_transactions(n_samples=3000, random_state=0).data
    source = "synthetic"
print(f"{source}: {len(log):,} purchases of {log['customer_id'].nunique():,} customers")
log.head()

# %%
# RFM features
# ------------
# One row per customer. Frequency counts distinct purchase days, so several
# CDs bought in one visit are one occasion; recency and tenure are days
# before the reference date, the day after the last purchase in the log.
from skmlkit import RFMFeatures

rfm = RFMFeatures(customer_id="customer_id", date="date", amount="amount")
features = rfm.fit_transform(log)
print("reference date:", rfm.reference_date_.date(), rfm.input_summary_)
features.describe().round(1)

# %%
# Spend and frequency have long right tails (half of the customers bought on
# one day only): the pipeline log-transforms them before scaling, and keeps
# recency as it is. Tenure is profiled but not clustered: every customer
# started in the same quarter.
from skmlkit.cluster import make_segmentation_pipeline

pipeline = make_segmentation_pipeline(
    numeric=["recency"],
    skewed=["frequency", "monetary"],
    k_range=range(2, 11),
    random_state=0,
)
pipeline.fit(features[["recency", "frequency", "monetary"]])
model = pipeline["cluster"]
print("K:", model.n_clusters_, "| each criterion's choice:", model.choices_)
print(f"criteria agreeing with K: {model.agreement_:.0%}")

# %%
# Every criterion against K. The single criteria disagree here: the curves,
# not one number, are the evidence.
import matplotlib.pyplot as plt

from skmlkit.plotting import KSelectionDisplay

KSelectionDisplay.from_estimator(model)
plt.show()

# %%
# Stability
# ---------
# Refit on bootstrap resamples and compare: an adjusted Rand index near 1
# means the same segments come back; per segment, a mean Jaccard of at least
# 0.75 means the segment is stable (Hennig, 2007).
from skmlkit.cluster import cluster_stability

Xt = pipeline[:-1].transform(features[["recency", "frequency", "monetary"]])
stability = cluster_stability(model, Xt, n_bootstrap=10, random_state=0)
print(f"mean ARI over 10 refits: {stability.ari.mean():.2f}")
stability.summary.round(3)

# %%
# Profiles and names
# ------------------
# Each segment in days and dollars, with its relative importance (segment
# mean / overall mean - 1), named with the RFM grid labels, whose cells never
# overlap.
from skmlkit.cluster import name_rfm_segments, segment_profile

labels = model.labels_
profile = segment_profile(features, labels)
names = name_rfm_segments(features, labels)
profile.insert(0, "name", names)
profile.round(2)

# %%
# Sizes, the relative-importance heatmap, a snake plot and a radar chart.
from skmlkit.plotting import (
    SegmentProfileDisplay,
    SegmentRadarDisplay,
    SegmentSizesDisplay,
    SnakeDisplay,
)

profile = profile.drop(columns="name")
SegmentSizesDisplay(profile=profile, names=names).plot()
SegmentProfileDisplay(profile=profile, names=names).plot()
SnakeDisplay.from_predictions(features, labels, names=names)
SegmentRadarDisplay(profile=profile, names=names).plot()
plt.show()

# %%
# The command line does all of this in one go and writes an HTML report and
# one row per customer with its segment name::
#
#     skmlkit segment --rfm --out cdnow_segments
#     skmlkit segment my_log.csv --rfm --customer-id client --date day \
#         --amount paid --out my_segments
