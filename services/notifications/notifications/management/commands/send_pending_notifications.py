import signal
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections

from notifications.services import SWEEP_BATCH_SIZE, notification_send_due

# How often a sweeper waiting for its next sweep checks whether it was told to stop.
STOP_CHECK_SECONDS = 0.2


class Command(BaseCommand):
    # Like the outbox relay, a process that runs until stopped: Django's system checks ran in
    # `setup_service` before it, and would cost half a second of CPU at every start.
    requires_system_checks = []
    help = (
        "E-mail the pending notifications, until stopped: those the mail server did not take, "
        "once NOTIFICATION_RETRY_AFTER seconds have passed since their last attempt, and those "
        "whose send after commit never ran. Each is sent once, however many sweepers run."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.NOTIFICATION_SWEEP_INTERVAL,
            help="seconds between sweeps (default: %(default)s)",
        )
        parser.add_argument("--once", action="store_true", help="sweep once, then exit")

    def handle(self, *args, interval: float, once: bool, **options):
        self._stopping = False
        # Put back when done: call_command runs this inside another program (a test run).
        previous = {signum: signal.signal(signum, self._stop) for signum in (signal.SIGTERM, signal.SIGINT)}
        try:
            self._sweep_until_stopped(interval=interval, once=once)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _sweep_until_stopped(self, *, interval: float, once: bool) -> None:
        retry_after = timedelta(seconds=settings.NOTIFICATION_RETRY_AFTER)
        self.stdout.write(
            f"notification sweeper started (every {interval}s; retries after {retry_after.total_seconds():g}s, "
            f"at most {settings.NOTIFICATION_MAX_ATTEMPTS} attempts)"
        )
        while not self._stopping:
            try:
                report = notification_send_due(retry_after=retry_after, keep_going=lambda: not self._stopping)
            except DatabaseError as exc:
                # The connection may be the broken one of a database that restarted: the next
                # sweep opens a new one.
                connections.close_all()
                self.stderr.write(f"database unavailable ({exc}); next sweep in {interval}s")
                report = None
            if report is not None and report.attempted:
                self.stdout.write(str(report))
            if once:
                break
            if report is None or report.attempted < SWEEP_BATCH_SIZE:
                self._pause(interval)

    def _pause(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._stopping and (remaining := deadline - time.monotonic()) > 0:
            time.sleep(min(remaining, STOP_CHECK_SECONDS))

    def _stop(self, signum, frame):
        self._stopping = True
