"""LiveService starts what it is asked for: every process of its service unless told otherwise."""

from pathlib import Path

from microshop_testing.live_service import LiveService

NOTIFICATIONS_DIR = Path(__file__).resolve().parents[3] / "notifications"


def test_a_live_service_runs_every_process_its_service_has_by_default(tmp_path):
    service = LiveService(service_dir=NOTIFICATIONS_DIR, env={}, log_dir=tmp_path)

    assert list(service.commands) == ["web", "worker", "relay", "sweeper"]
    assert service.set_up


def test_a_live_service_asked_for_its_api_alone_runs_gunicorn_alone(tmp_path):
    service = LiveService(service_dir=NOTIFICATIONS_DIR, env={}, log_dir=tmp_path, processes=("web",), set_up=False)

    assert list(service.commands) == ["web"]
    assert "gunicorn" in service.commands["web"]
    assert not service.set_up
