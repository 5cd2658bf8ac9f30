"""The demo producers: cooperatives, firms, households and workshops across Quảng Ninh.

The names are invented for the demo; the places, the trades and the way they are told are the province's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from storefront.producers.models import ProducerKind


@dataclass(frozen=True)
class ProducerSeed:
    slug: str
    name: str
    kind: ProducerKind
    locality: str  # LocalitySeed.name
    address: str
    phone: str
    story_vi: str
    story_en: str
    email: str = ""
    #: Digits after 893 of the GS1 company prefix, for producers that print barcodes.
    gs1_prefix: str = ""


#: Whose listings producer@example.com manages: the Cô Tô dried squid cooperative.
DEMO_PRODUCER_SLUG = "htx-hai-san-thanh-lan"

PRODUCERS: tuple[ProducerSeed, ...] = (
    ProducerSeed(
        DEMO_PRODUCER_SLUG,
        "HTX Hải sản Thanh Lân",
        ProducerKind.COOPERATIVE,
        "Đặc khu Cô Tô",
        "Thôn 2, Thanh Lân",
        "0912 468 201",
        "Hợp tác xã của 27 hộ ngư dân đảo Thanh Lân, thành lập năm 2016. Mực được câu đêm bằng đèn, "
        "làm sạch ngay trên tàu và phơi trên giàn tre bằng nắng gió biển Cô Tô, không chất bảo quản. "
        "Mỗi mẻ mực đều ghi ngày câu và tên thuyền.",
        "A cooperative of 27 fishing families on Thanh Lân island, founded in 2016. The squid are caught at "
        "night under lamps, cleaned on board and dried on bamboo racks in the Cô Tô sea wind, with no "
        "preservatives. Every batch carries the date it was caught and the name of the boat.",
        email="htxthanhlan@example.com",
        gs1_prefix="6075",
    ),
    ProducerSeed(
        "htx-mien-dong-binh-lieu",
        "HTX Miến dong Đồng Văn Bình Liêu",
        ProducerKind.COOPERATIVE,
        "Xã Bình Liêu",
        "Bản Sông Moóc",
        "0203 3878 556",
        "Người Tày, người Dao ở Bình Liêu trồng dong riềng trên nương từ bao đời. Hợp tác xã thu mua củ "
        "của hơn 120 hộ, lọc tinh bột bằng nước suối đầu nguồn và tráng, phơi miến thủ công vào mùa "
        "hanh khô từ tháng 10 đến tháng 2.",
        "The Tày and Dao people of Bình Liêu have grown canna (dong riềng) on their hillsides for generations. "
        "The cooperative buys roots from over 120 households, settles the starch in mountain spring water and "
        "spreads and sun-dries the noodles by hand in the dry season, October to February.",
        email="miendongdongvan@example.com",
        gs1_prefix="6118",
    ),
    ProducerSeed(
        "to-hop-tac-theu-luc-hon",
        "Tổ hợp tác thêu Dao Thanh Phán Lục Hồn",
        ProducerKind.COOPERATIVE_GROUP,
        "Xã Lục Hồn",
        "Thôn Khe Vằn",
        "0977 315 462",
        "Mười bốn chị em người Dao Thanh Phán giữ nghề thêu tay của mẹ, của bà. Mỗi hoa văn — cây thông, "
        "con chó, dấu chân hổ — đều có tên và tích riêng. Tổ còn đón khách ở nhà sàn để cùng thêu, cùng "
        "nấu cỗ lá.",
        "Fourteen Dao Thanh Phán women keep up the hand embroidery their mothers and grandmothers taught them. "
        "Every motif, the pine, the dog, the tiger's paw, has its name and its story. The group also hosts "
        "visitors in their stilt houses to embroider and cook together.",
    ),
    ProducerSeed(
        "htx-duoc-lieu-ba-che",
        "HTX Dược liệu Ba Chẽ",
        ProducerKind.COOPERATIVE,
        "Xã Ba Chẽ",
        "Khu 5",
        "0203 3888 217",
        "Ba Chẽ là thủ phủ ba kích tím và trà hoa vàng của Quảng Ninh. Hợp tác xã trồng ba kích dưới tán "
        "rừng, thu hoạch củ sau ít nhất 3 năm, và hái hoa trà vàng từ tháng 11 đến tháng 3. Vùng trồng "
        "đạt chứng nhận VietGAP.",
        "Ba Chẽ is Quảng Ninh's home of purple morinda (ba kích) and golden camellia tea. The cooperative grows "
        "morinda under the forest canopy, lifts the roots after at least three years, and picks golden camellia "
        "flowers from November to March. Its growing area is VietGAP certified.",
        email="duoclieubache@example.com",
        gs1_prefix="6203",
    ),
    ProducerSeed(
        "htx-chan-nuoi-tan-an",
        "HTX Chăn nuôi Tân An",
        ProducerKind.COOPERATIVE,
        "Phường Hà An",
        "Khu Yên Khánh",
        "0904 552 318",
        "Gà mái đẻ được nuôi thả trên đồi vải, ăn ngô, thóc và rau xanh do chính xã viên trồng. Trứng "
        "Tân An lòng đỏ đậm, được soi, lau sạch và đóng hộp trong ngày, ghi rõ ngày đẻ.",
        "The laying hens roam the lychee hills and eat maize, paddy and greens grown by the members themselves. "
        "Tân An eggs have deep orange yolks; they are candled, wiped clean and boxed on the day they are laid, "
        "with the laying date on the box.",
        gs1_prefix="6247",
    ),
    ProducerSeed(
        "cong-ty-thuc-pham-vinh-xanh",
        "Công ty TNHH Thực phẩm Vịnh Xanh",
        ProducerKind.ENTERPRISE,
        "Phường Hạ Long",
        "Số 18 phố Cao Thắng",
        "0203 3625 880",
        "Từ một quầy chả mực ở chợ Hạ Long năm 1998, Vịnh Xanh nay có xưởng đạt chuẩn HACCP. Mực tươi "
        "từ các tàu Hạ Long, Vân Đồn được giã tay bằng cối đá, nêm vừa đủ tiêu và nước mắm, giữ vị ngọt "
        "giòn đặc trưng của chả mực Hạ Long.",
        "What began as a squid-cake stall in Hạ Long market in 1998 is now a HACCP-certified kitchen. Fresh squid "
        "from the Hạ Long and Vân Đồn boats is pounded by hand in stone mortars and seasoned with just pepper "
        "and fish sauce, for the sweet, springy bite Hạ Long squid cakes are known for.",
        email="lienhe@vinhxanh.example.com",
        gs1_prefix="6290",
    ),
    ProducerSeed(
        "ho-kinh-doanh-vuon-hoa-hoanh-bo",
        "Hộ kinh doanh Vườn hoa Lê Mai",
        ProducerKind.HOUSEHOLD,
        "Phường Hoành Bồ",
        "Tổ 7",
        "0936 207 145",
        "Gia đình chị Lê Thị Mai trồng hoa trên đất ruộng cũ của Hoành Bồ từ năm 2010: ly, cúc, lan hồ "
        "điệp và đào thế. Hoa cắt buổi sớm, giao trong ngày ở Hạ Long và gửi xe đi các tỉnh.",
        "Lê Thị Mai's family has grown flowers on Hoành Bồ's old rice fields since 2010: lilies, chrysanthemums, "
        "moth orchids and shaped peach trees. Flowers are cut at dawn, delivered the same day in Hạ Long and "
        "sent by coach to other provinces.",
    ),
    ProducerSeed(
        "htx-sa-sung-quan-lan",
        "HTX Thủy sản Quan Lạn",
        ProducerKind.COOPERATIVE,
        "Đặc khu Vân Đồn",
        "Thôn Tân Phong, Quan Lạn",
        "0915 836 027",
        "Sá sùng chỉ sống ở bãi cát sạch của đảo Quan Lạn. Xã viên đào thủ công lúc triều rút, lộn ruột, "
        "rửa sạch cát và sấy than hoa, giữ vị ngọt thanh dùng nấu phở, nấu canh.",
        "Peanut worms (sá sùng) live only in the clean sand flats of Quan Lạn island. Members dig them by hand at "
        "low tide, turn and clean them and dry them over charcoal, keeping the clear sweetness cooks prize for "
        "phở broth and soups.",
        gs1_prefix="6336",
    ),
    ProducerSeed(
        "cong-ty-ngoc-trai-bai-tu-long",
        "Công ty CP Ngọc trai Bái Tử Long",
        ProducerKind.ENTERPRISE,
        "Đặc khu Vân Đồn",
        "Khu Cái Rồng",
        "0203 3793 468",
        "Trại nuôi trai cấy ngọc trong vịnh Bái Tử Long từ năm 2005. Mỗi viên ngọc mất 2–3 năm để hình "
        "thành; công ty tự thiết kế, chế tác trang sức và mở trại đón khách tham quan quy trình cấy ngọc.",
        "A pearl farm in Bái Tử Long bay since 2005. Each pearl takes two to three years to grow; the company "
        "designs and sets its own jewellery and opens the farm to visitors who want to see how pearls are seeded.",
        email="info@ngoctraibtl.example.com",
        gs1_prefix="6381",
    ),
    ProducerSeed(
        "co-so-nuoc-mam-tra-co",
        "Cơ sở Nước mắm Trà Cổ",
        ProducerKind.WORKSHOP,
        "Phường Móng Cái 1",
        "Khu Hải Hòa",
        "0984 613 509",
        "Ba thế hệ làm nước mắm ở bờ biển Trà Cổ. Cá cơm tươi ủ muối biển trong thùng gỗ 12 tháng, kéo "
        "rút nước cốt, không pha, không chất điều vị.",
        "Three generations have made fish sauce on the Trà Cổ shore. Fresh anchovies are salted with sea salt and "
        "aged in wooden barrels for twelve months; the first draw is bottled as it is, with nothing added.",
        gs1_prefix="6477",
    ),
    ProducerSeed(
        "htx-ga-tien-yen",
        "HTX Gà Tiên Yên",
        ProducerKind.COOPERATIVE,
        "Xã Tiên Yên",
        "Phố Long Tiên",
        "0203 3876 144",
        "Gà Tiên Yên là giống gà bản địa chân vàng, da vàng, thịt chắc. Hợp tác xã nuôi thả đồi ít nhất "
        "150 ngày, có nhật ký chăn nuôi và tem truy xuất cho từng con; mùa hoa rừng còn có mật ong.",
        "The Tiên Yên chicken is a native breed with yellow legs and skin and firm meat. The cooperative raises "
        "them free-range on the hills for at least 150 days, keeps a rearing log and tags every bird for "
        "traceability; in the wildflower season its hives give honey too.",
        gs1_prefix="6412",
    ),
    ProducerSeed(
        "ho-kinh-doanh-que-dam-ha",
        "Hộ kinh doanh Quế hồi Đầm Hà",
        ProducerKind.HOUSEHOLD,
        "Xã Đầm Hà",
        "Thôn Tân Hợp",
        "0868 452 790",
        "Vợ chồng anh Chìu Văn Lâm chưng cất tinh dầu quế từ lá và vỏ của rừng quế gia đình trồng từ năm "
        "2004, bằng nồi cất hơi nước truyền thống.",
        "Chìu Văn Lâm and his wife distil cinnamon oil from the leaves and bark of the family's cassia forest, "
        "planted in 2004, in a traditional steam still.",
    ),
    ProducerSeed(
        "xuong-gom-dong-trieu",
        "Xưởng gốm Hưng Phát Đông Triều",
        ProducerKind.WORKSHOP,
        "Phường Đông Triều",
        "Khu Vĩnh Thái",
        "0203 3870 925",
        "Gốm Đông Triều có từ thời Trần. Xưởng Hưng Phát dùng đất sét trắng Đông Triều, vuốt tay trên bàn "
        "xoay và nung lò ga ở 1.250°C; men lam, men rạn vẽ tay từng chiếc.",
        "Đông Triều pottery goes back to the Trần dynasty. The Hưng Phát workshop throws Đông Triều white clay "
        "by hand on the wheel and fires it at 1,250°C; every piece of blue or crackle glaze is painted by hand.",
        email="gomhungphat@example.com",
    ),
    ProducerSeed(
        "htx-che-duong-hoa",
        "HTX Chè Đường Hoa",
        ProducerKind.COOPERATIVE,
        "Xã Đường Hoa",
        "Thôn 4",
        "0973 120 836",
        "Đồi chè Đường Hoa được người Thái Nguyên lên khai hoang trồng từ những năm 1960. Búp chè hái "
        "một tôm hai lá, sao tay trên chảo gang, nước xanh, vị chát dịu, hậu ngọt.",
        "The Đường Hoa tea hills were first planted by settlers from Thái Nguyên in the 1960s. Buds are picked "
        "one bud and two leaves and pan-fired by hand in cast-iron woks: a green liquor, gently astringent, "
        "with a sweet finish.",
        gs1_prefix="6459",
    ),
    ProducerSeed(
        "htx-mai-vang-yen-tu",
        "HTX Mai vàng Yên Tử",
        ProducerKind.COOPERATIVE,
        "Phường Yên Tử",
        "Thôn Nam Mẫu",
        "0203 3851 377",
        "Mai vàng Yên Tử nở hoa năm cánh vàng rực dịp Tết, giống mai gắn với tích vua Trần Nhân Tông. "
        "Hợp tác xã nhân giống từ cây mẹ trên núi và dẫn khách thăm vườn, thăm chùa.",
        "The Yên Tử yellow apricot blooms in five bright petals at Tết and is tied to the story of King "
        "Trần Nhân Tông. The cooperative propagates it from mother trees on the mountain and guides visitors "
        "through its gardens and to the pagodas.",
    ),
    ProducerSeed(
        "co-so-than-my-nghe-cam-pha",
        "Cơ sở Than mỹ nghệ Hòn Gai Cẩm Phả",
        ProducerKind.WORKSHOP,
        "Phường Cẩm Phả",
        "Số 55 đường Trần Phú",
        "0913 246 658",
        "Do một thợ mỏ về hưu lập ra, xưởng đục tay than đá antraxit Cẩm Phả thành tượng, tranh và mô "
        "hình vịnh Hạ Long. Than được phủ lớp sơn bóng nên không bám tay.",
        "Founded by a retired miner, the workshop carves Cẩm Phả anthracite by hand into figures, pictures and "
        "models of Hạ Long bay. A clear lacquer keeps the coal from marking your hands.",
    ),
)
