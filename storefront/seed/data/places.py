"""Quảng Ninh's communes, wards and special zones that the demo producers work in, and the OCOP groups.

Names come from the `vietnam-provinces` package (the map since 1 July 2025); the former district is
what packs, certificates and people still say, and its council issued 3-star certificates until July 2025.
"""

from __future__ import annotations

from dataclasses import dataclass

QUANG_NINH = 22


@dataclass(frozen=True)
class LocalitySeed:
    #: The official name, checked against `vietnam-provinces` when seeding.
    name: str
    former_district: str
    #: The district (or town, or city) people's committee that recognised 3-star products before July 2025.
    district_council: str


LOCALITIES: tuple[LocalitySeed, ...] = (
    LocalitySeed("Đặc khu Cô Tô", "Huyện Cô Tô", "UBND huyện Cô Tô"),
    LocalitySeed("Đặc khu Vân Đồn", "Huyện Vân Đồn", "UBND huyện Vân Đồn"),
    LocalitySeed("Xã Bình Liêu", "Huyện Bình Liêu", "UBND huyện Bình Liêu"),
    LocalitySeed("Xã Lục Hồn", "Huyện Bình Liêu", "UBND huyện Bình Liêu"),
    LocalitySeed("Xã Ba Chẽ", "Huyện Ba Chẽ", "UBND huyện Ba Chẽ"),
    LocalitySeed("Xã Tiên Yên", "Huyện Tiên Yên", "UBND huyện Tiên Yên"),
    LocalitySeed("Xã Đầm Hà", "Huyện Đầm Hà", "UBND huyện Đầm Hà"),
    LocalitySeed("Xã Đường Hoa", "Huyện Hải Hà", "UBND huyện Hải Hà"),
    LocalitySeed("Phường Móng Cái 1", "Thành phố Móng Cái", "UBND thành phố Móng Cái"),
    LocalitySeed("Phường Hạ Long", "Thành phố Hạ Long", "UBND thành phố Hạ Long"),
    # Hoành Bồ district joined Hạ Long in 2019; the flowers are still sold as Hoành Bồ's.
    LocalitySeed("Phường Hoành Bồ", "Thành phố Hạ Long (huyện Hoành Bồ cũ)", "UBND thành phố Hạ Long"),
    LocalitySeed("Phường Cẩm Phả", "Thành phố Cẩm Phả", "UBND thành phố Cẩm Phả"),
    LocalitySeed("Phường Yên Tử", "Thành phố Uông Bí", "UBND thành phố Uông Bí"),
    LocalitySeed("Phường Đông Triều", "Thị xã Đông Triều", "UBND thị xã Đông Triều"),
    # The Tân An egg farms lie in the former Quảng Yên town, now the Hà An and Quảng Yên wards.
    LocalitySeed("Phường Hà An", "Thị xã Quảng Yên", "UBND thị xã Quảng Yên"),
    LocalitySeed("Phường Quảng Yên", "Thị xã Quảng Yên", "UBND thị xã Quảng Yên"),
)

PROVINCE_COUNCIL = "UBND tỉnh Quảng Ninh"
#: The central council's recognitions are signed by the ministry; it was renamed when it merged in March 2025.
CENTRAL_COUNCIL_BEFORE_2025 = "Bộ Nông nghiệp và Phát triển nông thôn"
CENTRAL_COUNCIL = "Bộ Nông nghiệp và Môi trường"


@dataclass(frozen=True)
class GroupSeed:
    code: str
    slug: str
    name_vi: str
    name_en: str
    is_shippable: bool = True


#: Decision 919/QĐ-TTg (2022): six groups, numbered as the decision numbers them, and the subgroups we use.
GROUPS: tuple[GroupSeed, ...] = (
    GroupSeed("1", "thuc-pham", "Thực phẩm", "Food"),
    GroupSeed("1.1", "nong-thuy-san-tuoi", "Nông sản, thủy sản tươi sống", "Fresh farm produce and seafood"),
    GroupSeed("1.2", "thuc-pham-kho-so-che", "Thực phẩm khô, sơ chế", "Dried and lightly processed foods"),
    GroupSeed("1.3", "thuc-pham-che-bien", "Thực phẩm chế biến", "Prepared foods"),
    GroupSeed("1.4", "gia-vi", "Gia vị", "Sauces and spices"),
    GroupSeed("1.5", "che", "Chè", "Tea"),
    GroupSeed("2", "do-uong", "Đồ uống", "Beverages"),
    GroupSeed("2.1", "do-uong-co-con", "Đồ uống có cồn", "Wines and spirits"),
    GroupSeed("2.2", "do-uong-khong-con", "Đồ uống không cồn", "Soft drinks and infusions"),
    GroupSeed("3", "thao-duoc", "Thảo dược", "Herbs and herbal products"),
    GroupSeed("3.1", "duoc-lieu", "Dược liệu và sản phẩm từ dược liệu", "Medicinal herbs and remedies"),
    GroupSeed("3.2", "tinh-dau-my-pham", "Tinh dầu, mỹ phẩm từ thảo dược", "Essential oils and herbal cosmetics"),
    GroupSeed("4", "thu-cong-my-nghe", "Thủ công mỹ nghệ", "Handicrafts"),
    GroupSeed("4.1", "gom-than-my-nghe", "Gốm, đá và than mỹ nghệ", "Pottery, stone and coal craft"),
    GroupSeed("4.2", "det-may-theu", "Dệt may, thêu thổ cẩm", "Textiles and embroidery"),
    GroupSeed("4.3", "trang-suc-qua-tang", "Trang sức, quà lưu niệm", "Jewellery and keepsakes"),
    GroupSeed("5", "sinh-vat-canh", "Sinh vật cảnh", "Ornamental plants and animals"),
    GroupSeed("5.1", "hoa", "Hoa", "Cut flowers"),
    GroupSeed("5.2", "cay-canh", "Cây cảnh, bonsai", "Ornamental trees and bonsai"),
    GroupSeed(
        "6",
        "dich-vu-du-lich",
        "Dịch vụ du lịch cộng đồng và du lịch sinh thái",
        "Community and eco-tourism services",
        is_shippable=False,
    ),
    GroupSeed("6.1", "du-lich-cong-dong", "Du lịch cộng đồng, homestay", "Community tourism and homestays", False),
    GroupSeed("6.2", "du-lich-trai-nghiem", "Tour trải nghiệm, sinh thái", "Eco-tours and experiences", False),
)
