"""Pen strokes of the ten digits, with the writing variants MNIST rarely shows.

Each digit is one or more templates; a template is a list of strokes and a
stroke a list of (x, y) control points in a unit box (x to the right, y
down, the digit spanning y in [0, 1]). Curves are arcs sampled densely, so
that a smooth pen path follows from joining the points.
"""

import numpy as np


def arc(cx, cy, rx, ry, start, stop, n=24):
    """Points on an ellipse from angle ``start`` to ``stop`` (degrees, y down)."""
    angles = np.radians(np.linspace(start, stop, n))
    return list(zip(cx + rx * np.cos(angles), cy + ry * np.sin(angles), strict=True))


# Every template is named by its variant; the names appear in benchmark
# reports (e.g. the open-top 4 and the crossed 7 that MNIST's writers rarely
# used, the flagged 1 with a base that European writers use).
TEMPLATES = {
    0: {
        "oval": [arc(0.5, 0.5, 0.3, 0.5, -90, 272)],
        "round": [arc(0.5, 0.5, 0.4, 0.5, -100, 265)],
    },
    1: {
        "stroke": [[(0.5, 0.0), (0.5, 1.0)]],
        "flag": [[(0.28, 0.22), (0.52, 0.0), (0.5, 1.0)]],
        "flag_base": [
            [(0.28, 0.22), (0.52, 0.0), (0.5, 1.0)],
            [(0.25, 1.0), (0.75, 1.0)],
        ],
    },
    2: {
        "curve": [
            [*arc(0.5, 0.28, 0.3, 0.28, 190, 360), (0.6, 0.62), (0.2, 1.0), (0.85, 1.0)]
        ],
        "loop": [
            [
                *arc(0.5, 0.28, 0.3, 0.28, 190, 370),
                *[(0.3, 0.9), (0.22, 1.0), (0.34, 0.96), (0.5, 0.92), (0.85, 1.0)],
            ]
        ],
    },
    3: {
        "round": [
            arc(0.47, 0.26, 0.28, 0.26, 200, 450)
            + arc(0.47, 0.75, 0.32, 0.25, -90, 150)[1:]
        ],
        "flat_top": [
            [
                (0.2, 0.0),
                (0.78, 0.0),
                (0.42, 0.42),
                *arc(0.47, 0.72, 0.32, 0.28, -80, 150),
            ]
        ],
    },
    4: {
        "closed": [[(0.68, 1.0), (0.68, 0.0), (0.12, 0.68), (0.88, 0.68)]],
        "open": [[(0.3, 0.0), (0.2, 0.65), (0.88, 0.65)], [(0.68, 0.08), (0.68, 1.0)]],
    },
    5: {
        "one_stroke": [
            [(0.8, 0.0), (0.3, 0.0), (0.25, 0.45), *arc(0.5, 0.7, 0.32, 0.3, -125, 155)]
        ],
        "two_strokes": [
            [(0.28, 0.0), (0.24, 0.45), *arc(0.5, 0.7, 0.32, 0.3, -125, 155)],
            [(0.28, 0.0), (0.82, 0.02)],
        ],
    },
    6: {
        "loop": [
            [
                (0.72, 0.0),
                (0.45, 0.18),
                (0.26, 0.5),
                *arc(0.5, 0.72, 0.26, 0.28, 180, 530),
            ]
        ],
        "straight": [
            [(0.62, 0.0), (0.25, 0.65), *arc(0.5, 0.74, 0.27, 0.26, 200, 540)]
        ],
    },
    7: {
        "plain": [[(0.15, 0.02), (0.85, 0.02), (0.4, 1.0)]],
        "crossed": [
            [(0.15, 0.02), (0.85, 0.02), (0.4, 1.0)],
            [(0.3, 0.52), (0.78, 0.5)],
        ],
        "hooked": [[(0.15, 0.16), (0.15, 0.02), (0.85, 0.02), (0.45, 1.0)]],
    },
    8: {
        "two_loops": [
            arc(0.5, 0.25, 0.24, 0.25, 90, 450),
            arc(0.5, 0.74, 0.3, 0.26, -90, 270),
        ],
        "figure": [
            arc(0.5, 0.25, 0.25, 0.25, 0, -270)[::-1][:-1]
            + arc(0.5, 0.75, 0.3, 0.25, -90, 270)
        ],
    },
    9: {
        "straight": [arc(0.48, 0.3, 0.3, 0.3, 0, 360), [(0.78, 0.3), (0.74, 1.0)]],
        "curved": [
            arc(0.48, 0.3, 0.3, 0.3, 0, 360),
            [(0.78, 0.3), (0.72, 0.8), (0.45, 1.0)],
        ],
    },
}
