"""A pytest plugin for the layers that run the whole system (end-to-end, resilience): a
failing test that used it shows the log of every process, since the cause of a failure
seen over HTTP is most often in a worker's or a relay's log. Those layers load it with
``-p microshop_testing.system_logs`` in their ``pytest.ini``.
"""

import pytest

from microshop_testing.live_system import LiveSystem
from microshop_testing.shop import Shop


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.failed:
        return
    for value in getattr(item, "funcargs", {}).values():
        system = value.system if isinstance(value, Shop) else value
        if isinstance(system, LiveSystem):
            report.sections.append(("logs of every process", system.logs()))
            return
