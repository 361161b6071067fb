"""Writes test/fixtures/hungarian.json: cost matrices with scipy's linear_sum_assignment
answers. Run with Debian's python3 (python3-scipy): /usr/bin/python3 scripts/hungarian-fixtures.py"""
import json
import os

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment

rng = np.random.default_rng(7)
cases = []


def add(name, cost, maximize=False):
    r, c = linear_sum_assignment(cost, maximize=maximize)
    cases.append({
        "name": name,
        "cost": [[float(x) if np.isfinite(x) else ("inf" if x > 0 else "-inf") for x in row] for row in cost],
        "maximize": maximize,
        "rowInd": r.tolist(),
        "colInd": c.tolist(),
        "total": float(cost[r, c].sum()),
    })


add("square 6x6 uniform", rng.random((6, 6)))
add("wide 4x9 normal", rng.standard_normal((4, 9)))
add("tall 9x4 normal", rng.standard_normal((9, 4)))
add("square 12x12 integer ties", rng.integers(0, 4, (12, 12)).astype(float))
add("wide 16x16 L1-like", np.abs(rng.standard_normal((16, 8))).sum(1)[:, None] * rng.random((16, 16)))
add("wide 5x16 maximize", rng.random((5, 16)), maximize=True)
forbidden = rng.random((5, 5))
forbidden[0, :4] = np.inf
forbidden[1, 0] = np.inf
add("square 5x5 with forbidden pairs", forbidden)
add("large 40x60", rng.random((40, 60)))

out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "hungarian.json")
with open(out, "w") as f:
    json.dump({"scipy": scipy.__version__, "cases": cases}, f)
print(f"wrote {len(cases)} cases to {out}")
