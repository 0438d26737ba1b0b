"""The web processes that make run, the tests and the images start (``microshop_common.processes``)."""

import os
import urllib.request

from microshop_common.processes import web_command
from microshop_testing.processes import ProcessGroup, free_ports

HELLO = 'def application(environ, start_response):\n    start_response("200 OK", [])\n    return [b"hello"]\n'


def answers(port: int) -> bool:
    """Whether a worker answers: the master listens before its workers are up."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=0.5) as response:
            return response.read() == b"hello"
    except OSError:
        return False


def test_two_web_processes_of_one_user_leave_no_control_socket_to_take_from_each_other(tmp_path):
    (tmp_path / "hello.py").write_text(HELLO)
    # gunicorn's control socket is $XDG_RUNTIME_DIR/gunicorn.ctl: one path for every master of a user.
    runtime_dir = tmp_path / "runtime"
    runtime_dir.mkdir()
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime_dir)}
    ports = free_ports(2)
    processes = ProcessGroup(tmp_path / "logs")
    try:
        for name, port in zip(("first", "second"), ports, strict=True):
            processes.start(name, web_command(port=port, workers=1, application="hello"), env=env, cwd=tmp_path)
        processes.wait_until(lambda: all(map(answers, ports)), timeout=30, what="both web processes to answer")

        # While they run: a master removes its socket as it stops.
        assert list(runtime_dir.iterdir()) == []
        assert "Control socket" not in processes.logs()
    finally:
        processes.stop_all()
