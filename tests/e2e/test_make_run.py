"""``make run`` itself: ``services/run.py`` as a newcomer runs it, on free ports and in a state folder of its own.

Its supervisor restarts a Celery worker whose main process is killed while the rest of the
system answers on, and SIGTERM stops every process it started, children included. The
system is started by ``conftest.py`` while the journeys run, and these tests run last.
"""

import os
import re
import signal

import requests
from make_run_system import STOP_TIMEOUT, children_of, in_sessions, parent_of, stat_of

from microshop_testing.polling import wait_until
from microshop_testing.shop import Shop

# What Celery logs once the notifications worker consumes.
WORKER_READY = r"notifications@\S+ ready\."


def test_a_second_make_run_names_its_exchange_after_its_own_data_so_it_shares_no_queue(make_run):
    banner = re.search(r"events: +exchange (\S+),", make_run.output())

    assert banner is not None, make_run.output()
    assert banner.group(1) == make_run.system.exchange != "microshop.events"


def test_a_killed_worker_is_restarted_while_the_rest_of_the_system_answers(make_run):
    make_run.wait_for(WORKER_READY, timeout=60)
    worker = make_run.pid_of("notifications-worker")
    assert parent_of(worker) == make_run.process.pid
    web = make_run.pid_of("users-web")

    os.kill(worker, signal.SIGKILL)

    make_run.wait_for(r"notifications-worker exited with code -9; restarting in 1s \(restart 1\)", timeout=10)
    make_run.wait_for(WORKER_READY, count=2, timeout=60)
    assert make_run.pid_of("notifications-worker") != worker
    assert make_run.pid_of("users-web") == web
    for service in make_run.system.services:
        assert requests.get(f"{service.url}/health/ready/", timeout=5).status_code == 200, service.name
    # The restarted worker consumes: a new customer's welcome comes through it.
    shop = Shop(make_run)
    customer = shop.register()
    wait_until(
        lambda: any(n["type"] == "welcome" for n in shop.notifications(customer)),
        timeout=30,
        message="the welcome notification",
    )


def test_sigterm_stops_every_process_make_run_started_and_their_children(make_run):
    sessions = children_of(make_run.process.pid)
    assert sorted(sessions) == sorted(pid for pid in make_run.sessions() if stat_of(pid)), make_run.output()
    assert len(sessions) == len(make_run.system.processes())

    make_run.process.send_signal(signal.SIGTERM)

    assert make_run.process.wait(timeout=STOP_TIMEOUT) == 0, make_run.output()
    assert re.search(r"microshop +\| stopped", make_run.output())
    # Orphans are reaped by init a moment after they die.
    wait_until(lambda: not in_sessions(sessions), timeout=5, message="every process of make run to be gone")
