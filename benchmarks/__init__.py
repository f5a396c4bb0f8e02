"""Benchmarks and the soak test: ``make bench`` (benchmarks.run) and ``make soak`` (benchmarks.soak).

Nothing here is imported by the application. Every figure these modules print is measured in
the run that prints it; docs/SCALING.md explains how the figures size a deployment.
"""
