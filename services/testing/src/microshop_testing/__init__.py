"""What the microshop services' test suites share: distribution ``microshop-testing``.

Installed beside the services' test requirements, never in their images. It registers
``microshop_testing.pytest_plugin`` with pytest (entry point ``pytest11``, name
``microshop``); the other modules are imported by the tests that need them: tokens,
a real Celery worker, a service or the whole system as real processes, pacts and the
OpenAPI documents.
"""

import pkgutil
import sys

# The helpers' asserts report what they compared, as a test's own asserts do. pytest
# rewrites every module of a plugin's package only when it autoloads the plugin; a run
# that names one module with -p (tests/run_layers.py, the e2e layer's pytest.ini) would
# rewrite that module alone. Outside a pytest run (a service started with its test
# settings) there is nothing to rewrite, and pytest is not imported for it.
if (pytest := sys.modules.get("pytest")) is not None:
    pytest.register_assert_rewrite(*(f"{__name__}.{module.name}" for module in pkgutil.iter_modules(__path__)))
