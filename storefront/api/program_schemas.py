"""The programme office's feed: what it accepts and returns (the views and the OpenAPI document use these)."""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from storefront.api.schemas import Query

#: The longest period one request may cover: ten years of days.
MAX_DAYS = 3660


class PeriodQuery(Query):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, populate_by_name=True)

    date_from: date = Field(alias="from", description="First Vietnamese day (YYYY-MM-DD), inclusive.")
    date_to: date = Field(alias="to", description="Last Vietnamese day (YYYY-MM-DD), inclusive.")
    lang: Literal["vi", "en"] | None = Field(None, description="Language of the labels.")

    @model_validator(mode="after")
    def _ordered(self) -> PeriodQuery:
        if self.date_to < self.date_from:
            raise ValueError("`to` is before `from`")
        if (self.date_to - self.date_from).days > MAX_DAYS:
            raise ValueError(f"a period is at most {MAX_DAYS} days")
        return self


class SalesQuery(PeriodQuery):
    by: Literal["month", "day", "locality", "producer", "kind", "product", "stars", "group"] = Field(
        "month", description="How the rows are grouped."
    )


class ScansQuery(PeriodQuery):
    by: Literal["day", "product", "locality"] = Field("day", description="How the rows are grouped.")


class LinesQuery(PeriodQuery):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
    per_page: int = Field(100, ge=1, le=1000, description="Lines per page, at most 1000.")


class SalesRow(BaseModel):
    key: str = Field(description="Stable key: YYYY-MM, YYYY-MM-DD, a slug, a kind, or the number of stars.")
    label: str
    orders: int = Field(ge=0, description="Distinct orders with a sale line in the row.")
    units: int = Field(ge=0)
    revenue_vnd: int = Field(description="Goods sold (quantity × unit price), shipping excluded; whole đồng.")
    province: str | None = Field(None, description="For `by=locality`: the commune's province.")


class SalesTotals(BaseModel):
    orders: int
    units: int
    revenue_vnd: int


class SalesFeed(BaseModel):
    from_: date = Field(alias="from")
    to: date
    by: str
    rows: list[SalesRow]
    totals: SalesTotals

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class ScanRow(BaseModel):
    key: str
    label: str
    scans: int = Field(ge=0)
    province: str | None = None


class ScanTotals(BaseModel):
    scans: int


class ScansFeed(BaseModel):
    from_: date = Field(alias="from")
    to: date
    by: str
    rows: list[ScanRow]
    totals: ScanTotals

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class FeedRef(BaseModel):
    slug: str
    name: str


class FeedPlace(FeedRef):
    province: str


class FeedProducer(FeedRef):
    kind: str = Field(description="cooperative, enterprise, household, workshop or cooperative_group.")


class FeedLine(BaseModel):
    date: dt.date = Field(description="The Vietnamese day the money came in.")
    product: FeedRef
    producer: FeedProducer
    locality: FeedPlace
    stars: int = Field(ge=0, le=5, description="OCOP stars of the product when it was bought.")
    quantity: int = Field(ge=1)
    unit_price_vnd: int = Field(ge=0)


class LinesFeed(BaseModel):
    items: list[FeedLine]
    page: int
    per_page: int
    total: int
