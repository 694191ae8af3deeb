//! The OpenAPI 3.1 document: every area's paths, the problem schema as the default error
//! response of every operation, and the bearer scheme.

use crate::error::{PROBLEM_JSON, Problem};
use std::sync::OnceLock;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "custos",
        description = "Evidence custody and case recording for handheld administrative law enforcement.",
    ),
    components(schemas(Problem)),
    modifiers(&BearerScheme),
)]
struct RootApi;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The document, built once.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(build)
}

fn build() -> utoipa::openapi::OpenApi {
    let mut document = RootApi::openapi();
    for area in crate::routes::area_apis() {
        document.merge(area);
    }
    // Any operation can fail with a problem (bad input, 404, 405, 5xx): say so once for all.
    let problem = ResponseBuilder::new()
        .description("Error, as RFC 9457 problem details")
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build();
    for item in document.paths.paths.values_mut() {
        for operation in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ]
        .into_iter()
        .flatten()
        {
            operation
                .responses
                .responses
                .entry("default".to_owned())
                .or_insert_with(|| problem.clone().into());
        }
    }
    document
}
