"""Izhikevich (2003, 2004) figure pipeline: model, tables, results, figures.

``izhikevich.model`` holds the equations, ``izhikevich.schemes`` every update scheme
(single neuron and network) and ``izhikevich.network`` the network of 2003 Fig. 3; the
Snakemake rules, the tests and the notebook import them from there.
"""
