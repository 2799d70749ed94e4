//! Property tests over the importers (the normal-run counterpart of the cargo-fuzz targets in
//! `fuzz/`): any bytes give records or located problems and never a panic; a valid file cut at
//! any point never panics either; CSV written with any content reads back exactly.

use desk::import::csv::CsvReader;
use desk::import::ctx::parse_bytes;
use desk::import::{Format, MAX_PROBLEMS};
use proptest::prelude::*;

const RES: &str = "/providers/Microsoft.Capacity/reservationOrders/a075419f-44cc-497f-b68a-14ee811d48b9/reservations/6ef59113-3482-40da-8d79-787f823e34bc";

/// A small valid file of each format.
fn sample(f: Format) -> String {
    match f {
        Format::Azure => format!(
            r#"{{"value": [{{"id": "{RES}", "name": "a075419f-44cc-497f-b68a-14ee811d48b9/6ef59113-3482-40da-8d79-787f823e34bc", "type": "Microsoft.Capacity/reservationOrders/reservations", "location": "westeurope", "sku": {{"name": "Standard_D2s_v5"}}, "properties": {{"reservedResourceType": "VirtualMachines", "quantity": 2, "displayName": "VM_RI", "appliedScopeType": "Shared", "billingScopeId": "/subscriptions/0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "term": "P1Y", "billingPlan": "Upfront", "purchaseDate": "2026-01-10", "benefitStartTime": "2026-01-10T10:00:00Z", "expiryDate": "2027-01-10", "provisioningState": "Succeeded", "instanceFlexibility": "On", "renew": false}}}}]}}"#
        ),
        Format::PartnerCenter => r#"{"totalCount": 1, "items": [{"id": "7c25a2bf-44b5-4db7-85f5-93efd1a9bd6d", "companyProfile": {"tenantId": "7c25a2bf-44b5-4db7-85f5-93efd1a9bd6d", "domain": "contoso.onmicrosoft.com", "companyName": "Contoso"}}]}"#.to_string(),
        Format::ReservationDetails => format!("ReservationOrderId,ReservationId,InstanceId,ReservedHours,RIUsedHours,UsageDate,SkuName\r\na075419f-44cc-497f-b68a-14ee811d48b9,{RES},/vm/1,24,20,2026-10-01,Standard_D2s_v5\r\n"),
        Format::ReservationSummaries => r#"{"value": [{"id": "x", "type": "Microsoft.Consumption/reservationSummaries", "properties": {"reservationOrderId": "a075419f-44cc-497f-b68a-14ee811d48b9", "reservationId": "6ef59113-3482-40da-8d79-787f823e34bc", "reservedHours": 24, "usedHours": 20, "usageDate": "2026-10-01T00:00:00Z", "avgUtilizationPercentage": 83, "totalReservedQuantity": 1}}]}"#.to_string(),
        Format::CostDetails => format!("Date,ChargeType,PricingModel,Cost,BillingCurrency,ReservationId,ProductOrderId,benefitId,Frequency,Term,Quantity,ResourceId,MeterId\n10/01/2026,Purchase,Reservation,120.50,USD,,a075419f-44cc-497f-b68a-14ee811d48b9,{RES},Recurring,12,1,,m1\n"),
        Format::Focus => format!("ChargePeriodStart,ChargeCategory,BilledCost,EffectiveCost,BillingCurrency,CommitmentDiscountId,CommitmentDiscountType,CommitmentDiscountStatus,ResourceId\n2026-10-01T00:00:00Z,Usage,0,3.20,USD,{RES},Reservation,Unused,\n"),
        Format::Portfolio => "{\"format\":\"reservation-desk-portfolio\",\"version\":1}\n{\"kind\":\"customer\",\"tenant_id\":\"7c25a2bf-44b5-4db7-85f5-93efd1a9bd6d\",\"name\":\"Contoso\",\"primary_domain\":\"contoso.com\",\"billing_currency\":\"EUR\",\"country\":\"DE\"}\n".to_string(),
        Format::RoleAssignments => r#"[{"principalId": "11111111-1111-4111-8111-111111111111", "principalName": "A", "principalType": "User", "roleDefinitionName": "Owner", "scope": "/providers/Microsoft.Capacity/reservationOrders/a075419f-44cc-497f-b68a-14ee811d48b9"}]"#.to_string(),
    }
}

fn check(f: Format, bytes: &[u8]) {
    let parsed = parse_bytes(f, "prop.file", bytes, None);
    assert!(parsed.problems.len() <= MAX_PROBLEMS);
    for p in &parsed.problems {
        assert_eq!(p.file, "prop.file", "every problem names the file");
        assert!(
            !p.expected.is_empty(),
            "every problem says what was expected"
        );
    }
}

#[test]
fn every_sample_is_valid_and_detected() {
    for f in Format::ALL {
        let s = sample(f);
        let parsed = parse_bytes(f, "sample", s.as_bytes(), None);
        assert!(parsed.problems.is_empty(), "{f:?}: {:?}", parsed.problems);
        assert!(!parsed.records.is_empty(), "{f:?} gives records");
        assert_eq!(
            Format::detect(s.as_bytes()),
            Some(f),
            "{f:?} is detected from content"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1500), which in 0usize..8) {
        check(Format::ALL[which], &bytes);
    }

    #[test]
    fn a_valid_file_cut_or_damaged_anywhere_never_panics(which in 0usize..8, cut in 0.0f64..1.0, flip in proptest::option::of((0.0f64..1.0, any::<u8>()))) {
        let f = Format::ALL[which];
        let mut bytes = sample(f).into_bytes();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
        let at = (bytes.len() as f64 * cut) as usize;
        bytes.truncate(at.max(1));
        if let Some((pos, b)) = flip {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
            let i = ((bytes.len() - 1) as f64 * pos) as usize;
            bytes[i] = b;
        }
        check(f, &bytes);
    }

    #[test]
    fn csv_reads_back_what_was_written(
        rows in proptest::collection::vec(proptest::collection::vec("[a-z ,\"\n\r\u{e9}\u{4e2d}=<>]{0,12}", 1..6), 1..20),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let mut text = String::new();
        if bom {
            text.push('\u{feff}');
        }
        for row in &rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
                .collect();
            text.push_str(&cells.join(","));
            text.push_str(if crlf { "\r\n" } else { "\n" });
        }
        let mut reader = CsvReader::new(text.as_bytes());
        let mut back = Vec::new();
        while let Some(r) = reader.next_record().expect("valid CSV") {
            back.push(r.fields().map(str::to_string).collect::<Vec<_>>());
        }
        prop_assert_eq!(back, rows);
    }
}
