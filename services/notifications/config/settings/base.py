"""Settings of the notifications service, read from the environment (see ``.env.example``)."""

from pathlib import Path

from microshop_common.settings import build_settings

BASE_DIR = Path(__file__).resolve().parents[2]

globals().update(
    build_settings(
        service="notifications",
        base_dir=BASE_DIR,
        local_apps=["notifications"],
        consumes=("user.registered", "order.placed", "order.confirmed", "order.rejected", "order.cancelled"),
        calls=("users",),
        signs_tokens=True,
    )
)
