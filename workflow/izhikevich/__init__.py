"""Izhikevich (2003, 2004) figure pipeline: model, tables, results, figures.

``izhikevich.model`` holds the equations and every update scheme; the Snakemake rules,
the tests and the notebook import it from there.
"""
