"""A worker told to stop stops at once, not when it next happens to look.

On RabbitMQ the worker's event loop is woken (``microshop_common.celery``); on the embedded
broker its wait for messages ends early (``microshop_common.events.filesystem``).

The worker is a real process, started with the command every service's worker runs
(``microshop_common.processes.worker_command``), on an app made as a service's
``config/celery.py`` makes it, for the "example" service of these tests.
"""

import os
import signal
import subprocess
import time
from pathlib import Path

from microshop_common.processes import worker_command
from microshop_testing.polling import wait_until
from microshop_testing.worker import consuming_this_run_s_queues, delete_queues
from tests.tasks import app

COMMON_DIR = Path(__file__).resolve().parents[2]
CONFIG_CELERY = """
import os

from microshop_common.celery import make_celery_app

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
app = make_celery_app("example")
"""


def test_an_idle_worker_told_to_stop_stops_within_seconds(tmp_path):
    (tmp_path / "example_celery.py").write_text(CONFIG_CELERY)
    log = tmp_path / "worker.log"
    path = [str(tmp_path), str(COMMON_DIR), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    with consuming_this_run_s_queues("a worker process of the example service"), log.open("wb") as output:
        worker = subprocess.Popen(
            worker_command("example", app="example_celery"),
            cwd=COMMON_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: " ready." in log.read_text(), timeout=30, message="the worker to be ready")
            # Long enough for the loop to settle into its wait for the next timer, as an
            # idle worker's loop is when a deployment or Ctrl-C stops it.
            time.sleep(0.5)
            asked = time.monotonic()
            worker.send_signal(signal.SIGTERM)
            returncode = worker.wait(timeout=30)
            took = time.monotonic() - asked
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
            delete_queues(app)

    assert returncode == 0, log.read_text()
    # On 2 cores: 1.9 s on RabbitMQ and 1.6 s on the embedded broker, most of it the pool
    # process's own exit; 6.3 s and 5.6 s when the worker looked only when it next woke.
    assert took < 4, log.read_text()
