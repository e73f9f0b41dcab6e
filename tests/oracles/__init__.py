"""Test oracles: independent encodings of the published and the seeds' programs.

Exact copies, kept apart from the pipeline's code (``izhikevich``) so that the pipeline is
checked against them rather than against itself: ``published`` (figure1.m, 2004 Fig. 1 and
2003 Fig. 2), ``net_m`` (a NumPy port of net.m, 2003 Fig. 3; the network benchmark's
baseline), ``seed_notebook`` and ``seed_network`` (the seed notebook's and Brian2's example
code). Tests and benchmarks import them from here; the pipeline never does.
"""
