"""Benchmarks (see README.md); not part of the product package."""
