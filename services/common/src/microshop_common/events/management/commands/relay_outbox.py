import signal
import time

from celery import current_app
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connection

from microshop_common.events.broker import CeleryEventPublisher
from microshop_common.events.outbox import (
    RELAY_BATCH_SIZE,
    BrokerUnavailable,
    pending_event_count,
    relay_pending_events,
)
from microshop_common.events.wakeup import RelayWakeUp


class Command(BaseCommand):
    # A process that runs until stopped, and is started again whenever it exits. Django's
    # system checks (URLs, middleware, templates) ran in `setup_service` before it, and
    # cost half a second of CPU at every start: a relay's first 4 s took 1.6 s of CPU
    # with them and 1.0 s without (under coverage, as the tests run it).
    requires_system_checks = []
    help = (
        "Publish committed events from the outbox to the broker, in order, until stopped. "
        "When the broker or the database is down, events wait in the outbox and go out once it is back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.OUTBOX_RELAY_INTERVAL,
            help="longest wait between polls; on PostgreSQL a committed event wakes the relay at once "
            "(default: %(default)s)",
        )
        parser.add_argument("--once", action="store_true", help="publish what is pending, then exit")

    def handle(self, *args, interval: float, once: bool, **options):
        wake_up = RelayWakeUp()
        self._stopping = False
        # Put back when done: call_command runs this inside another program (a test run),
        # which would not stop on Ctrl-C any more.
        previous = {signum: signal.signal(signum, self._stop) for signum in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._relay_until_stopped(CeleryEventPublisher(current_app), wake_up, interval=interval, once=once)
        finally:
            wake_up.close()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _relay_until_stopped(
        self, publish: CeleryEventPublisher, wake_up: RelayWakeUp, *, interval: float, once: bool
    ) -> None:
        self.stdout.write(f"outbox relay for {settings.SERVICE_NAME} started (every {interval}s)")
        backoff = interval
        while not self._stopping:
            try:
                sent = relay_pending_events(publish=publish)
                backoff = interval
            except BrokerUnavailable as exc:
                backoff = _longer(backoff)
                self.stderr.write(
                    f"broker unavailable ({exc}); {pending_event_count()} events wait in the outbox, "
                    f"retry in {backoff:.1f}s"
                )
                sent = 0
            except (OperationalError, InterfaceError) as exc:
                # The events are safe in the database that is out of reach: wait for it and
                # try again on a new connection. Exiting would leave them there until a restart.
                backoff = _longer(backoff)
                connection.close()
                self.stderr.write(f"database unavailable ({exc}); retry in {backoff:.1f}s")
                sent = 0
            if sent:
                self.stdout.write(f"published {sent} event(s)")
            if once:
                break
            if backoff > interval:
                time.sleep(backoff)  # the broker or database is down: new events would not get through either
            elif sent < RELAY_BATCH_SIZE:
                # A batch that was not full took everything pending; what was committed
                # since then wakes the relay (PostgreSQL) or waits for the next poll.
                wake_up.wait(interval)

    def _stop(self, signum, frame):
        self._stopping = True


def _longer(backoff: float) -> float:
    return min(max(backoff * 2, 0.5), 10.0)
