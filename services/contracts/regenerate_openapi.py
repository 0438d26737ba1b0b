"""Write each service's OpenAPI document to services/contracts/openapi/<service>.yaml, from its code.

  python services/contracts/regenerate_openapi.py                 every service
  python services/contracts/regenerate_openapi.py orders users    some of them

Each document is what the service's own ``manage.py spectacular`` (drf-spectacular)
generates, validated against the OpenAPI specification, with any warning treated as an
error. Commit the result: each service's contract tests fail while its committed
document differs from what its code describes.
"""

import argparse
import sys
from pathlib import Path

from microshop_common.registry import service_names
from microshop_testing.openapi import generate

CONTRACTS_DIR = Path(__file__).resolve().parent
SERVICES_DIR = CONTRACTS_DIR.parent
SERVICES = service_names()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("services", nargs="*", metavar="service", help=f"one of {', '.join(SERVICES)}; default: all")
    services = parser.parse_args().services or SERVICES
    if unknown := [service for service in services if service not in SERVICES]:
        parser.error(f"unknown service {', '.join(unknown)}; choose from {', '.join(SERVICES)}")
    for service in services:
        document = CONTRACTS_DIR / "openapi" / f"{service}.yaml"
        try:
            document.write_text(generate(SERVICES_DIR / service))
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(f"{service}: wrote {document.relative_to(SERVICES_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
