"""Benchmarks of the local pipeline (not part of the test suite): ``python -m bench.run_all --calls 100,1000``."""
