"""What the JSON API accepts and returns, declared once: the views and the OpenAPI document both use these."""

from __future__ import annotations

from datetime import date
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

SortOrder = Literal["relevance", "newest", "price_asc", "price_desc", "stars"]


class Query(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class PageQuery(Query):
    page: int = Field(1, ge=1, le=100_000, description="Page number, from 1.")
    per_page: int = Field(20, ge=1, le=100, description="Items per page, at most 100.")
    lang: Literal["vi", "en"] | None = Field(None, description="Language of names and descriptions.")


class ProductQuery(PageQuery):
    q: str = Field("", max_length=200, description="Search words; accents optional (`muc co to`).")
    stars: int | None = Field(None, ge=1, le=5, description="Minimum OCOP stars of a valid certificate.")
    group: str | None = Field(None, max_length=80, description="OCOP product group slug.")
    locality: str | None = Field(None, max_length=80, description="Locality slug.")
    producer: str | None = Field(None, max_length=120, description="Producer slug.")
    sort: SortOrder = "relevance"


class Ref(BaseModel):
    slug: str
    name: str


class Certificate(BaseModel):
    number: str
    stars: int = Field(ge=1, le=5)
    level: str = Field(description="The issuing council's level: district, commune, province or central.")
    issuer: str
    decision_number: str
    issued_on: date
    expires_on: date
    is_valid: bool


class Rating(BaseModel):
    average: float = Field(ge=1, le=5, description="Buyers' average rating, one decimal.")
    count: int = Field(ge=1, description="How many visible reviews the average is of.")


class ProductSummary(BaseModel):
    slug: str
    name: str
    price_vnd: int = Field(ge=0, description="Whole Vietnamese đồng.")
    unit: str
    stars: int = Field(ge=0, le=5, description="Stars of the valid certificate; 0 when none is valid.")
    group: Ref
    producer: Ref
    locality: Ref
    in_stock: bool
    purchase: Literal["cart", "booking"] = Field(
        description="`cart`: bought through the cart and shipped; `booking`: a service (OCOP group 6) booked with its host."
    )
    url: str
    image_url: str | None
    rating: Rating | None = Field(
        default=None,
        description="Buyers' reviews of delivered orders (null until there is one); apart from the OCOP `stars`.",
    )


class ProductDetail(ProductSummary):
    description: str
    stock: int = Field(ge=0, description="Units available now.")
    gtin: str | None
    certificate: Certificate | None = Field(description="The valid certificate, else the latest one.")
    qr_url: str = Field(description="PNG of the product's QR code.")
    qr_svg_url: str


class ProducerSummary(BaseModel):
    slug: str
    name: str
    kind: str
    locality: Ref
    url: str


class ProducerDetail(ProducerSummary):
    story: str
    address: str
    phone: str
    email: str
    website: str
    province: str
    former_district: str | None


class ListOf(BaseModel, Generic[T]):
    items: list[T]
    page: int
    per_page: int
    total: int


class ErrorBody(BaseModel):
    code: str = Field(description="Stable snake_case code.")
    message: str = Field(description="For people, in the request's language.")


class Error(BaseModel):
    error: ErrorBody


class ProductList(ListOf[ProductSummary]):
    pass


class ProducerList(ListOf[ProducerSummary]):
    pass


class SuggestQuery(Query):
    q: str = Field("", max_length=100, description="What has been typed so far: two letters or more, accents optional.")
    lang: Literal["vi", "en"] | None = Field(None, description="Language of product names.")


class Suggestion(BaseModel):
    kind: Literal["product", "producer", "locality"] = Field(description="What the suggestion leads to.")
    label: str = Field(description="The name to show.")
    kind_label: str = Field(description="The kind in the request's language (Product, Producer, Place).")
    url: str = Field(description="Where choosing it goes: the product, the producer, or the locality's products.")


class SuggestList(BaseModel):
    items: list[Suggestion] = Field(description="At most ten: places, producers, then products.")
