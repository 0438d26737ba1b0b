"""Notifications as real processes (gunicorn, worker, relay and sweeper) writing to a real
SMTP server that refuses mail for a while.

The sweeper is the process the registry adds to notifications
(``commands = {sweeper = "send_pending_notifications"}``), started here as ``make run``
and compose start it. Its settings come from the environment, shortened so that a test
waits seconds, not minutes: a retry half a second after the last attempt, a sweep every
fifth of a second.
"""

import time
from pathlib import Path

import pytest
import requests

from microshop_common.processes import service_commands
from microshop_testing.live_service import LiveService, live_service_environment, temporary_database
from microshop_testing.polling import wait_until
from microshop_testing.smtp import SmtpServer
from microshop_testing.tokens import customer_token
from tests.events import user_registered
from tests.factories import UserAccountFactory

pytestmark = pytest.mark.django_db(transaction=True)

SERVICE_DIR = Path(__file__).resolve().parents[2]

RETRY_AFTER = 0.5
SWEEP_INTERVAL = 0.2


@pytest.fixture(scope="module")
def mail_server():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def refusing_mail_server(mail_server):
    mail_server.refuse()
    try:
        yield mail_server
    finally:
        mail_server.accept()


@pytest.fixture(scope="module")
def notifications(tmp_path_factory, django_db_blocker, running_users_server, mail_server):
    with django_db_blocker.unblock(), temporary_database("notifications") as database_url:
        env = live_service_environment(database_url=database_url, users=running_users_server.url)
        env.update(
            EMAIL_URL=mail_server.email_url,
            EMAIL_TIMEOUT="5",
            NOTIFICATION_RETRY_AFTER=str(RETRY_AFTER),
            NOTIFICATION_SWEEP_INTERVAL=str(SWEEP_INTERVAL),
            # Enough for the refusals of a test: none is given up while the server refuses.
            NOTIFICATION_MAX_ATTEMPTS="1000",
        )
        with LiveService(
            service_dir=SERVICE_DIR, env=env, log_dir=tmp_path_factory.mktemp("notifications-mail-logs")
        ) as service:
            yield service


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

    [message] = refusing_mail_server.wait_for_messages(1)
    wait_until(lambda: statuses_of(notifications, ann.id) == ["sent"], message="the welcome to be marked sent")
    assert (message.recipients, message.subject) == ((ann.email,), "Welcome to microshop")
    # What is checked here is that nothing more happens, so there is no event to wait for:
    # only time, longer than a retry and several sweeps.
    time.sleep(RETRY_AFTER + 5 * SWEEP_INTERVAL)
    assert len(refusing_mail_server.messages) == 1


def test_the_sweeper_stops_cleanly_when_told_to(notifications):
    notifications.processes.stop("sweeper")

    try:
        assert notifications.processes.returncode("sweeper") == 0
    finally:
        command = service_commands(notifications.name, port=notifications.port)["sweeper"]
        notifications.processes.start("sweeper", command, env=notifications.env, cwd=notifications.service_dir)
