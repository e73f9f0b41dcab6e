"""Snakemake job: results/atlas/fI_curves.tsv and fI_summary.tsv (and their report pages)."""

import sys
from pathlib import Path

# The workflow's own package first (see plot_montage.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from izhikevich.fi_report import curve_table, summary_table
from izhikevich.io import load_npz
from izhikevich.tabular import write_table


def main(inputs: list[str], outputs, log: str) -> None:
    """Every input of every curve, and one summary line per curve."""
    curves = [load_npz(path) for path in inputs]
    summary = summary_table(curves)
    write_table(
        curve_table(curves), outputs.curves, outputs.curves_html,
        "f-I curves: every simulated input",
        "Steady firing rate (Hz) of each constant input I_dc; round 0 is the grid, rounds "
        "1, 2, ... narrow the rheobase bracket.",
    )  # fmt: skip
    write_table(
        summary, outputs.summary, outputs.summary_html,
        "f-I curves: rheobase and onset frequency",
        "Rheobase: the smallest input with a steady rate (it lies above silent_below); "
        "onset_hz: the steady rate there; lowest_rate_hz: the lowest rate the window measures.",
    )  # fmt: skip
    with open(log, "w") as handle:
        for line in summary.to_dict("records"):
            handle.write(
                f"{line['id']}: rheobase {line['rheobase']:.6g}, onset {line['onset_hz']:.4g} Hz\n"
            )


if __name__ == "__main__" and "snakemake" in globals():
    main(list(snakemake.input.npz), snakemake.output, snakemake.log[0])
