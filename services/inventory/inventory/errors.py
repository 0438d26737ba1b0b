"""What inventory refuses, in the domain's words; the API maps each kind to a status code."""

from microshop_common.errors import NotFound


class ProductNotFound(NotFound):
    error = "Product not found"
    code = "PRODUCT_NOT_FOUND"

    def __init__(self, product_id: int):
        self.product_id = product_id
        super().__init__(f"Product with ID {product_id} does not exist")
