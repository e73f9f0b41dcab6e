"""Workflow catalog metadata: config/README.md documents every config key and table
column; LICENSE matches pyproject's license; .snakemake-workflow-catalog.yml is complete."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def documented() -> set[str]:
    """Names in the first cell of config/README.md's table rows (`a`, `b` -> a, b)."""
    names = set()
    for line in (ROOT / "config" / "README.md").read_text().splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([^`]+)`", line.split("|")[1]))
    return names


def test_every_config_key_is_documented():
    keys = set(yaml.safe_load((ROOT / "config" / "config.yaml").read_text()))
    assert keys <= documented(), keys - documented()


def test_every_table_column_is_documented():
    for name in ("neurons", "network", "sweeps", "fI_curves", "numerics_neurons"):
        schema = yaml.safe_load(
            (ROOT / "workflow" / "schemas" / f"{name}.schema.yaml").read_text()
        )
        columns = set(schema["properties"])
        header = (ROOT / "params" / f"{name}.tsv").read_text().splitlines()[0].split("\t")
        assert columns | set(header) <= documented(), (columns | set(header)) - documented()


def test_license_file_matches_pyproject():
    license_ = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    spdx = license_["text"] if isinstance(license_, dict) else license_
    text = (ROOT / "LICENSE").read_text()
    assert spdx == "MIT" and text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text


def test_catalog_metadata_names_usage_and_deployment():
    meta = yaml.safe_load((ROOT / ".snakemake-workflow-catalog.yml").read_text())
    usage = meta["usage"]
    assert {"mandatory-flags", "software-stack-deployment", "report"} <= set(usage)
    assert usage["software-stack-deployment"]["conda"] is True
    assert usage["report"] is True
