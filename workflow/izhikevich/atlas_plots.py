"""The parameter atlas figure: 2003 Fig. 2's (a, b) and (c, d) planes as behaviour maps.

One panel per map (params/sweeps.tsv), one row of panels per plane; every grid point
coloured by its class (one fixed colour per class of ``behaviour.CLASSES``, the same in
every panel), a legend of the classes drawn. The published 2003 types are marked as in the
paper's sketch: a filled dot and its name where the type is this map's run (its other
parameters and its input are the map's: its own point was simulated with the map, and the
dot has the colour of its class there), a hollow grey ring where the sketch puts a type
whose other parameters or input differ.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

import numpy as np

from .behaviour import CLASSES

#: Colour of each class: distinct hues for the classes the maps show, greys for no
#: pattern ("quiescent" light, "unclassified" mid-grey), the rest from tab20b.
_MAIN = {
    "tonic spiking": "#1f77b4",
    "phasic spiking": "#aec7e8",
    "tonic bursting": "#d62728",
    "phasic bursting": "#ff9896",
    "mixed mode": "#ff7f0e",
    "spike frequency adaptation": "#2ca02c",
    "subthreshold oscillations": "#9467bd",
    "rebound spike": "#c5b0d5",
    "rebound burst": "#8c564b",
    "chaos": "#e377c2",
    "quiescent": "#e8e8e8",
    "unclassified": "#8c8c8c",
}
_REST = [
    "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#5254a3", "#8ca252",
    "#bd9e39", "#ad494a", "#a55194", "#9c9ede", "#cedb9c", "#e7ba52",
]  # fmt: skip
CLASS_COLOURS: dict[str, str] = {}
for _name in CLASSES:
    CLASS_COLOURS[_name] = _MAIN.get(_name) or _REST[len(CLASS_COLOURS) % len(_REST)]

AXIS_LABELS = {
    "a": "a (recovery time scale)",
    "b": "b (sensitivity of u to v)",
    "c": "c (reset of v, mV)",
    "d": "d (reset of u)",
}


def class_image(frame, sweep) -> np.ndarray:
    """(y_n, x_n) array of class indices of the grid points (row 0 = y_min)."""
    grid = frame[frame["type"].isna()] if "type" in frame else frame
    grid = grid.sort_values("point")
    codes = np.array([CLASSES.index(c) for c in grid["class"]])
    return codes.reshape(sweep.y_n, sweep.x_n)


def draw_map(ax, frame, sweep, marks: Mapping, sketch: Mapping, title: str) -> None:
    """One map: the class image, the types on it, the sketch's other types."""
    from matplotlib.colors import ListedColormap

    cmap = ListedColormap([CLASS_COLOURS[c] for c in CLASSES])
    dx = (sweep.x_max - sweep.x_min) / (sweep.x_n - 1) / 2
    dy = (sweep.y_max - sweep.y_min) / (sweep.y_n - 1) / 2
    ax.imshow(
        class_image(frame, sweep),
        origin="lower",
        aspect="auto",
        interpolation="nearest",
        cmap=cmap,
        vmin=-0.5,
        vmax=len(CLASSES) - 0.5,
        extent=(sweep.x_min - dx, sweep.x_max + dx, sweep.y_min - dy, sweep.y_max + dy),
    )
    on_map = frame[frame["type"].notna()] if "type" in frame else frame.iloc[:0]
    placed = set()
    for _, point in on_map.iterrows():
        x, y = float(point[sweep.x]), float(point[sweep.y])
        ax.plot(x, y, "o", ms=6, mfc=CLASS_COLOURS[point["class"]], mec="black", mew=1.2)
        ax.annotate(
            point["type"], (x, y), xytext=(4, 4), textcoords="offset points",
            fontsize=7, fontweight="bold",
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
        )  # fmt: skip
        placed.add(point["type"])
    at: dict[tuple[float, float], list[str]] = {}
    for name, (x, y) in sketch.items():
        inside = sweep.x_min <= x <= sweep.x_max and sweep.y_min <= y <= sweep.y_max
        if name not in placed and name not in marks and inside:
            at.setdefault((x, y), []).append(name)
    for (x, y), names in at.items():
        ax.plot(x, y, "o", ms=5, mfc="none", mec="#404040", mew=0.8)
        ax.annotate(
            ", ".join(names), (x, y), xytext=(4, -9), textcoords="offset points",
            fontsize=6, color="#303030",
        )  # fmt: skip
    ax.set_title(title, fontsize=7)
    ax.set_xlabel(AXIS_LABELS.get(sweep.x, sweep.x), fontsize=7)
    ax.set_ylabel(AXIS_LABELS.get(sweep.y, sweep.y), fontsize=7)
    ax.tick_params(labelsize=6)


def map_title(sweep, protocol_panel: str) -> str:
    fixed = ", ".join(f"{p} = {v:g}" for p, v in sweep.fixed.items())
    return f"{sweep.id}: {fixed}\ninput of {protocol_panel}"


def planes_figure(maps: Sequence[Mapping]):
    """The figure: ``maps`` = dicts with frame, sweep, marks, sketch, title; one row of
    panels per plane (pair of swept parameters), in table order."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    planes: dict[tuple[str, str], list[Mapping]] = {}
    for m in maps:
        planes.setdefault((m["sweep"].x, m["sweep"].y), []).append(m)
    ncols = max(len(v) for v in planes.values())
    nrows = len(planes)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.3 * ncols, 2.4 * nrows + 0.9), squeeze=False)
    present: set[str] = set()
    for r, members in enumerate(planes.values()):
        for c in range(ncols):
            ax = axes[r][c]
            if c >= len(members):
                ax.axis("off")
                continue
            m = members[c]
            draw_map(ax, m["frame"], m["sweep"], m["marks"], m["sketch"], m["title"])
            present |= set(m["frame"]["class"])
    handles = [
        Patch(facecolor=CLASS_COLOURS[c], edgecolor="#606060", lw=0.5, label=c)
        for c in CLASSES
        if c in present
    ]
    fig.legend(handles=handles, loc="lower center", ncol=min(6, len(handles)), fontsize=7,
               frameon=False)  # fmt: skip
    fig.suptitle(
        "Izhikevich (2003) Fig. 2 computed: behaviour of every (a, b) and (c, d) point under "
        "the published update, classified (filled dot: the published type simulated with "
        "the map; ring: where the paper's sketch puts the other types)",
        fontsize=8,
    )
    fig.tight_layout(rect=(0, 0.9 / fig.get_figheight(), 1, 1 - 0.3 / fig.get_figheight()))
    return fig


def plot_planes(maps: Sequence[Mapping], outputs: Sequence[str | os.PathLike]) -> None:
    """Draw and save (pdf, png) the planes figure."""
    import matplotlib.pyplot as plt

    from .plotting import save_figure

    fig = planes_figure(maps)
    save_figure(fig, outputs)
    plt.close(fig)
