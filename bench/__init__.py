"""Benchmarks for the quality bars in DESIGN.md section 6. Run them with `make bench`."""
