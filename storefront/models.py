"""Every model, imported in one place so the metadata (and Alembic) sees the whole schema."""

from storefront.auth.models import ApiToken, Invitation, Role, User, UserSession
from storefront.catalog.history import ChangedField, ListingChange
from storefront.catalog.models import Certificate, IssuerLevel, Product, ProductGroup, ProductImage, ProductStatus
from storefront.notify.models import OutboxMessage
from storefront.orders.models import (
    LineStatus,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    StockMovement,
)
from storefront.payments.models import StripeEvent
from storefront.places.models import Locality
from storefront.producers.models import Producer, ProducerKind
from storefront.qr.models import Batch, QrScan, ScanSalt, ScanVisit
from storefront.reviews.models import Review
from storefront.sales.models import Payout

__all__ = [
    "ApiToken",
    "Batch",
    "Certificate",
    "ChangedField",
    "Invitation",
    "IssuerLevel",
    "LineStatus",
    "ListingChange",
    "Locality",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OrderStatus",
    "OutboxMessage",
    "PaymentMethod",
    "Payout",
    "Producer",
    "ProducerKind",
    "Product",
    "ProductGroup",
    "ProductImage",
    "ProductStatus",
    "QrScan",
    "Review",
    "Role",
    "ScanSalt",
    "ScanVisit",
    "StockMovement",
    "StripeEvent",
    "User",
    "UserSession",
]
