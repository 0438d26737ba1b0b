"""What the microshop services' test suites share: distribution ``microshop-testing``.

Installed beside the services' test requirements, never in their images. It registers
``microshop_testing.pytest_plugin`` with pytest (entry point ``pytest11``, name
``microshop``); the other modules are imported by the tests that need them: tokens,
a real Celery worker, a service or the whole system as real processes, pacts and the
OpenAPI documents.
"""
