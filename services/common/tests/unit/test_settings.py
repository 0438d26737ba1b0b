from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from microshop_common.settings import build_settings

BASE_DIR = Path(__file__).resolve().parents[2]


def settings_from(environment: dict[str, str], **options) -> dict:
    env = environ.Env()
    env.ENVIRON = environment
    return build_settings(service="example", base_dir=BASE_DIR, local_apps=[], env=env, **options)


@pytest.fixture
def environment(settings):
    return {"DJANGO_SECRET_KEY": "k", "JWT_KEYS_DIR": str(settings.JWT_KEYS_DIR)}


def test_the_secret_key_has_no_default(settings):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        settings_from({"JWT_KEYS_DIR": str(settings.JWT_KEYS_DIR)})


def test_a_missing_key_says_how_to_make_one(tmp_path):
    with pytest.raises(ImproperlyConfigured, match=r"python -m microshop_common\.keys"):
        settings_from({"DJANGO_SECRET_KEY": "k", "JWT_KEYS_DIR": str(tmp_path)})


def test_without_a_database_url_each_service_gets_its_own_sqlite_file(environment):
    database = settings_from(environment)["DATABASES"]["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"].endswith("var/example.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_url_is_used_as_given(environment):
    environment["DATABASE_URL"] = "postgres://shop:secret@db.internal:5432/example"

    database = settings_from(environment)["DATABASES"]["default"]

    assert (database["ENGINE"], database["HOST"], database["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        "example",
    )


def test_the_embedded_broker_shares_one_folder_between_processes(environment, tmp_path):
    environment["CELERY_BROKER_URL"] = f"filesystem://{tmp_path}"

    options = settings_from(environment)["CELERY_BROKER_TRANSPORT_OPTIONS"]

    assert options["data_folder_in"] == options["data_folder_out"] == str(tmp_path / "messages")
    assert options["control_folder"] == str(tmp_path / "control")


def test_rabbitmq_confirms_every_publish(environment):
    environment["CELERY_BROKER_URL"] = "amqp://guest:guest@127.0.0.1:5672//"

    assert settings_from(environment)["CELERY_BROKER_TRANSPORT_OPTIONS"]["confirm_publish"] is True


def test_a_consumer_binds_its_own_queue_to_the_event_types_it_handles(environment):
    environment["EVENTS_EXCHANGE"] = "shop.events"

    queues = settings_from(environment, consumes=("order.placed", "order.cancelled"))["CELERY_TASK_QUEUES"]

    events_queue = next(queue for queue in queues if queue.name == "shop.events.example")
    assert {binding.routing_key for binding in events_queue.bindings} == {"order.placed", "order.cancelled"}
    assert all(binding.exchange.type == "topic" for binding in events_queue.bindings)


def test_late_acknowledgement_is_on_so_a_killed_worker_loses_nothing(environment):
    settings = settings_from(environment)

    assert settings["CELERY_TASK_ACKS_LATE"] is True
    assert settings["CELERY_TASK_REJECT_ON_WORKER_LOST"] is True
    assert settings["CELERY_WORKER_PREFETCH_MULTIPLIER"] == 1


def test_the_url_of_each_called_service_comes_from_the_environment(environment):
    environment["USERS_URL"] = "http://users.internal:8000"

    urls = settings_from(environment, calls=("users", "inventory"))["SERVICE_URLS"]

    assert urls == {"users": "http://users.internal:8000", "inventory": "http://127.0.0.1:8003"}


def test_settings_load_in_a_container_where_the_service_sits_at_the_root(environment):
    env = environ.Env()
    env.ENVIRON = {**environment, "DATABASE_URL": "postgres://shop@postgres:5432/example"}

    settings = build_settings(service="example", base_dir=Path("/app"), local_apps=[], env=env)

    assert settings["DATABASES"]["default"]["HOST"] == "postgres"
