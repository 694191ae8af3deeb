//! 案卷评查 scoring templates per unit: a unit's template is data set by an admin, inherited by
//! the units below it that set none, and versioned. A version once set never changes (a changed
//! template is a new version), so a review campaign names `(id, version)` and always scores by
//! the same items. The built-in default (`default`, version 1) is in force where no unit on the
//! line set one, and stays available to every campaign.

use crate::db::evaluation_templates::{self, TemplateRow};
use crate::db::{DbConnection, orgs::Organisation};
use crate::error::ApiError;
use custos_core::supervision::evaluation::Template;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One template version available to a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TemplateVersion {
    /// The unit that set it; `null` for the built-in default.
    pub org_id: Option<String>,
    pub id: String,
    pub version: u32,
    /// Hex SHA-256 of the template's RFC 8785 JSON.
    pub sha256: String,
    /// When it was set; `null` for the built-in default.
    pub set_at_us: Option<i64>,
}

/// A template version with its content.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub version: TemplateVersion,
    pub template: Template,
}

fn built_in() -> Chosen {
    let template = Template::default_template();
    Chosen {
        version: TemplateVersion {
            org_id: None,
            id: template.id.clone(),
            version: template.version,
            sha256: template.sha256().to_hex(),
            set_at_us: None,
        },
        template,
    }
}

fn chosen(row: TemplateRow) -> Result<Chosen, ApiError> {
    let template: Template = serde_json::from_str(&row.template).map_err(ApiError::internal)?;
    Ok(Chosen {
        version: TemplateVersion {
            org_id: Some(row.org_id),
            id: row.template_id,
            version: template.version,
            sha256: row.sha256,
            set_at_us: Some(row.set_at_us),
        },
        template,
    })
}

/// The template versions available to the unit with path `org_path`: the built-in default,
/// then every version set on the unit's line of the tree, oldest first.
pub fn available(
    conn: &mut DbConnection,
    org_path: &str,
) -> Result<Vec<TemplateVersion>, ApiError> {
    let mut versions = vec![built_in().version];
    for (_, row) in evaluation_templates::on_line(conn, org_path)? {
        versions.push(chosen(row)?.version);
    }
    Ok(versions)
}

/// The template in force for the unit with path `org_path`: the one set last by the nearest
/// unit on its line that set any, else the built-in default.
pub fn in_force(conn: &mut DbConnection, org_path: &str) -> Result<Chosen, ApiError> {
    let rows = evaluation_templates::on_line(conn, org_path)?;
    // Oldest first, so the last of the deepest is the one set last there.
    let deepest = rows.iter().map(|(path, _)| path.len()).max();
    match rows
        .into_iter()
        .rfind(|(path, _)| Some(path.len()) == deepest)
    {
        Some((_, row)) => chosen(row),
        None => Ok(built_in()),
    }
}

/// Version `version` of template `id` as the unit with path `org_path` finds it: set on the
/// nearest unit of its line that set it, or the built-in default; `None` if there is none.
pub fn find(
    conn: &mut DbConnection,
    org_path: &str,
    id: &str,
    version: u32,
) -> Result<Option<Chosen>, ApiError> {
    let default = built_in();
    if default.version.id == id && default.version.version == version {
        return Ok(Some(default));
    }
    let found = evaluation_templates::on_line(conn, org_path)?
        .into_iter()
        .filter(|(_, row)| row.template_id == id && row.version == i64::from(version))
        .max_by_key(|(path, _)| path.len());
    found.map(|(_, row)| chosen(row)).transpose()
}

/// Whether setting `template` on `org` changes anything: `Ok(false)` when the unit already set
/// exactly this version, a refusal naming `version` when it set another template under it (or
/// the template would shadow the built-in default's version).
pub fn check_new(
    conn: &mut DbConnection,
    org: &Organisation,
    template: &Template,
) -> Result<bool, ApiError> {
    let sha256 = template.sha256().to_hex();
    let default = built_in();
    if template.id == default.version.id && template.version == default.version.version {
        return if sha256 == default.version.sha256 {
            Ok(false)
        } else {
            Err(ApiError::invalid_input(format!(
                "template: version: {} version {} is the built-in default; a changed template is a new version",
                template.id, template.version
            )))
        };
    }
    match evaluation_templates::find(conn, &org.id, &template.id, i64::from(template.version))? {
        None => Ok(true),
        Some(row) if row.sha256 == sha256 => Ok(false),
        Some(_) => Err(ApiError::invalid_input(format!(
            "template: version: {} version {} is already set on this unit with other content; a changed template is a new version",
            template.id, template.version
        ))),
    }
}

/// Stores `template` (validated, checked by [`check_new`]) as set on `org` at `now_us`.
pub fn set(
    conn: &mut DbConnection,
    org: &Organisation,
    template: &Template,
    now_us: i64,
) -> Result<(), ApiError> {
    let row = TemplateRow {
        org_id: org.id.clone(),
        template_id: template.id.clone(),
        version: i64::from(template.version),
        template: serde_json::to_string(template).map_err(ApiError::internal)?,
        sha256: template.sha256().to_hex(),
        set_at_us: now_us,
    };
    Ok(evaluation_templates::insert(conn, &row)?)
}

/// The template version a campaign names: set by `org_id` (`None`: the built-in default).
pub fn named(
    conn: &mut DbConnection,
    org_id: Option<&str>,
    id: &str,
    version: u32,
) -> Result<Chosen, ApiError> {
    let missing = || {
        ApiError::internal(format_args!(
            "template {id} version {version} named by a campaign is not stored"
        ))
    };
    match org_id {
        None => {
            let default = built_in();
            (default.version.id == id && default.version.version == version)
                .then_some(default)
                .ok_or_else(missing)
        }
        Some(org_id) => evaluation_templates::find(conn, org_id, id, i64::from(version))?
            .map(chosen)
            .transpose()?
            .ok_or_else(missing),
    }
}
