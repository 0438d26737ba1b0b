"""A pytest plugin: a failing test that used services started as real processes shows the log
of each of those processes, since the cause of a failure seen over HTTP is most often in a
worker's or a relay's log.

It knows a ``LiveService`` (the component and contract layers' fixtures), and a
``LiveSystem`` or the ``Shop`` that drives one (the end-to-end and resilience layers). The
microshop plugin carries this hook; the layers that run the whole system leave that plugin
out, and load this one with ``-p microshop_testing.failure_logs`` in their ``pytest.ini``.
"""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        report.sections += logs_of_processes(getattr(item, "funcargs", {}).values())


def logs_of_processes(values) -> list[tuple[str, str]]:
    """A report section per set of processes among a test's fixture ``values``, each one once."""
    # Imported here: every pytest process loads this module, and only some start processes.
    from microshop_testing.live_service import LiveService
    from microshop_testing.live_system import LiveSystem
    from microshop_testing.shop import Shop

    sections: dict[int, tuple[str, str]] = {}
    for value in values:
        if isinstance(value, Shop):
            value = value.system
        if isinstance(value, LiveService):
            sections.setdefault(id(value), (f"logs of {value.name}", value.processes.logs()))
        elif isinstance(value, LiveSystem):
            sections.setdefault(id(value), ("logs of every process", value.logs()))
    return list(sections.values())
