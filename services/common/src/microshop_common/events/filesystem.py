"""The embedded broker: kombu's filesystem transport, with messages that appear whole.

Kombu writes a message straight into the file a consumer looks for, so a worker polling
the folder can take the file before the bytes are in it: it reads an empty message and
stops with a JSONDecodeError, and the message is lost. Here each message is written under
a name no consumer looks for, then renamed into place, which POSIX makes atomic.
https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.filesystem.html
"""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        # The same name as kombu's: consumers take messages in the order of their names.
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
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
