//! Open data of the sample site: the catalogue as JSON and as CPSV-AP JSON-LD, per commune and
//! for the site, parsed, with one procedure's documents, costs and channels checked in each.

mod common;

use common::*;
use serde_json::Value;

fn json(rel: &str) -> Value {
    serde_json::from_str(&read(&sample().join(rel))).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Birth registration at Vĩnh Bảo (Hải Phòng), as of 2026-11-24: the online channel is free
/// under Hải Phòng's resolution 23/2026/NQ-HĐND; at the desk and by post, free on time and set
/// by the province when late (Law on Civil Status).
const COMMUNE: &str = "vinh-bao";
const CODE: &str = "1.001193";
const BIRTH_CERTIFICATE: &str = "Giấy chứng sinh; trường hợp không có Giấy chứng sinh";
const ID_PAPERS: &str = "Hộ chiếu/Thẻ căn cước công dân";

fn starts(v: &Value, prefix: &str) -> bool {
    v.as_str().is_some_and(|s| s.starts_with(prefix))
}

#[test]
fn commune_json_has_the_resolved_procedure() {
    let doc = json(&format!("{COMMUNE}/du-lieu/thu-tuc.json"));
    assert_eq!(doc["format"], "motcua-catalogue");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["as_of"], AS_OF);
    assert_eq!(doc["commune"]["slug"], COMMUNE);
    let procs = doc["procedures"].as_array().expect("procedures");
    let p = procs.iter().find(|p| p["code"] == CODE).expect("1.001193");
    assert_eq!(
        p["url"],
        "https://motcua.example.vn/vinh-bao/thu-tuc/1.001193/"
    );
    assert_eq!(p["lifecycle_on_as_of"]["status"], "in-force");

    let channels = p["channel"].as_array().expect("channels");
    let kinds: Vec<&str> = channels.iter().filter_map(|c| c["kind"].as_str()).collect();
    assert_eq!(kinds, ["online", "post", "desk"]);
    let online = &channels[0];
    assert_eq!(online["fee_decision"], "23/2026/NQ-HĐND");
    assert_eq!(online["fee"][0]["kind"], "free");
    assert_eq!(online["time"]["cutoff"], "15:00");
    let desk = &channels[2];
    assert_eq!(desk["fee"][0]["kind"], "free");
    assert_eq!(desk["fee"][1]["kind"], "set-by-province");
    assert!(
        desk["fee"][1].get("amount").is_none(),
        "an unknown amount is never 0"
    );

    let group = |kind: &str| {
        p["dossier"]
            .as_array()
            .expect("dossier")
            .iter()
            .find(|g| g["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} group"))
            .clone()
    };
    let submit = group("submit");
    let birth = submit["item"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| starts(&i["document"], BIRTH_CERTIFICATE))
        .expect("the birth certificate is to submit");
    assert_eq!(birth["originals"], 1);
    assert!(group("show")["item"]
        .as_array()
        .expect("items")
        .iter()
        .any(|i| starts(&i["document"], ID_PAPERS)));
}

/// Every key is a JSON-LD keyword or a compact IRI whose prefix the context defines.
fn check_terms(v: &Value, context: &serde_json::Map<String, Value>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if !k.starts_with('@') {
                    let prefix = k.split(':').next().unwrap_or("");
                    assert!(
                        k.contains(':') && context.contains_key(prefix),
                        "`{k}` is not a term of the context"
                    );
                }
                check_terms(v, context);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| check_terms(v, context)),
        _ => {}
    }
}

fn graph(rel: &str) -> (Vec<Value>, serde_json::Map<String, Value>) {
    let doc = json(rel);
    let context = doc["@context"].as_object().expect("@context").clone();
    assert_eq!(context["cpsv"], "http://purl.org/vocab/cpsv#");
    assert_eq!(context["cv"], "http://data.europa.eu/m8g/");
    let graph = doc["@graph"].as_array().expect("@graph").clone();
    for node in &graph {
        check_terms(node, &context);
    }
    (graph, context)
}

#[test]
fn commune_jsonld_speaks_cpsv_ap() {
    let (graph, _) = graph(&format!("{COMMUNE}/du-lieu/thu-tuc.jsonld"));
    let s = graph
        .iter()
        .find(|n| n["dct:identifier"] == CODE)
        .expect("the service");
    assert_eq!(s["@type"], "cpsv:PublicService");
    assert_eq!(
        s["@id"],
        "https://motcua.example.vn/vinh-bao/thu-tuc/1.001193/"
    );
    assert_eq!(s["dct:title"]["@language"], "vi");

    let channels = s["cv:hasChannel"].as_array().expect("channels");
    assert_eq!(channels.len(), 3);
    let online = &channels[0];
    assert_eq!(online["@type"], "cv:Channel");
    assert_eq!(online["dct:type"], "online");
    assert_eq!(online["cv:processingTime"], "P0D");
    assert_eq!(online["motcua:dayKind"], "same-day");
    assert_eq!(online["motcua:cutoff"], "15:00");

    let costs = s["cv:hasCost"].as_array().expect("costs");
    let through = |c: &Value| c["cv:ifAccessedThrough"]["@id"].clone();
    let online_costs: Vec<&Value> = costs
        .iter()
        .filter(|c| through(c) == online["@id"])
        .collect();
    assert_eq!(online_costs.len(), 1, "{costs:#?}");
    assert_eq!(online_costs[0]["@type"], "cv:Cost");
    assert_eq!(online_costs[0]["cv:value"], 0);
    let desk_id = channels[2]["@id"].clone();
    let late = costs
        .iter()
        .find(|c| through(c) == desk_id && c["motcua:feeKind"] == "set-by-province")
        .expect("late registration at the desk");
    assert!(
        late.get("cv:value").is_none(),
        "an unknown amount is never 0"
    );
    assert_eq!(late["motcua:setByProvince"], true);

    let inputs = s["cpsv:hasInput"].as_array().expect("evidence");
    let birth = inputs
        .iter()
        .find(|e| starts(&e["dct:title"]["@value"], BIRTH_CERTIFICATE))
        .expect("birth certificate");
    assert_eq!(birth["@type"], "cv:Evidence");
    assert_eq!(birth["motcua:role"], "submit");
    assert_eq!(birth["motcua:originals"], 1);
    let id = inputs
        .iter()
        .find(|e| starts(&e["dct:title"]["@value"], ID_PAPERS))
        .expect("identity papers");
    assert_eq!(id["motcua:role"], "show");
    assert_eq!(s["cpsv:produces"][0]["@type"], "cv:Output");
    assert_eq!(s["cv:hasLegalResource"][0]["@type"], "eli:LegalResource");
}

#[test]
fn site_files_list_the_catalogue_once_and_every_desk() {
    let doc = json("du-lieu/thu-tuc.json");
    assert_eq!(
        (doc["version"].clone(), doc["scope"].clone()),
        (1.into(), "site".into())
    );
    let procs = doc["procedures"].as_array().expect("procedures");
    assert_eq!(procs.iter().filter(|p| p["code"] == CODE).count(), 1);
    let vb = doc["communes"]
        .as_array()
        .expect("communes")
        .iter()
        .find(|c| c["slug"] == COMMUNE)
        .expect("Vĩnh Bảo");
    assert!(vb["procedures"]
        .as_array()
        .expect("codes")
        .iter()
        .any(|c| c == CODE));
    assert_eq!(
        vb["data"]["jsonld"],
        "https://motcua.example.vn/vinh-bao/du-lieu/thu-tuc.jsonld"
    );
    let (graph, _) = graph("du-lieu/thu-tuc.jsonld");
    assert_eq!(graph.len(), procs.len());
}

#[test]
fn linked_from_the_pages_and_the_sitemap() {
    let commune = read(&sample().join("vinh-bao/index.html"));
    assert!(commune.contains("href=\"/vinh-bao/du-lieu/thu-tuc.json\""));
    assert!(commune.contains("href=\"/vinh-bao/du-lieu/thu-tuc.jsonld\""));
    let english = read(&sample().join("en/vinh-bao/index.html"));
    assert!(english.contains("href=\"/vinh-bao/du-lieu/thu-tuc.jsonld\""));
    assert!(read(&sample().join("index.html")).contains("href=\"/du-lieu/thu-tuc.json\""));
    let sitemap = read(&sample().join("sitemap.xml"));
    for loc in [
        "https://motcua.example.vn/du-lieu/thu-tuc.json",
        "https://motcua.example.vn/vinh-bao/du-lieu/thu-tuc.jsonld",
    ] {
        assert!(sitemap.contains(&format!("<loc>{loc}</loc>")), "{loc}");
    }
}
