//! The national public-service portal's procedure record, as its API returns it. Only the
//! fields motcua keeps are declared; enums are closed, so a value the importer does not know
//! is an error rather than a silent guess.

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    #[serde(default)]
    pub id: Option<String>,
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub execution_steps: Vec<Step>,
    #[serde(default)]
    pub execution_methods: Vec<Method>,
    #[serde(default)]
    pub execution_cases: Vec<DossierCase>,
    /// Dossier components outside any group.
    #[serde(default)]
    pub profile_components: Vec<Component>,
    #[serde(default)]
    pub fees: Vec<PortalFee>,
    #[serde(default)]
    pub is_ward: bool,
    #[serde(default)]
    pub is_province: bool,
    #[serde(default)]
    pub is_ministry: bool,
    #[serde(default)]
    pub is_full_process: bool,
    #[serde(default)]
    pub categories_details: Vec<Named>,
    #[serde(default)]
    pub legal_basises_details: Vec<Named>,
    #[serde(default)]
    pub results_details: Vec<Named>,
    #[serde(default)]
    pub subject_types_details: Vec<Named>,
    #[serde(default)]
    pub unit_groups_executing: Vec<Named>,
    #[serde(default)]
    pub departments_executing: Vec<Named>,
    #[serde(default)]
    pub executing_agencies: Option<String>,
    #[serde(default)]
    pub requirements_and_conditions: Option<String>,
    #[serde(default)]
    pub keywords: Option<String>,
    #[serde(default)]
    pub cases: Vec<SubCase>,
    #[serde(default)]
    pub procedure_proposal: Option<Proposal>,
    #[serde(default)]
    pub decision_no: Option<String>,
}

#[derive(Deserialize)]
pub struct Named {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub code: Option<String>,
}

#[derive(Deserialize)]
pub struct Step {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
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
    Other,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Method {
    pub submission_method: SubmissionMethod,
    #[serde(default)]
    pub processing_time: f64,
    pub processing_time_unit: TimeUnit,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
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
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortalFee {
    #[serde(rename = "type")]
    pub kind: FeeType,
    #[serde(default)]
    pub value: f64,
    #[serde(default)]
    pub currency_id: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub attachment: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DossierCase {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub profile_components: Vec<Component>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Component {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub original_qty: u32,
    #[serde(default)]
    pub copy_qty: u32,
    #[serde(default)]
    pub attachments: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubCase {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub processing_day: Option<ProcessingDay>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DayType {
    WorkingDay,
    Day,
}

#[derive(Deserialize)]
pub struct ProcessingDay {
    pub qty: f64,
    #[serde(rename = "type")]
    pub kind: DayType,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Proposal {
    #[serde(default)]
    pub proposal_number: Option<String>,
    #[serde(default)]
    pub decision_number: Option<String>,
    /// Milliseconds since 1970, midnight in Việt Nam.
    #[serde(default)]
    pub decision_date: Option<i64>,
    #[serde(default)]
    pub issuing_agency: Option<Named>,
}
