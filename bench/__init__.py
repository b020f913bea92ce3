"""Performance benchmarks (``make bench``): bench/run.py, and bench/dashboard.py for the province scale."""

# Settings of the production code path the benchmarks measure (DEBUG off): production refuses to start without its
# secrets, and the Django test client speaks plain HTTP with no proxy in front. Benchmark databases only.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-for-any-installation-0123456789",
    "FIELD_ENCRYPTION_KEY": "c2lmYXN1by1iZW5jaG1hcmstb25seS1maWVsZC1rZXk=",
    "ID_HASH_KEY": "bench-only-id-hash-key",
    "SECURE_SSL_REDIRECT": "false",
}

