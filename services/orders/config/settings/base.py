"""Settings of the orders service, read from the environment (see ``.env.example``)."""

from pathlib import Path

from microshop_common.settings import build_settings

BASE_DIR = Path(__file__).resolve().parents[2]

globals().update(
    build_settings(
        service="orders",
        base_dir=BASE_DIR,
        local_apps=["orders"],
        consumes=("stock.reserved", "stock.rejected"),
        calls=("users", "inventory"),
        # Orders signs the service tokens it sends to users and inventory.
        signs_tokens=True,
    )
)
