"""On-demand benchmarks (not part of the test run): see bench/README.md."""
