"""Issue 18's record kinds through the binding: a phone builds and signs 行政强制法 and transfer
records, previews what the rules say of them (the rule ids the server gives), and sees the
measure's and the transfer's deadlines open and met."""

import unittest

import custos_ffi
from test_rules import finding_of
from vectors import VECTORS, content_of

CASE = VECTORS["compulsion_and_transfer"]
CONTEXT = VECTORS["rules"]["rule_context_json"]

# What the server's rules say of each candidate (tests/tests/e2e/rule_table.rs uses the same ids).
EXPECTED_RULES = {
    "urgent seizure approved after 24 hours": ["ACL-19-report-24h"],
    "urgent seizure approved within 24 hours": [],
    "seizure extended by 31 days": ["ACL-25-extension"],
    "seizure released": [],
    "transfer decided after 3 days": ["TRF-5-decision-3-days"],
    "transfer declined without reasons": ["TRF-5-6-procedure"],
    "materials handed over with no case at the police": ["TRF-5-6-procedure"],
    "transfer made before the head approved it": ["TRF-5-6-procedure"],
    "police filing of a case never transferred": ["TRF-5-6-procedure"],
    # The reviewer is officer-b, who investigated the case (Art. 58).
    "legal review by an investigator finds the facts unclear": ["APL-57-58-reviewers"],
    "money handed in for a receipt never issued": ["LIFECYCLE-stage-order", "APL-70-receipt"],
}


def case_records():
    return [custos_ffi.CaseRecord.from_json(text) for text in CASE["case_records"]]


def signing_key():
    return custos_ffi.DeviceSigningKey.from_seed(bytes.fromhex(VECTORS["device_key"]["seed_hex"]))


def kind_of(deadline):
    kinds = {
        "decision": lambda d: custos_ffi.DeadlineKind.DECISION(),
        "preservation_resolution": lambda d: custos_ffi.DeadlineKind.PRESERVATION_RESOLUTION(
            preservation=d["preservation"]
        ),
        "compulsion_end": lambda d: custos_ffi.DeadlineKind.COMPULSION_END(measure=d["measure"]),
        "compulsion_approval": lambda d: custos_ffi.DeadlineKind.COMPULSION_APPROVAL(measure=d["measure"]),
        "transfer_decision": lambda d: custos_ffi.DeadlineKind.TRANSFER_DECISION(),
        "transfer_handover": lambda d: custos_ffi.DeadlineKind.TRANSFER_HANDOVER(),
    }
    return kinds[deadline["what"]](deadline)


def deadline_of(vector):
    return custos_ffi.CaseDeadline(
        kind=kind_of(vector),
        rule=vector["rule"],
        last_day=vector["last_day"],
        ends_before_us=vector["ends_before_us"],
        calendar_unpublished=vector.get("calendar_unpublished", False),
    )


class NewKindsTest(unittest.TestCase):
    def test_every_candidate_is_signed_and_previewed_as_core_says(self):
        self.assertEqual(sorted(c["name"] for c in CASE["candidates"]), sorted(EXPECTED_RULES))
        for candidate in CASE["candidates"]:
            with self.subTest(candidate["name"]):
                content = content_of(candidate)
                signed = custos_ffi.sign_record(content, signing_key())
                self.assertEqual(signed.content(), content)
                signed.verify_signature(VECTORS["device_key"]["public_key_base64"])
                findings = custos_ffi.check_rules(case_records(), content, CONTEXT)
                self.assertEqual(findings, [finding_of(f) for f in candidate["findings"]])
                self.assertEqual([f.rule for f in findings], EXPECTED_RULES[candidate["name"]])

    def test_a_review_finding_the_facts_unclear_keeps_its_member_when_signed(self):
        review = next(c for c in CASE["candidates"] if c["kind"] == "review.legal")
        signed = custos_ffi.sign_record(content_of(review), signing_key())
        self.assertIn('"facts_unclear":true', signed.content().body_json)
        self.assertIn('"facts_unclear":true', signed.to_json())

    def test_the_measure_and_the_transfer_are_open_deadlines(self):
        deadlines = custos_ffi.open_deadlines(case_records(), CONTEXT)
        self.assertEqual(deadlines, [deadline_of(d) for d in CASE["open_deadlines"]])
        self.assertEqual(
            [d.rule for d in deadlines],
            ["ACL-19-report-24h", "TRF-5-decision-3-days", "ACL-25-period", "APL-60-decision-90-days"],
        )
        # Seized at 10:00 on Tuesday 2025-03-04: the head's approval is due by 10:00 the next day.
        self.assertEqual(deadlines[0].kind, custos_ffi.DeadlineKind.COMPULSION_APPROVAL(measure="m1"))
        self.assertEqual(deadlines[0].last_day, "2025-03-05")

    def test_a_signed_approval_meets_its_deadline(self):
        approval = next(c for c in CASE["candidates"] if c["name"] == "urgent seizure approved within 24 hours")
        signed = custos_ffi.sign_record(content_of(approval), signing_key())
        rules = [d.rule for d in custos_ffi.open_deadlines(case_records() + [signed], CONTEXT)]
        self.assertNotIn("ACL-19-report-24h", rules)
        self.assertIn("ACL-25-period", rules)

    def test_the_police_filing_opens_the_handover_until_it_is_made(self):
        filed = CASE["police_filed"]
        records = [custos_ffi.CaseRecord.from_json(text) for text in filed["case_records"]]
        deadlines = custos_ffi.open_deadlines(records, CONTEXT)
        self.assertEqual(deadlines, [deadline_of(d) for d in filed["open_deadlines"]])
        # The notice received on Thursday 2025-03-06: handed over by Sunday 2025-03-09.
        self.assertEqual(deadlines[0].kind, custos_ffi.DeadlineKind.TRANSFER_HANDOVER())
        self.assertEqual((deadlines[0].rule, deadlines[0].last_day), ("TRF-12-handover-3-days", "2025-03-09"))
        expected = {
            "materials handed over on the third day": [],
            "materials handed over on the fourth day": ["TRF-12-handover-3-days"],
        }
        self.assertEqual(sorted(c["name"] for c in filed["candidates"]), sorted(expected))
        for candidate in filed["candidates"]:
            with self.subTest(candidate["name"]):
                content = content_of(candidate)
                findings = custos_ffi.check_rules(records, content, CONTEXT)
                self.assertEqual(findings, [finding_of(f) for f in candidate["findings"]])
                self.assertEqual([f.rule for f in findings], expected[candidate["name"]])
                signed = custos_ffi.sign_record(content, signing_key())
                rules = [d.rule for d in custos_ffi.open_deadlines(records + [signed], CONTEXT)]
                self.assertNotIn("TRF-12-handover-3-days", rules)

    def test_breached_norms_and_a_seizure_resolution_are_signed_and_previewed_as_core_says(self):
        case = VECTORS["penalty_and_preservation"]
        records = [custos_ffi.CaseRecord.from_json(text) for text in case["case_records"]]
        expected = {
            "preservation resolved by a seizure with its measure": [],
            "preservation resolved by a seizure stating no measure": ["ACL-18-19-approval"],
            "notice fining under the provision with the higher fine": [],
            "notice fining under a provision with a lower fine": ["APL-29-higher-norm"],
        }
        self.assertEqual(sorted(c["name"] for c in case["candidates"]), sorted(expected))
        for candidate in case["candidates"]:
            with self.subTest(candidate["name"]):
                content = content_of(candidate)
                signed = custos_ffi.sign_record(content, signing_key())
                self.assertEqual(signed.content(), content)
                signed.verify_signature(VECTORS["device_key"]["public_key_base64"])
                # The members survive signing, so the server reads what the phone previewed.
                member = '"breached_norms":[' if candidate["kind"] == "notice.served" else '"compulsion":{'
                if candidate["name"] != "preservation resolved by a seizure stating no measure":
                    self.assertIn(member, signed.content().body_json)
                    self.assertIn(member, signed.to_json())
                findings = custos_ffi.check_rules(records, content, CONTEXT)
                self.assertEqual(findings, [finding_of(f) for f in candidate["findings"]])
                self.assertEqual([f.rule for f in findings], expected[candidate["name"]])

    def test_a_seizure_resolution_opens_its_measure(self):
        case = VECTORS["penalty_and_preservation"]
        records = [custos_ffi.CaseRecord.from_json(text) for text in case["case_records"]]
        deadlines = custos_ffi.open_deadlines(records, CONTEXT)
        self.assertEqual(deadlines, [deadline_of(d) for d in case["open_deadlines"]])
        self.assertEqual(deadlines[0].kind, custos_ffi.DeadlineKind.PRESERVATION_RESOLUTION(preservation="p1"))
        resolution = next(c for c in case["candidates"] if c["name"] == "preservation resolved by a seizure with its measure")
        signed = custos_ffi.sign_record(content_of(resolution), signing_key())
        kinds = [d.kind for d in custos_ffi.open_deadlines(records + [signed], CONTEXT)]
        self.assertIn(custos_ffi.DeadlineKind.COMPULSION_END(measure="m2"), kinds)
        self.assertNotIn(custos_ffi.DeadlineKind.PRESERVATION_RESOLUTION(preservation="p1"), kinds)


if __name__ == "__main__":
    unittest.main()
