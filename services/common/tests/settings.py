"""Settings for testing the plumbing on its own, as a service named "example" would use it."""

from pathlib import Path

from microshop_common.keys import generate_key_pair
from microshop_common.settings import build_settings
from microshop_testing.environment import RUN_DIR, test_database_name, use_test_environment

use_test_environment()
generate_key_pair(RUN_DIR / "keys", "example")

globals().update(
    build_settings(
        service="example",
        base_dir=Path(__file__).resolve().parents[1],
        local_apps=[],
        consumes=("order.placed",),
        trusts_services=("orders",),
        signs_tokens=True,
    )
)
ROOT_URLCONF = "tests.urls"
SERVICE_URLS = {"users": "http://users.test"}
DATABASES["default"]["TEST"] = {"NAME": test_database_name(DATABASES["default"], SERVICE_NAME)}  # noqa: F821
