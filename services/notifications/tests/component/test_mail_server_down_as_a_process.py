"""Notifications as real processes (gunicorn, worker, relay and sweeper) writing to a real
SMTP server that refuses mail for a while.

The sweeper is the process the registry adds to notifications
(``commands = {sweeper = "send_pending_notifications"}``), started here as ``make run``
and compose start it, with the short retry and sweep of ``conftest.py``.
"""

import time

import pytest
import requests

from microshop_common.processes import service_commands
from microshop_testing.polling import wait_until
from microshop_testing.tokens import customer_token
from tests.events import user_registered
from tests.factories import UserAccountFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def refusing_mail_server(mail_server):
    mail_server.refuse()
    try:
        yield mail_server
    finally:
        mail_server.accept()


def statuses_of(notifications, user_id: int) -> list[str]:
    response = requests.get(
        f"{notifications.url}/api/users/{user_id}/notifications/",
        headers={"Authorization": f"Bearer {customer_token(user_id)}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return [notification["status"] for notification in response.json()["results"]]


def test_a_welcome_the_mail_server_refused_is_sent_once_by_the_sweeper_when_it_takes_mail_again(
    notifications, event_publisher, refusing_mail_server
):
    ann = UserAccountFactory()

    event_publisher(user_registered(ann))
    # The worker's send after commit is refused, then at least one of the sweeper's retries.
    wait_until(lambda: refusing_mail_server.refused >= 3, message="the worker's send and the sweeper's retries")
    assert statuses_of(notifications, ann.id) == ["pending"]
    refusing_mail_server.accept()

    [message] = wait_until(lambda: refusing_mail_server.messages_to(ann.email), message="the welcome to arrive")
    wait_until(lambda: statuses_of(notifications, ann.id) == ["sent"], message="the welcome to be marked sent")
    assert (message.recipients, message.subject) == ((ann.email,), "Welcome to microshop")
    # What is checked here is that nothing more happens, so there is no event to wait for:
    # only time, longer than a retry and several sweeps.
    time.sleep(
        float(notifications.env["NOTIFICATION_RETRY_AFTER"])
        + 5 * float(notifications.env["NOTIFICATION_SWEEP_INTERVAL"])
    )
    assert len(refusing_mail_server.messages_to(ann.email)) == 1


def test_the_sweeper_stops_cleanly_when_told_to(notifications):
    notifications.processes.stop("sweeper")

    try:
        assert notifications.processes.returncode("sweeper") == 0
    finally:
        command = service_commands(notifications.name, port=notifications.port)["sweeper"]
        notifications.processes.start("sweeper", command, env=notifications.env, cwd=notifications.service_dir)
