"""Demo products of groups 3 (herbs), 4 (handicrafts), 5 (ornamental plants) and 6 (tourism services)."""

from __future__ import annotations

from storefront.seed.data.types import CertSeed, ProductSeed

HERBS_CRAFTS_PLANTS_SERVICES: tuple[ProductSeed, ...] = (
    # Ba Chẽ morinda as a herb.
    ProductSeed(
        "htx-duoc-lieu-ba-che", "3.1", "Ba kích tím Ba Chẽ khô", "Ba Chẽ dried purple morinda root",
        "túi 500 g", "500 g bag", 460_000, 48, "root",
        "Củ ba kích tím trồng dưới tán rừng Ba Chẽ trên 3 năm, rút lõi, thái khúc và sấy khô. Ruột tím "
        "đậm, vị ngọt hơi chát. Dùng ngâm rượu hoặc sắc nước theo hướng dẫn của thầy thuốc.",
        "Purple morinda grown for over three years under the Ba Chẽ forest, cored, cut and dried. Deep purple "
        "inside, sweet with a slight bite. Steep it in spirit, or brew it as your herbalist advises.",
        certs=(CertSeed(88, 540, 2866),), gtin="00903",
    ),
    ProductSeed(
        "htx-duoc-lieu-ba-che", "3.1", "Cao ba kích Ba Chẽ", "Ba Chẽ morinda extract",
        "lọ 100 g", "100 g jar", 355_000, 35, "jar",
        "Ba kích tím cô đặc thành cao mềm theo phương pháp cách thủy. Pha một thìa cà phê với nước ấm. "
        "Thực phẩm này không phải là thuốc, không thay thế thuốc chữa bệnh.",
        "Purple morinda slowly reduced to a soft extract in a water bath. Stir a teaspoon into warm water. "
        "This is a food, not a medicine, and does not replace medical treatment.",
        certs=(CertSeed(72, 330, 2240),),
    ),
    # Đầm Hà cinnamon as a herbal product.
    ProductSeed(
        "ho-kinh-doanh-que-dam-ha", "3.2", "Tinh dầu quế Đầm Hà", "Đầm Hà cinnamon essential oil",
        "lọ 50 ml", "50 ml bottle", 125_000, 70, "bottle",
        "Tinh dầu quế nguyên chất chưng cất hơi nước từ lá và cành quế. Xông phòng, đuổi muỗi, pha loãng "
        "để massage. Không uống.",
        "Pure cassia oil steam-distilled from leaves and twigs. Diffuse it to scent a room and keep mosquitoes "
        "away, or dilute it for massage. Not for drinking.",
        certs=(CertSeed(67, 820, 3498),),
    ),
    ProductSeed(
        "ho-kinh-doanh-que-dam-ha", "3.2", "Nến thơm quế Đầm Hà", "Đầm Hà cinnamon scented candle",
        "hũ 200 g", "200 g jar", 150_000, 0, "jar",
        "Nến sáp đậu nành pha tinh dầu quế, cháy 40 giờ. Sản phẩm đang thử nghiệm.",
        "A soy-wax candle scented with cinnamon oil that burns for 40 hours. Still being trialled.",
        status="draft",
    ),
    # Handicrafts.
    ProductSeed(
        "to-hop-tac-theu-luc-hon", "4.2", "Túi thổ cẩm thêu tay Dao Thanh Phán", "Dao Thanh Phán hand-embroidered bag",
        "chiếc 30 × 25 cm", "one bag, 30 × 25 cm", 285_000, 24, "textile",
        "Túi vải chàm thêu tay hoa văn cây thông và dấu chân hổ, mất khoảng 5 ngày thêu một chiếc. Quai "
        "dệt, lót vải bông. Mỗi chiếc có màu chỉ hơi khác nhau.",
        "An indigo cloth bag embroidered by hand with pine and tiger's-paw motifs, about five days' work each. "
        "Woven strap, cotton lining. No two are quite the same colour.",
        certs=(CertSeed(69, 660, 3102),),
    ),
    ProductSeed(
        "to-hop-tac-theu-luc-hon", "4.2", "Khăn thêu Dao Thanh Phán", "Dao Thanh Phán embroidered scarf",
        "chiếc 160 × 40 cm", "one scarf, 160 × 40 cm", 160_000, 40, "textile",
        "Khăn vải bông thêu viền hoa văn truyền thống của phụ nữ Dao Thanh Phán Bình Liêu.",
        "A cotton scarf edged with the traditional motifs of the Dao Thanh Phán women of Bình Liêu.",
        certs=(CertSeed(63, 660, 3102),),
    ),
    ProductSeed(
        "xuong-gom-dong-trieu", "4.1", "Bình gốm men lam Đông Triều", "Đông Triều blue-glaze vase",
        "chiếc cao 35 cm", "one vase, 35 cm tall", 680_000, 14, "vase",
        "Bình dáng tỏi vuốt tay, vẽ lam tích thuyền buồm vịnh Hạ Long. Men phủ kín, cắm hoa tươi được.",
        "A garlic-neck vase thrown by hand and painted in cobalt with junks on Hạ Long bay. Fully glazed, so it "
        "holds fresh flowers.",
        certs=(CertSeed(79, 590, 2931),),
    ),
    ProductSeed(
        "xuong-gom-dong-trieu", "4.1", "Bộ ấm chén gốm men rạn Đông Triều", "Đông Triều crackle-glaze tea set",
        "bộ 1 ấm 6 chén", "teapot and six cups", 495_000, 22, "vase",
        "Ấm 500 ml và sáu chén men rạn màu tro, nung 1.250°C, an toàn với nước sôi. Đựng hộp quà lót lụa.",
        "A 500 ml teapot and six cups in ash-grey crackle glaze, fired at 1,250°C and safe with boiling water. "
        "In a silk-lined gift box.",
        certs=(CertSeed(71, 590, 2931),),
    ),
    ProductSeed(
        "xuong-gom-dong-trieu", "4.1", "Chậu gốm trồng cây Đông Triều", "Đông Triều glazed plant pot",
        "chiếc Ø 25 cm", "one pot, 25 cm across", 225_000, 36, "vase",
        "Chậu gốm men xanh rêu có lỗ thoát nước, hợp trồng lan, bonsai mini.",
        "A moss-green glazed pot with a drainage hole, for orchids and small bonsai.",
    ),
    ProductSeed(
        "co-so-than-my-nghe-cam-pha", "4.1", "Tượng than đá thuyền buồm Hạ Long", "Coal carving: Hạ Long junk",
        "chiếc cao 30 cm", "one piece, 30 cm tall", 1_250_000, 8, "boat",
        "Thuyền buồm đục từ một khối than antraxit Cẩm Phả, phủ sơn bóng, đế gỗ. Món quà mang hồn đất mỏ.",
        "A junk carved from a single block of Cẩm Phả anthracite, lacquered, on a wooden base. A keepsake of "
        "the mining country.",
        certs=(CertSeed(74, 700, 3418),),
    ),
    ProductSeed(
        "co-so-than-my-nghe-cam-pha", "4.1", "Tranh than đá vịnh Hạ Long", "Coal relief picture: Hạ Long bay",
        "bức 40 × 60 cm", "one picture, 40 × 60 cm", 880_000, 6, "coal",
        "Tranh phù điêu núi đá vịnh Hạ Long tạc trên than, lồng khung gỗ.",
        "A relief of Hạ Long bay's limestone islands carved in coal, in a wooden frame.",
        certs=(CertSeed(66, 700, 3418),),
    ),
    ProductSeed(
        "co-so-than-my-nghe-cam-pha", "4.3", "Móc khóa than đá Quảng Ninh", "Quảng Ninh coal keyring",
        "chiếc", "one keyring", 45_000, 300, "coal",
        "Móc khóa than đá khắc chữ Quảng Ninh, quà nhỏ cho khách đoàn.",
        "A small coal keyring engraved with Quảng Ninh: a gift for group visitors.",
    ),
    ProductSeed(
        "cong-ty-ngoc-trai-bai-tu-long", "4.3", "Vòng cổ ngọc trai Bái Tử Long", "Bái Tử Long pearl necklace",
        "chiếc dài 45 cm", "one necklace, 45 cm", 2_650_000, 10, "pearl",
        "Chuỗi ngọc trai nước mặn 7–8 mm nuôi tại vịnh Bái Tử Long, khóa bạc 925, kèm giấy kiểm định.",
        "A strand of 7–8 mm saltwater pearls grown in Bái Tử Long bay, with a 925 silver clasp and an "
        "authenticity certificate.",
        certs=(CertSeed(86, 500, 2755),), gtin="01001",
    ),
    ProductSeed(
        "cong-ty-ngoc-trai-bai-tu-long", "4.3", "Bông tai ngọc trai Bái Tử Long", "Bái Tử Long pearl earrings",
        "đôi", "one pair", 690_000, 28, "pearl",
        "Đôi bông tai ngọc trai trắng 8 mm, chuôi bạc 925 mạ vàng trắng.",
        "A pair of 8 mm white pearl earrings on white-gold-plated 925 silver posts.",
        certs=(CertSeed(80, 500, 2755),), gtin="01002",
    ),
    # Ornamental plants: Hoành Bồ flowers and Yên Tử apricot.
    ProductSeed(
        "ho-kinh-doanh-vuon-hoa-hoanh-bo", "5.1", "Hoa ly Hoành Bồ", "Hoành Bồ lilies",
        "bó 10 cành", "bunch of 10 stems", 260_000, 40, "flower",
        "Ly thơm nhiều nụ, cắt lúc hé nở để chơi được 7–10 ngày. Giao trong ngày tại Hạ Long.",
        "Fragrant lilies with plenty of buds, cut as they begin to open so they last seven to ten days. "
        "Same-day delivery in Hạ Long.",
        certs=(CertSeed(65, 560, 2874),),
    ),
    ProductSeed(
        "ho-kinh-doanh-vuon-hoa-hoanh-bo", "5.1", "Hoa cúc Hoành Bồ", "Hoành Bồ chrysanthemums",
        "bó 20 cành", "bunch of 20 stems", 90_000, 60, "flower",
        "Cúc vàng, cúc trắng cành dài, bông chắc, dùng cắm bàn thờ và trang trí.",
        "Long-stemmed yellow and white chrysanthemums with firm heads, for the family altar or the table.",
        certs=(CertSeed(55, 560, 2874),),
    ),
    ProductSeed(
        "ho-kinh-doanh-vuon-hoa-hoanh-bo", "5.1", "Lan hồ điệp Hoành Bồ", "Hoành Bồ moth orchid",
        "chậu 3 cành", "pot with three spikes", 680_000, 16, "flower",
        "Chậu lan hồ điệp ba cành, hoa bền 6–8 tuần, trồng trong chậu gốm Đông Triều.",
        "A moth orchid with three flower spikes that last six to eight weeks, planted in a Đông Triều pot.",
        certs=(CertSeed(72, 400, 2150),),
    ),
    ProductSeed(
        "ho-kinh-doanh-vuon-hoa-hoanh-bo", "5.2", "Đào thế Hoành Bồ", "Hoành Bồ shaped peach tree",
        "cây cao 1,2 m", "one tree, 1.2 m", 1_600_000, 5, "tree",
        "Đào bích uốn thế trực, nhiều nụ, bán từ tháng Chạp đến Tết. Giao bằng xe tải nhỏ trong tỉnh.",
        "A pink peach trained upright and full of buds, sold from the last lunar month to Tết. Delivered by "
        "small truck within the province.",
    ),
    ProductSeed(
        "htx-mai-vang-yen-tu", "5.2", "Mai vàng Yên Tử", "Yên Tử yellow apricot tree",
        "chậu cao 80 cm", "potted tree, 80 cm", 2_800_000, 0, "tree",
        "Cây mai vàng Yên Tử 5 năm tuổi, thế bonsai, nở đúng dịp Tết. Đặt trước từ tháng 10.",
        "A five-year-old Yên Tử yellow apricot, shaped as bonsai, timed to flower at Tết. Orders open in "
        "October.",
        certs=(CertSeed(90, 610, 2990),),
    ),
    # Tourism services: booked, not shipped.
    ProductSeed(
        "htx-hai-san-thanh-lan", "6.2", "Một ngày làm ngư dân Cô Tô", "A day as a Cô Tô fisher",
        "vé/người", "per person", 850_000, 20, "boat",
        "Ra khơi cùng thuyền câu mực của hợp tác xã, học buộc mồi, câu mực đêm, phơi mực và ăn trưa hải "
        "sản trên đảo Thanh Lân. Giá gồm áo phao, bảo hiểm, bữa trưa; chưa gồm vé tàu ra đảo.",
        "Go out with the cooperative's squid boat: learn to bait the lines, jig for squid, lay the catch out "
        "to dry and share a seafood lunch on Thanh Lân island. Life jacket, insurance and lunch included; the "
        "ferry to the island is not.",
        certs=(CertSeed(70, 280, 2260),),
    ),
    ProductSeed(
        "to-hop-tac-theu-luc-hon", "6.1", "Homestay nhà sàn Dao Thanh Phán Lục Hồn", "Dao Thanh Phán stilt-house homestay",
        "đêm/người", "per person per night", 380_000, 12, "house",
        "Nghỉ đêm ở nhà sàn, ăn cơm cùng gia đình người Dao, học thêu một hoa văn và tắm lá thuốc. "
        "Gồm bữa tối và bữa sáng.",
        "Spend the night in a stilt house, eat with a Dao family, learn one embroidery motif and soak in a "
        "herbal bath. Dinner and breakfast included.",
        certs=(CertSeed(68, 480, 2106),),
    ),
    ProductSeed(
        "cong-ty-ngoc-trai-bai-tu-long", "6.2", "Tham quan trại ngọc trai Bái Tử Long", "Bái Tử Long pearl farm visit",
        "vé/người", "per person", 320_000, 50, "pearl",
        "Đi thuyền ra trại nuôi, xem thợ cấy nhân ngọc và tự tay mở một con trai. Thời lượng 2 giờ.",
        "Take a boat to the farm, watch the technicians seed pearls and open an oyster yourself. Two hours.",
        certs=(CertSeed(75, 500, 2756),),
    ),
    ProductSeed(
        "htx-mai-vang-yen-tu", "6.2", "Thăm vườn mai vàng Yên Tử", "Yên Tử yellow apricot garden walk",
        "vé/người", "per person", 180_000, 40, "tree",
        "Đi bộ 3 giờ qua vườn mai và rừng trúc Nam Mẫu cùng người dân địa phương, uống trà và nghe tích "
        "về vua Trần Nhân Tông.",
        "A three-hour walk through the apricot gardens and the Nam Mẫu bamboo forest with a local guide, with "
        "tea and the story of King Trần Nhân Tông.",
    ),
    ProductSeed(
        "htx-sa-sung-quan-lan", "6.2", "Trải nghiệm đào sá sùng Quan Lạn", "Peanut-worm digging on Quan Lạn",
        "vé/người", "per person", 250_000, 30, "squid",
        "Theo xã viên ra bãi cát khi triều rút, học cách tìm lỗ và đào sá sùng, rồi nướng thử ngay trên bãi.",
        "Follow members onto the sand at low tide, learn to spot the holes and dig peanut worms, then grill "
        "some on the beach.",
    ),
)
