from pathlib import Path

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured

from microshop_common.celery import make_celery_app
from microshop_common.settings.calls import service_urls
from microshop_common.settings.celery import (
    broker_transport,
    broker_transport_options,
    task_queues,
)
from microshop_common.settings.django import caches, databases, email, secret_key
from microshop_common.settings.drf import rest_framework, throttle_rates
from microshop_common.settings.jwt import service_auth, simple_jwt

BASE_DIR = Path(__file__).resolve().parents[2]


def env_of(environment: dict[str, str]) -> environ.Env:
    env = environ.Env()
    env.ENVIRON = environment
    return env


def test_the_secret_key_has_no_default():
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        secret_key(env_of({}))


def test_a_missing_key_says_how_to_make_one(tmp_path):
    with pytest.raises(ImproperlyConfigured, match=r"python -m microshop_common\.keys"):
        simple_jwt(tmp_path)


def test_only_the_issuer_of_customer_tokens_holds_users_private_key(settings):
    verifier = simple_jwt(settings.JWT_KEYS_DIR)
    issuer = simple_jwt(settings.JWT_KEYS_DIR, issues_customer_tokens=True)

    assert verifier["SIGNING_KEY"] == ""
    assert issuer["SIGNING_KEY"].startswith("-----BEGIN PRIVATE KEY-----")
    assert verifier["VERIFYING_KEY"] == issuer["VERIFYING_KEY"]


def test_a_service_that_calls_no_one_holds_no_signing_key_and_trusts_only_its_callers(settings):
    auth = service_auth(settings.JWT_KEYS_DIR, trusts=("orders",))

    assert auth["SIGNING_KEY"] is None
    assert set(auth["TRUSTED_KEYS"]) == {"orders"}


def test_without_a_database_url_each_service_gets_its_own_sqlite_file():
    database = databases(env_of({}), service="example", base_dir=BASE_DIR)["default"]

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"].endswith("var/example.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_postgres_url_is_used_as_given():
    env = env_of({"DATABASE_URL": "postgres://shop:secret@db.internal:5432/example"})

    database = databases(env, service="example", base_dir=BASE_DIR)["default"]

    assert (database["ENGINE"], database["HOST"], database["NAME"]) == (
        "django.db.backends.postgresql",
        "db.internal",
        "example",
    )


def test_settings_load_in_a_container_where_the_service_sits_at_the_root():
    env = env_of({"DATABASE_URL": "postgres://shop@postgres:5432/example"})

    database = databases(env, service="example", base_dir=Path("/app"))["default"]

    assert database["HOST"] == "postgres"


def test_the_embedded_broker_shares_one_folder_between_processes(tmp_path):
    url = f"filesystem://{tmp_path}"

    options = broker_transport_options(url)

    assert broker_transport(url) == "microshop_common.events.filesystem:Transport"
    assert options["data_folder_in"] == options["data_folder_out"] == str(tmp_path / "messages")
    assert options["control_folder"] == str(tmp_path / "control")


def test_reading_the_embedded_broker_s_settings_makes_no_folder(tmp_path):
    broker_transport_options(f"filesystem://{tmp_path / 'broker'}")

    assert not (tmp_path / "broker").exists()


def test_rabbitmq_confirms_every_publish():
    url = "amqp://guest:guest@127.0.0.1:5672//"

    assert broker_transport(url) is None
    assert broker_transport_options(url)["confirm_publish"] is True


def test_a_consumer_binds_its_own_queue_to_the_event_types_it_handles():
    queues = task_queues("shop.events", service="example", consumes=("order.placed", "order.cancelled"))

    events_queue = next(queue for queue in queues if queue.name == "shop.events.example")
    assert {binding.routing_key for binding in events_queue.bindings} == {"order.placed", "order.cancelled"}
    assert all(binding.exchange.type == "topic" for binding in events_queue.bindings)


def test_a_service_that_consumes_nothing_has_only_its_tasks_queue():
    queues = task_queues("shop.events", service="example")

    assert [queue.name for queue in queues] == ["shop.events.example.tasks"]


def test_every_worker_acknowledges_late_so_a_killed_one_loses_nothing(settings):
    # A service's settings cannot turn it off: the app's own configuration wins.
    settings.CELERY_TASK_ACKS_LATE = False

    conf = make_celery_app("example").conf

    assert (conf.task_acks_late, conf.task_reject_on_worker_lost, conf.worker_prefetch_multiplier) == (True, True, 1)
    assert conf.broker_url == settings.CELERY_BROKER_URL


def test_the_url_of_each_called_service_comes_from_the_environment():
    env = env_of({"USERS_URL": "http://users.internal:8000"})

    urls = service_urls(env, calls=("users", "inventory"))

    assert urls == {"users": "http://users.internal:8000", "inventory": "http://127.0.0.1:8003"}


def test_an_email_url_sets_every_email_setting_and_django_s_defaults_fill_the_rest():
    env = env_of({"EMAIL_URL": "smtp+tls://mailer:secret@smtp.internal:587"})

    settings = email(env)

    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("smtp.internal", 587)
    assert (settings["EMAIL_USE_TLS"], settings["EMAIL_USE_SSL"]) == (True, False)


def test_users_checks_customer_tokens_against_its_database_the_others_trust_the_claims():
    stateless = rest_framework(throttle_rates={})["DEFAULT_AUTHENTICATION_CLASSES"]
    checked = rest_framework(
        throttle_rates={}, customer_authentication="rest_framework_simplejwt.authentication.JWTAuthentication"
    )["DEFAULT_AUTHENTICATION_CLASSES"]

    assert (
        stateless[:2]
        == checked[:2]
        == [
            "microshop_common.auth.AuthorizationHeaderCheck",
            "microshop_common.auth.ServiceTokenAuthentication",
        ]
    )
    assert stateless[2].endswith("JWTStatelessUserAuthentication")
    assert checked[2].endswith(".JWTAuthentication")


def test_each_throttle_rate_has_a_default_and_its_own_variable():
    rates = throttle_rates(env_of({"THROTTLE_ORDERS": "100/hour"}))

    assert rates == {"login": "10/min", "register": "20/hour", "orders": "100/hour"}


def test_a_throttle_rate_that_drf_cannot_read_stops_the_service_with_the_variable_named():
    with pytest.raises(ImproperlyConfigured, match="THROTTLE_LOGIN='ten a minute'"):
        throttle_rates(env_of({"THROTTLE_LOGIN": "ten a minute"}))


def test_the_throttles_count_in_redis_when_one_is_named_and_in_memory_otherwise():
    shared = caches(env_of({"REDIS_URL": "redis://127.0.0.1:6379/0"}), key_prefix="shop.events.orders")
    local = caches(env_of({}), key_prefix="shop.events.orders")

    assert shared["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["default"]["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert local["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shared["default"]["KEY_PREFIX"] == local["default"]["KEY_PREFIX"] == "shop.events.orders"
