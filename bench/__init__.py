"""Performance benchmarks (``make bench``): bench/run.py, and bench/dashboard.py for the province scale."""
