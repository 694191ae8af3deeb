"""The statutory rule checks through the binding: findings for candidate records, deadlines."""

import unittest

import custos_ffi
from vectors import VECTORS, content_of

RULES = VECTORS["rules"]
CONTEXT = RULES["rule_context_json"]
CANDIDATES = RULES["candidates"]


def case_records():
    return [custos_ffi.CaseRecord.from_json(text) for text in RULES["case_records"]]


def finding_of(vector):
    return custos_ffi.RuleFinding(
        **{
            **vector,
            "severity": custos_ffi.Severity[vector["severity"].upper()],
            "calendar_unpublished": vector.get("calendar_unpublished", False),
        }
    )


class RulesTest(unittest.TestCase):
    def test_findings_reproduce_every_candidate(self):
        for candidate in CANDIDATES:
            with self.subTest(candidate["name"]):
                findings = custos_ffi.check_rules(case_records(), content_of(candidate), CONTEXT)
                self.assertEqual(findings, [finding_of(f) for f in candidate["findings"]])

    def test_open_deadlines_reproduce_the_vector(self):
        expected = []
        for deadline in RULES["open_deadlines"]:
            self.assertEqual(deadline["what"], "decision")
            expected.append(
                custos_ffi.CaseDeadline(
                    kind=custos_ffi.DeadlineKind.DECISION(),
                    rule=deadline["rule"],
                    last_day=deadline["last_day"],
                    ends_before_us=deadline["ends_before_us"],
                    calendar_unpublished=deadline.get("calendar_unpublished", False),
                )
            )
        # The case's 90 days end in 2027, whose official holidays the calendar lacks.
        self.assertTrue(expected[0].calendar_unpublished)
        self.assertEqual(custos_ffi.open_deadlines(case_records(), CONTEXT), expected)

    def test_a_missing_credentials_record_is_a_finding(self):
        candidate = next(c for c in CANDIDATES if c["name"] == "credentials not recorded")
        findings = custos_ffi.check_rules(case_records(), content_of(candidate), CONTEXT)
        self.assertEqual([f.rule for f in findings], ["APL-55-credentials-shown"])

    def test_malformed_context_or_case_is_invalid_input(self):
        with self.assertRaises(custos_ffi.CustosError.InvalidInput):
            custos_ffi.check_rules(case_records(), content_of(CANDIDATES[0]), '{"certificates": 7}')
        key = custos_ffi.DeviceSigningKey.from_seed(bytes.fromhex(VECTORS["device_key"]["seed_hex"]))
        unknown_kind = next(c for c in CANDIDATES if c["name"] == "unknown kind")
        stored = custos_ffi.sign_record(content_of(unknown_kind), key)
        with self.assertRaises(custos_ffi.CustosError.InvalidInput) as raised:
            custos_ffi.open_deadlines(case_records() + [stored], CONTEXT)
        self.assertEqual(raised.exception.reason, 'record 1 refused: unknown record kind "case.reopened"')


if __name__ == "__main__":
    unittest.main()
