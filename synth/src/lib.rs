//! Synthetic content for benchmarks and scale tests: a national catalogue of procedures with
//! realistic sizes, provinces with fee decisions, and communes receiving ~300 procedures each
//! with local overrides, introductions and news. Deterministic from a seed. Every page built
//! from it carries the demo banner: none of it is real.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// How much to generate.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub procedures: usize,
    pub provinces: usize,
    pub communes: usize,
    pub per_commune: usize,
    pub languages: &'static [&'static str],
}

impl Scale {
    pub fn named(name: &str) -> Option<Scale> {
        let base = Scale {
            procedures: 1000,
            provinces: 1,
            communes: 1,
            per_commune: 300,
            languages: &["vi", "en"],
        };
        Some(match name {
            "small" => base,
            "province" => Scale {
                communes: 100,
                ..base
            },
            // One language: ~30,000 procedure pages, the figure the targets speak of.
            "province-vi" => Scale {
                communes: 100,
                languages: &["vi"],
                ..base
            },
            "national" => Scale {
                provinces: 34,
                communes: 3321,
                ..base
            },
            _ => return None,
        })
    }
}

/// splitmix64: small, fast, and the same numbers on every machine (the fuzz test replays a
/// run from its seed with it too).
pub struct Rng(pub u64);

impl Rng {
    // Named like the generators of `rand`; it is not an iterator (it never ends).
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Fields of the catalogue with the folder each is kept in (the name `site-gen import` gives
/// it: folded, lowercase, hyphens), written out so that this crate needs nothing of site-gen.
const FIELDS: [(&str, &str); 12] = [
    ("Hộ tịch", "ho-tich"),
    ("Chứng thực", "chung-thuc"),
    ("Bảo trợ xã hội", "bao-tro-xa-hoi"),
    ("Người có công", "nguoi-co-cong"),
    ("Đất đai", "dat-dai"),
    ("Xây dựng", "xay-dung"),
    ("Thi đua - khen thưởng", "thi-dua-khen-thuong"),
    ("Tôn giáo", "ton-giao"),
    ("Nuôi con nuôi", "nuoi-con-nuoi"),
    ("Giáo dục và đào tạo", "giao-duc-va-dao-tao"),
    ("Nông nghiệp", "nong-nghiep"),
    ("Văn hóa cơ sở", "van-hoa-co-so"),
];
const VERBS: [&str; 12] = [
    "đăng ký",
    "cấp",
    "chứng thực",
    "xác nhận",
    "điều chỉnh",
    "thôi hưởng",
    "công nhận",
    "giải quyết",
    "hỗ trợ",
    "thay đổi, cải chính",
    "cấp lại",
    "gia hạn",
];
const OBJECTS: [&str; 16] = [
    "giấy khai sinh",
    "trích lục hộ tịch",
    "chế độ trợ cấp hằng tháng",
    "hợp đồng, giao dịch",
    "giấy chứng nhận",
    "quyền sử dụng đất",
    "giấy phép xây dựng nhà ở riêng lẻ",
    "danh hiệu gia đình văn hóa",
    "hoạt động tín ngưỡng",
    "việc nuôi con nuôi trong nước",
    "kinh phí chăm sóc, nuôi dưỡng",
    "chế độ mai táng phí",
    "bản sao từ sổ gốc",
    "tình trạng hôn nhân",
    "hồ sơ người có công với cách mạng",
    "kế hoạch khuyến nông",
];
const QUALIFIERS: [&str; 10] = [
    "cho công dân Việt Nam cư trú trong nước",
    "có yếu tố nước ngoài tại khu vực biên giới",
    "đối với trường hợp đã đăng ký trước đây nhưng bị mất sổ hộ tịch",
    "theo đề nghị của cá nhân, tổ chức có liên quan",
    "đối với người khuyết tật đặc biệt nặng và người cao tuổi",
    "khi có sự thay đổi về thông tin nhân thân",
    "trong trường hợp không phải xác minh",
    "liên thông với cơ quan bảo hiểm xã hội",
    "tại Bộ phận Một cửa cấp xã",
    "đối với hộ nghèo, hộ cận nghèo trên địa bàn",
];
const DOCS: [&str; 14] = [
    "Tờ khai theo mẫu quy định",
    "Giấy tờ tùy thân còn giá trị sử dụng",
    "Văn bản ủy quyền có chứng thực",
    "Giấy xác nhận của cơ sở y tế",
    "Bản sao giấy chứng nhận quyền sử dụng đất",
    "Đơn đề nghị có xác nhận của thôn, tổ dân phố",
    "Biên bản xác minh của công chức tư pháp - hộ tịch",
    "Giấy chứng tử hoặc giấy báo tử",
    "Bản vẽ thiết kế xây dựng",
    "Quyết định công nhận hộ nghèo",
    "Sổ hộ khẩu hoặc giấy xác nhận cư trú",
    "Ảnh chân dung 4x6",
    "Hợp đồng đã được các bên ký",
    "Bản chính giấy tờ cần chứng thực",
];
const PLACES: [&str; 8] = ["An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Đông", "Xuân"];
const SUFFIXES: [&str; 8] = ["Lộc", "Hưng", "Thành", "Mỹ", "Phước", "Định", "Sơn", "Lợi"];

fn q(s: &str) -> String {
    format!("{s:?}")
}

/// Writes a content folder for `scale` into `dir` (which must not exist or be empty).
pub fn generate(dir: &Path, scale: Scale, seed: u64) -> io::Result<()> {
    let mut rng = Rng(seed);
    fs::create_dir_all(dir.join("calendar"))?;
    fs::create_dir_all(dir.join("fees"))?;
    fs::create_dir_all(dir.join("pages"))?;
    let langs = scale
        .languages
        .iter()
        .map(|l| q(l))
        .collect::<Vec<_>>()
        .join(", ");
    fs::write(
        dir.join("site.toml"),
        format!(
            "name = \"Trang thử nghiệm hiệu năng (dữ liệu tổng hợp)\"\nbase_url = \"https://bench.example.vn/\"\nlanguages = [{langs}]\ndemo = true\n"
        ),
    )?;
    fs::write(
        dir.join("calendar/2026.toml"),
        "year = 2026\n[[day_off]]\nname = \"Tết Nguyên đán\"\nfrom = 2026-02-14\nto = 2026-02-22\n[[day_off]]\nname = \"Giỗ Tổ Hùng Vương\"\nfrom = 2026-04-27\n",
    )?;
    for (i, title) in ["Hướng dẫn", "Liên hệ", "Khả năng tiếp cận"]
        .iter()
        .enumerate()
    {
        fs::write(
            dir.join(format!("pages/trang-{}.md", i + 1)),
            format!("+++\ntitle = \"{title}\"\nweight = {i}\n+++\nTrang tổng hợp phục vụ đo hiệu năng.\n"),
        )?;
    }
    let codes: Vec<String> = (0..scale.procedures)
        .map(|i| format!("{}.{:06}", 1 + i % 3, 100_000 + i))
        .collect();
    for (i, code) in codes.iter().enumerate() {
        let (field, folder) = FIELDS[i % FIELDS.len()];
        let folder = dir.join("catalogue").join(folder);
        fs::create_dir_all(&folder)?;
        fs::write(
            folder.join(format!("{code}.toml")),
            procedure(&mut rng, code, field, i),
        )?;
    }
    let provinces: Vec<String> = (0..scale.provinces)
        .map(|p| format!("Tỉnh {} {}", PLACES[p % 8], SUFFIXES[(p / 8) % 8]))
        .collect();
    for (p, province) in provinces.iter().enumerate() {
        for d in 0..2 {
            let mut t = String::new();
            let _ = writeln!(
                t,
                "code = \"{}/2026/NQ-HĐND\"\ntitle = \"Nghị quyết về phí, lệ phí (tổng hợp)\"\nissuer = \"Hội đồng nhân dân {province}\"\nprovince = {}\neffective_from = 2026-{:02}-01",
                10 + p * 2 + d,
                q(province),
                if d == 0 { 3 } else { 12 }
            );
            let picks: Vec<&String> = (0..20).map(|_| &codes[rng.below(codes.len())]).collect();
            let list = picks.iter().map(|c| q(c)).collect::<Vec<_>>().join(", ");
            let _ = writeln!(
                t,
                "[[rule]]\nprocedures = [{list}]\nchannel = \"online\"\nfee = [{{ kind = \"free\", note = \"Không thu khi nộp trực tuyến\" }}]"
            );
            fs::write(dir.join(format!("fees/nq-{p}-{d}.toml")), t)?;
        }
    }
    for c in 0..scale.communes {
        let slug = format!("xa-{:04}", c + 1);
        let folder = dir.join("communes").join(&slug);
        fs::create_dir_all(folder.join("news"))?;
        let name = format!("{} {} {}", PLACES[c % 8], SUFFIXES[(c / 8) % 8], c + 1);
        let province = &provinces[c % provinces.len()];
        let mut text = commune(&mut rng, &name, province, &codes, scale.per_commune);
        if c % provinces.len() == 0 && c / provinces.len() < STATS_COMMUNES {
            text.insert_str(
                0,
                &format!("portal_unit = \"SY.{}\"\n", 101 + c / provinces.len()),
            );
        }
        fs::write(folder.join("commune.toml"), text)?;
        fs::write(
            folder.join("index.md"),
            format!("+++\ntitle = \"Giới thiệu xã {name}\"\n+++\n*Dữ liệu tổng hợp.* Bộ phận Một cửa xã {name} tiếp nhận **{}** thủ tục.\n\n## Giờ làm việc\n\nTừ thứ Hai đến thứ Sáu.\n", scale.per_commune),
        )?;
        for n in 0..2 {
            fs::write(
                folder.join(format!("news/tin-{}.md", n + 1)),
                format!("+++\ntitle = \"Thông báo số {} của xã {name}\"\ndate = 2026-0{}-15\nsummary = \"Tin tổng hợp.\"\n+++\nNội dung thông báo tổng hợp.\n", n + 1, n + 1),
            )?;
        }
    }
    statistics(dir, &mut rng, &provinces[0])
}

fn procedure(rng: &mut Rng, code: &str, field: &str, i: usize) -> String {
    let mut name = format!("Thủ tục {} {}", rng.pick(&VERBS), rng.pick(&OBJECTS));
    let target = rng.range(60, 200);
    while name.chars().count() < target {
        name.push(' ');
        name.push_str(rng.pick(&QUALIFIERS));
    }
    let name: String = name.chars().take(target).collect();
    let mut t = String::with_capacity(4096);
    let _ = writeln!(
        t,
        "code = {}\nname = {}\nfield = {}\nlevel = \"commune\"",
        q(code),
        q(name.trim()),
        q(field)
    );
    let _ = writeln!(t, "agencies = [\"Ủy ban nhân dân cấp xã\"]\nsubjects = [\"Công dân Việt Nam\"]\nresults = [\"Kết quả giải quyết thủ tục\"]\nchecked_on = 2026-11-01");
    let steps: Vec<String> = (0..rng.range(2, 8))
        .map(|s| {
            q(&format!(
                "Bước {}: cán bộ tiếp nhận kiểm tra hồ sơ và xử lý theo quy định.",
                s + 1
            ))
        })
        .collect();
    let _ = writeln!(t, "steps = [{}]", steps.join(", "));
    if i % 97 == 5 {
        let _ = writeln!(t, "[lifecycle]\neffective_from = 2027-01-01");
    } else if i % 89 == 7 {
        let _ = writeln!(t, "[lifecycle]\nrepealed_on = 2026-01-01");
    }
    let channels = rng.range(1, 3);
    for ch in 0..channels {
        let kind = ["desk", "online", "post"][ch];
        let _ = writeln!(t, "\n[[channel]]\nkind = \"{kind}\"");
        if kind == "online" {
            let _ = writeln!(
                t,
                "online_level = \"{}\"",
                if rng.chance(50) { "full" } else { "partial" }
            );
        }
        let time = match rng.below(3) {
            0 => "{ kind = \"same-day\", cutoff = \"15:00\" }".to_string(),
            1 => format!("{{ kind = \"working-days\", days = {} }}", rng.range(1, 20)),
            _ => format!(
                "{{ kind = \"working-days\", days = {}, extension = {{ working_days = {}, when = \"Nếu cần xác minh\" }} }}",
                rng.range(1, 10),
                rng.range(1, 10)
            ),
        };
        let _ = writeln!(t, "time = {time}");
        let fee = match rng.below(5) {
            0 => "{ kind = \"free\" }".to_string(),
            1 => format!("{{ kind = \"flat\", amount = {} }}", rng.range(1, 20) * 5000),
            2 => "{ kind = \"per-unit\", price = 2000, unit = \"trang\", tiers = [{ from = 3, price = 1000 }], cap = 200000, cap_per = \"bản\" }".to_string(),
            3 => "{ kind = \"set-by-province\" }".to_string(),
            _ => "{ kind = \"free\", when = \"Đúng hạn\" }, { kind = \"set-by-province\", when = \"Quá hạn\", exemptions = [\"Hộ nghèo\", \"Người khuyết tật\"] }".to_string(),
        };
        let _ = writeln!(t, "fee = [{fee}]");
    }
    for (g, kind) in ["submit", "show"].iter().enumerate() {
        let _ = writeln!(t, "\n[[dossier]]\nkind = \"{kind}\"");
        let n = if g == 0 {
            rng.range(3, 18)
        } else {
            rng.range(2, 7)
        };
        for _ in 0..n {
            if rng.chance(15) {
                let _ = writeln!(t, "[[dossier.item]]\nnote = \"Trường hợp đặc biệt: xuất trình thêm giấy tờ chứng minh.\"");
            } else {
                let _ = writeln!(
                    t,
                    "[[dossier.item]]\ndocument = {}\noriginals = {}\ncopies = {}",
                    q(rng.pick(&DOCS)),
                    rng.range(0, 1) + 1,
                    rng.range(0, 2)
                );
            }
        }
    }
    for l in 0..rng.range(2, 15) {
        let _ = writeln!(
            t,
            "\n[[legal]]\ncode = \"{}/20{:02}/NĐ-CP\"\ntitle = \"Nghị định quy định chi tiết (tổng hợp số {})\"",
            10 + l * 7,
            10 + l,
            l + 1
        );
    }
    t
}

fn commune(rng: &mut Rng, name: &str, province: &str, codes: &[String], per: usize) -> String {
    let mut picked: Vec<usize> = Vec::with_capacity(per);
    let start = rng.below(codes.len());
    let step = 1 + rng.below(3);
    let mut at = start;
    while picked.len() < per.min(codes.len()) {
        if !picked.contains(&at) {
            picked.push(at);
        }
        at = (at + step) % codes.len();
        if picked.len() % 50 == 0 {
            at = (at + 1) % codes.len();
        }
    }
    let mut t = String::with_capacity(8192);
    let _ = writeln!(
        t,
        "name = {}\nkind = \"xã\"\nprovince = {}\naddress = \"Trụ sở UBND xã {name} (tổng hợp)\"\nemail = \"motcua@example.vn\"\nphone = [{{ label = \"Bộ phận Một cửa\", number = \"0200 000 000\" }}]",
        q(name),
        q(province)
    );
    let list: Vec<String> = picked.iter().map(|&i| q(&codes[i])).collect();
    let _ = writeln!(t, "procedures = [{}]", list.join(", "));
    let _ = writeln!(
        t,
        "\n[desk]\naddress = \"Bộ phận Một cửa xã {name}\"\nhours = [{{ days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"], open = \"07:30\", close = \"17:00\" }}]"
    );
    for &i in picked.iter().take(3) {
        let _ = writeln!(
            t,
            "\n[[override]]\nprocedure = {}\nnote = \"Ghi chú địa phương (tổng hợp).\"",
            q(&codes[i])
        );
    }
    t
}

/// Service-quality units of the first province: its communes (the first of them linked to
/// the synthetic communes) and agencies, over twelve months.
const STATS_COMMUNES: usize = 150;
const STATS_AGENCIES: usize = 15;
const STATS_MONTHS: usize = 12;

/// Twelve months (2025-12 to 2026-11) of the three reports the portal publishes for a
/// province, as `site-gen import service-index` writes them.
fn statistics(dir: &Path, rng: &mut Rng, province: &str) -> io::Result<()> {
    let units: Vec<(String, &str)> = (0..STATS_AGENCIES)
        .map(|a| (format!("SY.{:02}", a + 1), "agency"))
        .chain((0..STATS_COMMUNES).map(|c| (format!("SY.{}", 101 + c), "commune")))
        .collect();
    for m in 0..STATS_MONTHS {
        let (year, month) = if m == 0 { (2025, 12) } else { (2026, m) };
        let period = format!("{year}-{month:02}");
        let folder = dir.join("statistics").join(&period);
        fs::create_dir_all(&folder)?;
        let head = |source: &str| {
            format!(
                "period = \"{period}\"\nsource = \"{source}\"\nprovince = \"SY\"\nprovince_name = {}\nexample = true\n",
                q(province)
            )
        };
        let (mut progress, mut online, mut payment) = (
            head("dvc-progress-tree"),
            head("provide-online-tree"),
            head("formality-online-payment-tree"),
        );
        for (code, level) in &units {
            let unit = format!(
                "\n[unit.\"{code}\"]\nname = \"UBND {code} (tổng hợp)\"\nlevel = \"{level}\"\n"
            );
            let received = 50 + rng.below(900);
            let on_time = received - rng.below(received / 8 + 1);
            let _ = write!(
                progress,
                "{unit}received = {received}\non_time = {on_time}\noverdue = {}\navg_days = {}.{}\n[unit.\"{code}\".scores]\nTDGQ = {:.2}\n",
                received - on_time,
                1 + rng.below(9),
                rng.below(100),
                20.0 * on_time as f64 / received as f64
            );
            let _ = write!(
                online,
                "{unit}[unit.\"{code}\".scores]\nCLGQ = {}.{:02}\n",
                4 + rng.below(7),
                rng.below(100)
            );
            let payable = 20 + rng.below(300);
            let paid = payable - rng.below(payable / 3 + 1);
            let _ = write!(
                payment,
                "{unit}payable = {payable}\npaid_online = {paid}\n[unit.\"{code}\".scores]\nTTTT = {}.{:02}\n",
                4 + rng.below(6),
                rng.below(100)
            );
        }
        fs::write(folder.join("sy-dvc-progress-tree.toml"), progress)?;
        fs::write(folder.join("sy-provide-online-tree.toml"), online)?;
        fs::write(
            folder.join("sy-formality-online-payment-tree.toml"),
            payment,
        )?;
    }
    Ok(())
}
