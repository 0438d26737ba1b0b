"""Settings of the inventory service, read from the environment (see ``.env.example``)."""

from pathlib import Path

from microshop_common.settings import build_settings

BASE_DIR = Path(__file__).resolve().parents[2]

globals().update(
    build_settings(
        service="inventory",
        base_dir=BASE_DIR,
        local_apps=["inventory"],
        consumes=("order.placed", "order.cancelled"),
        trusts_services=("orders",),
    )
)
