"""The embedded broker: kombu's filesystem transport, with messages that appear whole and in order.

Kombu writes a message straight into the file a consumer looks for, so a worker polling
the folder can take the file before the bytes are in it: it reads an empty message and
stops with a JSONDecodeError, and the message is lost. Here each message is written under
a name no consumer looks for, then renamed into place, which POSIX makes atomic.

Consumers take messages in the order of their file names. Kombu's names start with the
millisecond, then a random id, so two messages sent in the same millisecond (a relay
sending a batch) could be taken in either order; these start with the nanosecond.
https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.filesystem.html
"""

import os
import uuid
from time import monotonic, monotonic_ns

from celery.worker import state as worker_state
from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The folders appear when the broker is first used, not when settings are read: a
        # process that only reads them (mypy's Django plugin, make openapi) leaves none behind.
        for folder in (self.data_folder_in, self.data_folder_out, self.control_folder):
            os.makedirs(folder, exist_ok=True)

    def _put(self, queue, payload, **kwargs):
        # Fixed width, so that names sort as numbers; no dot before the queue's name,
        # which kombu finds after the first one.
        name = f"{monotonic_ns():020d}_{uuid.uuid4()}.{queue}.msg"
        complete = os.path.join(self.data_folder_out, name)
        partial = f"{complete}.part"
        try:
            with open(partial, "wb") as message:
                message.write(str_to_bytes(dumps(payload)))
            os.replace(partial, complete)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {complete!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel

    # How often a wait for messages looks whether its worker was told to stop.
    stop_check_interval = 0.2

    def drain_events(self, connection, timeout=None):
        """Wait for a message as kombu does, and give up early once the worker is stopping.

        Celery's loop for a broker like this one waits up to 2 s for a message, then looks
        whether it was told to stop, and then waits 2 s once more before it does: an idle
        worker took 5.6 s to stop, and a test's in-process worker 4.2 s. Looking every fifth
        of a second, they take 1.6 s (most of it the pool process's own exit) and 0.6 s.
        """
        deadline = None if timeout is None else monotonic() + timeout
        while True:
            left = self.stop_check_interval if deadline is None else max(deadline - monotonic(), 0)
            try:
                return super().drain_events(connection, timeout=min(left, self.stop_check_interval))
            except TimeoutError:
                stopping = worker_state.should_stop is not None or worker_state.should_terminate is not None
                if stopping or (deadline is not None and monotonic() >= deadline):
                    raise
