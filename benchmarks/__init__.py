"""The course's benchmarks: small scripts that measure and print, never assert (``make bench`` runs them all).

One module per measure, each runnable on its own (``python -m benchmarks.NAME --help``) and printing table rows
(``--json`` for the runner). ``benchmarks/run.py`` runs them in separate processes, in order, and prints one table
with every figure beside its anchor or limit. See ``benchmarks/common.py`` for the row format.
"""
