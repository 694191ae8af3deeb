//! Rows of the authorisation matrix (`matrix`): devices.

use super::*;

pub static ROWS: &[Row] = &[
    // Devices.
    Row {
        method: "POST",
        path: "/api/v1/devices",
        policy: Policy::Scoped(&[A], &[O]),
        probe: |w, who, rel| {
            let owner = w.holder(who, rel)?.user.id.clone();
            let unit = w.unit(rel).to_owned();
            let key = custos_core::device::DeviceSigningKey::generate()
                .unwrap()
                .public_key()
                .to_base64();
            // The unknown twin names neither a known unit nor a known owner.
            Some(twin(&owner, UNKNOWN, &[201], |id| {
                let unit = if id == UNKNOWN {
                    UNKNOWN
                } else {
                    unit.as_str()
                };
                let body =
                    json!({"public_key": key, "kind": "phone", "org_id": unit, "owner_id": id});
                post(w, who, "/api/v1/devices", &body)
            }))
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/devices",
        policy: Policy::Scoped(&[S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                listed(
                    get(w, who, "/api/v1/devices?limit=1000"),
                    &holder.phone.device_id(),
                )
            })
        },
    },
    Row {
        method: "GET",
        path: "/api/v1/devices/{id}",
        policy: Policy::Scoped(&[S, A], &[O]),
        probe: |w, who, rel| {
            w.holder(who, rel).map(|holder| {
                twin(
                    &holder.phone.device_id(),
                    &UNKNOWN.replace('-', "")[..32],
                    &[200],
                    |id| get(w, who, &ok(id, "/api/v1/devices/{}")),
                )
            })
        },
    },
    Row {
        method: "POST",
        path: "/api/v1/devices/{id}/revoke",
        policy: Policy::Scoped(&[A], &[O]),
        probe: |w, who, rel| {
            let device = w.fresh_device(who, rel)?;
            Some(twin(
                &device,
                &UNKNOWN.replace('-', "")[..32],
                &[200],
                |id| post(w, who, &ok(id, "/api/v1/devices/{}/revoke"), &json!({})),
            ))
        },
    },
];
