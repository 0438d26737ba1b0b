"""Helpers for the services' test suites: keys, tokens, clients and a real worker."""
