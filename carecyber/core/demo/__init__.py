"""Demo data: a small cast of named people for trying the product, and national-scale data for benchmarks."""
