from decimal import Decimal

from django.core.management.base import BaseCommand

from inventory.models import Product
from inventory.services import product_create

DEMO_PRODUCTS = [
    ("MUG-001", "Test-driven mug", "Holds coffee through a long test run.", "12.50", 100),
    ("TEE-002", "Green build T-shirt", "Cotton, in the colour of a passing pipeline.", "24.00", 50),
    ("BOOK-003", "Contracts, not guesses", "A paperback on consumer-driven contracts.", "39.90", 25),
    ("STICKER-004", "Pyramid sticker pack", "Unit, integration, component, contract, e2e.", "4.99", 500),
    ("HOODIE-005", "Flaky-test hoodie", "For the days a retry is not the answer.", "54.00", 10),
]


class Command(BaseCommand):
    help = "Add the demo products, with stock, unless a product with the same SKU exists."

    def handle(self, *args, **options):
        created = 0
        for sku, name, description, price, stock in DEMO_PRODUCTS:
            if not Product.objects.filter(sku=sku).exists():
                product_create(sku=sku, name=name, description=description, price=Decimal(price), stock_quantity=stock)
                created += 1
        self.stdout.write(f"demo products: {created} added, {Product.objects.count()} in the catalogue")
