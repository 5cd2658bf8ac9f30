"""Demo products of groups 1 (food) and 2 (beverages)."""

from __future__ import annotations

from storefront.seed.data.types import CertSeed, ProductSeed

FOOD_AND_DRINK: tuple[ProductSeed, ...] = (
    # Cô Tô: the demo producer's squid.
    ProductSeed(
        "htx-hai-san-thanh-lan", "1.2", "Mực khô Cô Tô loại đặc biệt", "Cô Tô dried squid, premium grade",
        "túi 500 g", "500 g bag", 780_000, 42, "squid",
        "Mực ống câu đêm vùng biển Cô Tô, cỡ 12–15 con/kg, phơi đủ ba nắng. Thân dày, thơm, nướng lên "
        "ngọt đậm và mềm. Đóng túi hút chân không, bảo quản ngăn mát 6 tháng.",
        "Night-caught Cô Tô squid, 12 to 15 to the kilo, dried over three full days of sun. Thick, fragrant "
        "bodies that grill sweet and tender. Vacuum-packed; keeps six months in the fridge.",
        certs=(CertSeed(62, 1420, 3127), CertSeed(84, 420, 1846)), gtin="00101",
    ),
    ProductSeed(
        "htx-hai-san-thanh-lan", "1.2", "Mực khô Cô Tô size vừa", "Cô Tô dried squid, medium",
        "túi 250 g", "250 g bag", 360_000, 65, "squid",
        "Mực câu Cô Tô cỡ 20–25 con/kg, phơi nắng tự nhiên. Vừa một bữa nhậu, một đĩa mực nướng xé "
        "chấm tương ớt.",
        "Cô Tô line-caught squid, 20 to 25 to the kilo, naturally sun-dried. Just right for one platter of "
        "grilled, shredded squid with chilli sauce.",
        certs=(CertSeed(78, 420, 1846),), gtin="00102",
    ),
    ProductSeed(
        "htx-hai-san-thanh-lan", "1.1", "Mực một nắng Cô Tô", "Cô Tô one-sun squid",
        "túi 1 kg", "1 kg bag", 520_000, 18, "squid",
        "Mực tươi phơi đúng một nắng cho se mặt, giữ độ ngọt mọng bên trong. Cấp đông ngay sau khi phơi, "
        "giao kèm đá khô. Chiên giòn hoặc nướng than đều ngon.",
        "Fresh squid dried for a single day, just enough to firm the skin while the flesh stays sweet and juicy. "
        "Frozen straight after drying and shipped with dry ice. Fry it crisp or grill it over charcoal.",
        certs=(CertSeed(66, 300, 2215),),
    ),
    ProductSeed(
        "htx-hai-san-thanh-lan", "1.3", "Chà bông mực Cô Tô", "Cô Tô squid floss",
        "hộp 200 g", "200 g tub", 185_000, 0, "jar",
        "Mực khô Cô Tô xé sợi, sao lửa nhỏ với nước mắm và đường phèn đến khi tơi xốp. Ăn kèm cháo, xôi, "
        "bánh mì. Hàng làm theo mẻ, hiện đang tạm hết.",
        "Cô Tô dried squid, shredded and slowly toasted with fish sauce and rock sugar until light and fluffy. "
        "Lovely on rice porridge, sticky rice or bread. Made in small batches; out of stock for now.",
    ),
    # Bình Liêu dong-starch noodles.
    ProductSeed(
        "htx-mien-dong-binh-lieu", "1.2", "Miến dong Bình Liêu", "Bình Liêu dong-starch glass noodles",
        "túi 500 g", "500 g bag", 48_000, 320, "noodles",
        "Sợi miến nhỏ, dai, màu nâu trong tự nhiên của tinh bột dong riềng, không pha bột sắn, không hàn "
        "the. Trụng nước sôi 1 phút là mềm, nấu không nát.",
        "Thin, springy noodles with the natural clear brown of pure canna starch: no cassava starch, no borax. "
        "Soften in one minute in boiling water and never turn mushy in soup.",
        certs=(CertSeed(82, 700, 3412),), gtin="00201",
    ),
    ProductSeed(
        "htx-mien-dong-binh-lieu", "1.2", "Miến dong Bình Liêu túi 1 kg", "Bình Liêu dong-starch noodles, family pack",
        "túi 1 kg", "1 kg bag", 92_000, 150, "noodles",
        "Túi lớn cho gia đình và quán ăn: miến dong nguyên chất Bình Liêu, phơi nắng mùa hanh.",
        "The large bag for families and noodle shops: pure Bình Liêu canna noodles, sun-dried in the dry season.",
        certs=(CertSeed(82, 700, 3412),), gtin="00202",
    ),
    ProductSeed(
        "htx-mien-dong-binh-lieu", "1.2", "Hộp quà miến dong Bình Liêu", "Bình Liêu glass noodle gift box",
        "hộp 3 túi 300 g", "box of three 300 g bags", 165_000, 60, "box",
        "Ba túi miến dong trong hộp giấy kraft in hoa văn Dao Thanh Phán, kèm thiệp hướng dẫn nấu miến "
        "xào, miến trộn và miến gà. Quà Tết được ưa chuộng.",
        "Three bags of glass noodles in a kraft box printed with Dao Thanh Phán patterns, with a recipe card for "
        "stir-fried noodles, noodle salad and chicken noodle soup. A favourite Tết gift.",
        certs=(CertSeed(74, 520, 2690),),
    ),
    ProductSeed(
        "htx-mien-dong-binh-lieu", "1.2", "Tinh bột dong riềng Bình Liêu", "Bình Liêu canna starch",
        "túi 1 kg", "1 kg bag", 62_000, 80, "bag",
        "Tinh bột dong riềng lọc nước suối, phơi khô. Dùng làm bánh, nấu chè, pha nước dong mát gan.",
        "Canna starch settled in spring water and dried. For cakes and sweet soups, or stirred into a cooling drink.",
    ),
    # Ba Chẽ morinda as a food: honeyed roots.
    ProductSeed(
        "htx-duoc-lieu-ba-che", "1.3", "Ba kích ngâm mật ong Ba Chẽ", "Ba Chẽ morinda in honey",
        "lọ 500 g", "500 g jar", 390_000, 25, "jar",
        "Củ ba kích tím đã rút lõi, ngâm mật ong rừng 6 tháng. Mỗi ngày một thìa nhỏ, dùng cả củ lẫn mật.",
        "Cored purple morinda roots steeped for six months in wild honey. A small spoonful a day, root and honey "
        "together.",
        certs=(CertSeed(71, 610, 2981),),
    ),
    # Tân An eggs.
    ProductSeed(
        "htx-chan-nuoi-tan-an", "1.1", "Trứng gà Tân An", "Tân An free-range chicken eggs",
        "hộp 10 quả", "box of 10", 45_000, 240, "egg",
        "Trứng gà ri lai nuôi thả đồi, lòng đỏ đỏ cam, đặc và thơm. Hộp ghi ngày đẻ; dùng tốt nhất trong "
        "20 ngày.",
        "Eggs from free-ranging hill hens, with thick, fragrant, deep orange yolks. The laying date is on the box; "
        "best within 20 days.",
        certs=(CertSeed(76, 380, 2144),), gtin="00301",
    ),
    ProductSeed(
        "htx-chan-nuoi-tan-an", "1.1", "Trứng gà Tân An khay 30 quả", "Tân An chicken eggs, tray of 30",
        "khay 30 quả", "tray of 30", 128_000, 90, "egg",
        "Khay giấy 30 quả cho gia đình và bếp ăn. Trứng được soi, lau sạch, giao trong 2 ngày kể từ ngày đẻ.",
        "A 30-egg paper tray for families and kitchens. Candled, wiped clean and delivered within two days of "
        "laying.",
        certs=(CertSeed(76, 380, 2144),), gtin="00302",
    ),
    ProductSeed(
        "htx-chan-nuoi-tan-an", "1.1", "Gà mái thả đồi Tân An", "Tân An free-range hen",
        "con 1,6–1,8 kg", "one bird, 1.6–1.8 kg", 295_000, 12, "chicken",
        "Gà mái già đã qua chu kỳ đẻ, làm sạch, hút chân không. Thịt chắc, hợp hầm thuốc bắc, nấu cháo.",
        "A mature laying hen, dressed and vacuum-packed. Firm meat for slow herbal broths and rice porridge.",
    ),
    # Hạ Long squid cakes.
    ProductSeed(
        "cong-ty-thuc-pham-vinh-xanh", "1.3", "Chả mực giã tay Hạ Long", "Hạ Long hand-pounded squid cakes",
        "hộp 500 g", "500 g box", 235_000, 140, "cake",
        "Đặc sản số một của Hạ Long: mực tươi giã tay trong cối đá đến khi dẻo, nặn miếng và rán vàng. "
        "Giòn sần sật, ngọt thịt mực, thơm tiêu. Cấp đông, rán lại 3 phút là dùng.",
        "Hạ Long's best-known speciality: fresh squid pounded by hand in a stone mortar until it binds, shaped "
        "and fried golden. Springy, sweet with squid, fragrant with pepper. Frozen; three minutes in the pan "
        "to serve.",
        certs=(CertSeed(72, 1300, 1588), CertSeed(92, 250, 4128)), gtin="00401",
    ),
    ProductSeed(
        "cong-ty-thuc-pham-vinh-xanh", "1.3", "Hộp quà chả mực Hạ Long 1 kg", "Hạ Long squid cake gift box, 1 kg",
        "hộp 1 kg", "1 kg gift box", 460_000, 55, "box",
        "Hai khay chả mực 500 g trong hộp quà cách nhiệt kèm túi đá gel, giữ lạnh 24 giờ — món quà mang về "
        "từ Hạ Long.",
        "Two 500 g trays of squid cakes in an insulated gift box with gel ice that stays cold for 24 hours: the "
        "present to bring home from Hạ Long.",
        certs=(CertSeed(92, 250, 4128),), gtin="00402",
    ),
    ProductSeed(
        "cong-ty-thuc-pham-vinh-xanh", "1.3", "Chả tôm Hạ Long", "Hạ Long shrimp cakes",
        "hộp 500 g", "500 g box", 185_000, 70, "cake",
        "Tôm bộp tươi giã với mỡ phần, rán vàng. Mềm, ngọt, hợp cho trẻ nhỏ. Chứng nhận OCOP đã hết hạn, "
        "sản phẩm đang chờ đánh giá lại.",
        "Fresh shrimp pounded with a little pork fat and fried golden: soft and sweet, and children love it. Its "
        "OCOP certificate has expired and it is waiting to be re-assessed.",
        certs=(CertSeed(64, 1250, 1592),),
    ),
    ProductSeed(
        "cong-ty-thuc-pham-vinh-xanh", "1.3", "Chả cá thu Hạ Long", "Hạ Long mackerel fish cakes",
        "hộp 500 g", "500 g box", 160_000, 0, "fish",
        "Cá thu vịnh Hạ Long phi lê, giã với thì là. Sản phẩm mới, đang hoàn thiện bao bì.",
        "Hạ Long bay mackerel fillets pounded with dill. A new product; the packaging is being finished.",
        status="draft",
    ),
    # Vân Đồn peanut worms.
    ProductSeed(
        "htx-sa-sung-quan-lan", "1.2", "Sá sùng khô Quan Lạn", "Quan Lạn dried peanut worms",
        "hộp 100 g", "100 g box", 620_000, 30, "squid",
        "Sá sùng đào tay ở bãi cát Quan Lạn, sấy than hoa. Rang giòn nhắm rượu, hoặc nấu nước dùng phở "
        "ngọt thanh như cách người Vân Đồn vẫn làm.",
        "Peanut worms dug by hand on the Quan Lạn sand flats and dried over charcoal. Toast them crisp to nibble, "
        "or simmer them for a clear, sweet phở broth the way Vân Đồn cooks do.",
        certs=(CertSeed(91, 560, 2877),), gtin="00501",
    ),
    ProductSeed(
        "htx-sa-sung-quan-lan", "1.2", "Sá sùng khô Quan Lạn hộp 250 g", "Quan Lạn dried peanut worms, 250 g",
        "hộp 250 g", "250 g box", 1_480_000, 0, "squid",
        "Hộp lớn sá sùng loại 1 cho nhà hàng và quà biếu. Mùa đào sá sùng đã hết, hàng sẽ về lại tháng 4.",
        "The large box of first-grade peanut worms for restaurants and gifts. The digging season is over; back "
        "in April.",
        certs=(CertSeed(91, 560, 2877),),
    ),
    # Móng Cái fish sauce.
    ProductSeed(
        "co-so-nuoc-mam-tra-co", "1.4", "Nước mắm cốt cá cơm Trà Cổ 40 độ đạm", "Trà Cổ anchovy fish sauce, 40°N",
        "chai 500 ml", "500 ml bottle", 98_000, 110, "bottle",
        "Nước cốt đầu tiên sau 12 tháng ủ chượp, màu cánh gián, mùi thơm dịu, vị mặn đằm hậu ngọt. "
        "Chấm trực tiếp, không cần pha.",
        "The first draw after twelve months in the barrel: amber, gently aromatic, round and sweet behind the "
        "salt. Good as a dip on its own.",
        certs=(CertSeed(73, 760, 3355),), gtin="00601",
    ),
    ProductSeed(
        "co-so-nuoc-mam-tra-co", "1.4", "Nước mắm Trà Cổ 30 độ đạm", "Trà Cổ fish sauce, 30°N, for cooking",
        "chai 1 lít", "1 litre bottle", 125_000, 85, "bottle",
        "Nước mắm nấu ăn hằng ngày, cùng quy trình ủ chượp truyền thống, không chất điều vị.",
        "Everyday cooking fish sauce, from the same traditional barrel ageing, with no flavour enhancers.",
        certs=(CertSeed(58, 760, 3355),),
    ),
    # Tiên Yên chicken and honey.
    ProductSeed(
        "htx-ga-tien-yen", "1.1", "Gà Tiên Yên nguyên con", "Whole Tiên Yên chicken",
        "con 1,5–1,8 kg", "one bird, 1.5–1.8 kg", 395_000, 20, "chicken",
        "Gà chân vàng Tiên Yên nuôi thả đồi 150 ngày, làm sạch, đeo tem truy xuất. Luộc chấm muối "
        "tiêu chanh để thấy da giòn, thịt ngọt.",
        "A yellow-legged Tiên Yên chicken raised free-range on the hills for 150 days, dressed and tagged for "
        "traceability. Simply boil it and dip in salt, pepper and lime to taste the crisp skin and sweet meat.",
        certs=(CertSeed(85, 640, 3015),),
    ),
    ProductSeed(
        "htx-ga-tien-yen", "1.3", "Gà Tiên Yên ủ muối hoa tiêu", "Tiên Yên chicken baked in salt",
        "con 1,2 kg", "one bird, 1.2 kg", 430_000, 15, "chicken",
        "Gà Tiên Yên ủ muối hạt và hoa tiêu rừng, hấp chín, hút chân không. Hâm nóng 10 phút là dùng.",
        "Tiên Yên chicken wrapped in coarse salt and wild Sichuan pepper, steamed and vacuum-packed. Ten minutes "
        "to reheat.",
        certs=(CertSeed(68, 330, 2233),),
    ),
    ProductSeed(
        "htx-ga-tien-yen", "1.3", "Mật ong hoa rừng Tiên Yên", "Tiên Yên wildflower honey",
        "chai 500 ml", "500 ml bottle", 340_000, 45, "jar",
        "Mật ong ong nội thu từ hoa rừng, hoa vải và hoa keo, độ thủy phần dưới 20%. Không đường, không pha.",
        "Honey from native bees on forest, lychee and acacia blossom, under 20% moisture. No sugar, nothing "
        "added.",
        certs=(CertSeed(70, 900, 3520),), gtin="00701",
    ),
    # Đầm Hà cinnamon as a spice.
    ProductSeed(
        "ho-kinh-doanh-que-dam-ha", "1.4", "Quế thanh Đầm Hà", "Đầm Hà cinnamon sticks",
        "túi 200 g", "200 g bag", 68_000, 90, "leaf",
        "Vỏ quế cuộn thanh đều, dày dầu, thơm cay ngọt. Dùng nấu phở, hầm thịt, pha trà.",
        "Evenly rolled cassia bark, rich in oil, sweetly spicy. For phở, braises and tea.",
        certs=(CertSeed(61, 820, 3498),),
    ),
    # Tea.
    ProductSeed(
        "htx-che-duong-hoa", "1.5", "Chè búp Đường Hoa", "Đường Hoa bud tea",
        "hộp 200 g", "200 g tin", 125_000, 130, "tea",
        "Chè một tôm hai lá sao tay trên chảo gang. Nước xanh vàng, chát dịu, hậu ngọt kéo dài.",
        "One bud and two leaves, pan-fired by hand in cast-iron woks. A green-gold liquor, gently astringent, "
        "with a long sweet finish.",
        certs=(CertSeed(75, 450, 1977),), gtin="00801",
    ),
    ProductSeed(
        "htx-che-duong-hoa", "1.5", "Chè xanh Đường Hoa", "Đường Hoa green tea",
        "túi 500 g", "500 g bag", 185_000, 75, "tea",
        "Chè xanh uống hằng ngày của người Hải Hà, đóng túi zip giữ hương.",
        "The everyday green tea of Hải Hà, in a resealable bag to keep its aroma.",
        certs=(CertSeed(59, 450, 1977),),
    ),
    # Beverages.
    ProductSeed(
        "htx-duoc-lieu-ba-che", "2.1", "Rượu ba kích Ba Chẽ", "Ba Chẽ morinda wine",
        "chai 500 ml, 29%", "500 ml bottle, 29% ABV", 240_000, 60, "bottle",
        "Rượu gạo men lá ngâm củ ba kích tím Ba Chẽ trên 12 tháng, màu đỏ tím, êm và thơm. Dùng cho người "
        "trên 18 tuổi; không lái xe sau khi uống.",
        "Leaf-yeast rice spirit steeped for over a year with Ba Chẽ purple morinda roots: ruby-purple, smooth and "
        "fragrant. For adults over 18 only; do not drink and drive.",
        certs=(CertSeed(77, 480, 2101),), gtin="00901",
    ),
    ProductSeed(
        "htx-duoc-lieu-ba-che", "2.2", "Trà hoa vàng Ba Chẽ", "Ba Chẽ golden camellia tea",
        "hộp 50 g", "50 g box", 480_000, 0, "flower",
        "Nụ và hoa trà hoa vàng hái đầu mùa, sấy lạnh giữ màu vàng óng. Pha 4–5 bông cho một ấm, nước "
        "vàng trong, vị ngọt nhẹ. Mùa hoa mới bắt đầu từ tháng 11.",
        "Golden camellia buds and blossoms picked early in the season and cold-dried to keep their colour. Four "
        "or five flowers make a pot: a clear gold infusion, lightly sweet. The new season starts in November.",
        certs=(CertSeed(93, 200, 4127),), gtin="00902",
    ),
)
