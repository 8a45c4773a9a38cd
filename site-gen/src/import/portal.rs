//! The national public-service portal's procedure record, as its API returns it. Only the
//! fields motcua keeps are declared; enums are closed, so a value the importer does not know
//! is an error rather than a silent guess. The portal writes `null` for any missing value,
//! even inside lists: such a value reads as absent, never as an error or a zero.

use serde::{Deserialize, Deserializer};

/// `null` reads as the type's empty value.
fn nullable<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A list whose entries may be `null` (the portal's `unitGroupsExecuting: [null]`).
fn entries<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    let list: Option<Vec<Option<T>>> = Option::deserialize(d)?;
    Ok(list.unwrap_or_default().into_iter().flatten().collect())
}

/// A number the portal gives as a number or as text: text that is a number ("01") is that
/// number; any other text is kept as words.
#[derive(Deserialize, Clone, Debug, PartialEq)]
#[serde(untagged)]
pub enum Quantity {
    Number(f64),
    Words(String),
}

impl Quantity {
    pub fn number(&self) -> Option<f64> {
        match self {
            Quantity::Number(n) => Some(*n),
            Quantity::Words(w) => w.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    #[serde(default, deserialize_with = "nullable")]
    pub id: Option<String>,
    pub code: String,
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default, deserialize_with = "entries")]
    pub execution_steps: Vec<Step>,
    #[serde(default, deserialize_with = "entries")]
    pub execution_methods: Vec<Method>,
    #[serde(default, deserialize_with = "entries")]
    pub execution_cases: Vec<DossierCase>,
    /// Dossier components outside any group.
    #[serde(default, deserialize_with = "entries")]
    pub profile_components: Vec<Component>,
    #[serde(default, deserialize_with = "entries")]
    pub fees: Vec<PortalFee>,
    #[serde(default, deserialize_with = "nullable")]
    pub is_ward: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub is_province: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub is_ministry: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub is_full_process: bool,
    #[serde(default, deserialize_with = "entries")]
    pub categories_details: Vec<Named>,
    #[serde(default, deserialize_with = "entries")]
    pub legal_basises_details: Vec<Named>,
    #[serde(default, deserialize_with = "entries")]
    pub results_details: Vec<Named>,
    #[serde(default, deserialize_with = "entries")]
    pub subject_types_details: Vec<Named>,
    #[serde(default, deserialize_with = "entries")]
    pub unit_groups_executing: Vec<Named>,
    #[serde(default, deserialize_with = "entries")]
    pub departments_executing: Vec<Named>,
    #[serde(default, deserialize_with = "nullable")]
    pub executing_agencies: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub requirements_and_conditions: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub keywords: Option<String>,
    #[serde(default, deserialize_with = "entries")]
    pub cases: Vec<SubCase>,
    #[serde(default, deserialize_with = "nullable")]
    pub procedure_proposal: Option<Proposal>,
    #[serde(default, deserialize_with = "nullable")]
    pub decision_no: Option<String>,
}

#[derive(Deserialize)]
pub struct Named {
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub code: Option<String>,
}

#[derive(Deserialize)]
pub struct Step {
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub description: String,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SubmissionMethod {
    Direct,
    Online,
    Postal,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TimeUnit {
    WorkingDay,
    Day,
    Hour,
    Month,
    Year,
    Other,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Method {
    pub submission_method: SubmissionMethod,
    #[serde(default, deserialize_with = "nullable")]
    pub processing_time: Option<Quantity>,
    pub processing_time_unit: TimeUnit,
    #[serde(default, deserialize_with = "nullable")]
    pub description: String,
    #[serde(default, deserialize_with = "entries")]
    pub fees: Vec<PortalFee>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FeeType {
    /// Phí.
    ServiceFee,
    /// Lệ phí.
    Charge,
    Fee,
    /// Giá: a price level.
    PriceLevel,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortalFee {
    #[serde(rename = "type")]
    pub kind: FeeType,
    /// `null` when the portal states no amount.
    #[serde(default, deserialize_with = "nullable")]
    pub value: Option<f64>,
    #[serde(default, deserialize_with = "nullable")]
    pub currency_id: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub currency_name: Option<String>,
    /// A third spelling seen on a few records.
    #[serde(default, deserialize_with = "nullable")]
    pub currency: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "nullable")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub attachment: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DossierCase {
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default, deserialize_with = "entries")]
    pub profile_components: Vec<Component>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub original_qty: u32,
    #[serde(default, deserialize_with = "nullable")]
    pub copy_qty: u32,
    #[serde(default, deserialize_with = "entries")]
    pub attachments: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubCase {
    #[serde(default, deserialize_with = "nullable")]
    pub code: String,
    #[serde(default, deserialize_with = "nullable")]
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub processing_day: Option<ProcessingDay>,
}

#[derive(Deserialize)]
pub struct ProcessingDay {
    #[serde(default, deserialize_with = "nullable")]
    pub qty: Option<Quantity>,
    #[serde(rename = "type")]
    pub kind: TimeUnit,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Proposal {
    #[serde(default, deserialize_with = "nullable")]
    pub proposal_number: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub decision_number: Option<String>,
    /// Milliseconds since 1970, midnight in Việt Nam.
    #[serde(default, deserialize_with = "nullable")]
    pub decision_date: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    pub issuing_agency: Option<Named>,
}
