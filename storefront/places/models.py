"""Where producers and products come from: Vietnam's two-level map since 1 July 2025."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storefront.db import Base


class Locality(Base):
    """A commune, ward or special zone, inside one of the 34 provinces and cities.

    `ward_code` and `province_code` are the official codes carried by the `vietnam-provinces` package.
    """

    __tablename__ = "localities"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    ward_code: Mapped[int | None] = mapped_column(Integer, unique=True)
    province_code: Mapped[int] = mapped_column(Integer, index=True)
    province_name: Mapped[str] = mapped_column(String(120))
    #: The district it belonged to before 2025: packaging, certificates and people still say it.
    former_district: Mapped[str | None] = mapped_column(String(120))

    def __repr__(self) -> str:
        return f"<Locality {self.slug}>"
