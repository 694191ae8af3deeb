// Issue 18's record kinds through the binding, as python/test_new_kinds.py checks them: a phone
// builds and signs 行政强制法 and transfer records, previews what the rules say of them (the rule
// ids the server gives), and sees the measure's and the transfer's deadlines open and met.
package custos.ffi.test

import com.google.gson.JsonObject
import custos.ffi.CaseDeadline
import custos.ffi.CaseRecord
import custos.ffi.DeadlineKind
import custos.ffi.DeviceSigningKey
import custos.ffi.RuleFinding
import custos.ffi.Severity
import custos.ffi.checkRules
import custos.ffi.openDeadlines
import custos.ffi.signRecord
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertTrue
import org.junit.Test

/** What the server's rules say of each candidate (tests/tests/e2e/rule_table.rs uses the same ids). */
private val EXPECTED_RULES = mapOf(
    "urgent seizure approved after 24 hours" to listOf("ACL-19-report-24h"),
    "urgent seizure approved within 24 hours" to listOf(),
    "seizure extended by 31 days" to listOf("ACL-25-extension"),
    "seizure released" to listOf(),
    "transfer decided after 3 days" to listOf("TRF-5-decision-3-days"),
    "transfer declined without reasons" to listOf("TRF-5-6-procedure"),
    "materials handed over with no case at the police" to listOf("TRF-5-6-procedure"),
    "police filing of a case never transferred" to listOf("TRF-5-6-procedure"),
    "transfer made before the head approved it" to listOf("TRF-5-6-procedure"),
    // The reviewer is officer-b, who investigated the case (Art. 58).
    "legal review by an investigator finds the facts unclear" to listOf("APL-57-58-reviewers"),
    "money handed in for a receipt never issued" to listOf("LIFECYCLE-stage-order", "APL-70-receipt"),
)

private fun findingOf(vector: JsonObject) = RuleFinding(
    vector.str("rule"), vector.str("article"), vector.str("article_zh"), Severity.valueOf(vector.str("severity").uppercase()),
    vector.str("message_zh"), vector.str("message_en"), vector.str("detail"),
    vector.get("calendar_unpublished")?.asBoolean ?: false,
)

private fun kindOf(vector: JsonObject): DeadlineKind = when (val what = vector.str("what")) {
    "decision" -> DeadlineKind.Decision
    "preservation_resolution" -> DeadlineKind.PreservationResolution(vector.str("preservation"))
    "compulsion_end" -> DeadlineKind.CompulsionEnd(vector.str("measure"))
    "compulsion_approval" -> DeadlineKind.CompulsionApproval(vector.str("measure"))
    "transfer_decision" -> DeadlineKind.TransferDecision
    "transfer" -> DeadlineKind.Transfer
    "transfer_handover" -> DeadlineKind.TransferHandover
    else -> error("no deadline kind $what in these vectors")
}

private fun deadlineOf(vector: JsonObject) = CaseDeadline(
    kindOf(vector), vector.str("rule"), vector.str("last_day"), vector.long("ends_before_us"),
    vector.get("calendar_unpublished")?.asBoolean ?: false,
)

private fun JsonObject.objects(key: String): List<JsonObject> = getAsJsonArray(key).map { it.asJsonObject }

class NewKindsTest {
    private val case = Vectors.obj("compulsion_and_transfer")
    private val context = Vectors.obj("rules").str("rule_context_json")
    private val caseRecords = case.strings("case_records").map { CaseRecord.fromJson(it) }
    private val candidates = case.objects("candidates")
    private val key = DeviceSigningKey.fromSeed(hexBytes(Vectors.obj("device_key").str("seed_hex")))
    private val publicKey = Vectors.obj("device_key").str("public_key_base64")

    @Test fun everyCandidateIsSignedAndPreviewedAsCoreSays() {
        assertEquals(EXPECTED_RULES.keys.sorted(), candidates.map { it.str("name") }.sorted())
        for (candidate in candidates) {
            val name = candidate.str("name")
            val content = contentOf(candidate)
            val signed = signRecord(content, key)
            assertEquals(name, content, signed.content())
            signed.verifySignature(publicKey)
            val findings = checkRules(caseRecords, content, context)
            assertEquals(name, candidate.objects("findings").map { findingOf(it) }, findings)
            assertEquals(name, EXPECTED_RULES.getValue(name), findings.map { it.rule })
        }
    }

    @Test fun aReviewFindingTheFactsUnclearKeepsItsMemberWhenSigned() {
        val review = candidates.single { it.str("kind") == "review.legal" }
        val signed = signRecord(contentOf(review), key)
        assertTrue(signed.content().bodyJson.contains("\"facts_unclear\":true"))
        assertTrue(signed.toJson().contains("\"facts_unclear\":true"))
    }

    @Test fun theMeasureAndTheTransferAreOpenDeadlines() {
        val deadlines = openDeadlines(caseRecords, context)
        assertEquals(case.objects("open_deadlines").map { deadlineOf(it) }, deadlines)
        assertEquals(
            listOf("ACL-19-report-24h", "TRF-5-decision-3-days", "ACL-25-period", "APL-60-decision-90-days"),
            deadlines.map { it.rule },
        )
        // Seized at 10:00 on Tuesday 2025-03-04: the head's approval is due by 10:00 the next day.
        assertEquals(DeadlineKind.CompulsionApproval("m1"), deadlines[0].kind)
        assertEquals("2025-03-05", deadlines[0].lastDay)
    }

    @Test fun aSignedApprovalMeetsItsDeadline() {
        val approval = candidates.single { it.str("name") == "urgent seizure approved within 24 hours" }
        val signed = signRecord(contentOf(approval), key)
        val rules = openDeadlines(caseRecords + signed, context).map { it.rule }
        assertFalse(rules.contains("ACL-19-report-24h"))
        assertTrue(rules.contains("ACL-25-period"))
    }

    @Test fun thePoliceFilingOpensTheHandoverUntilItIsMade() {
        val filed = case.getAsJsonObject("police_filed")
        val records = filed.strings("case_records").map { CaseRecord.fromJson(it) }
        val deadlines = openDeadlines(records, context)
        assertEquals(filed.objects("open_deadlines").map { deadlineOf(it) }, deadlines)
        // The notice received on Thursday 2025-03-06: handed over by Sunday 2025-03-09.
        assertEquals(DeadlineKind.TransferHandover, deadlines[0].kind)
        assertEquals("TRF-12-handover-3-days" to "2025-03-09", deadlines[0].rule to deadlines[0].lastDay)
        val expected = mapOf(
            "materials handed over on the third day" to listOf(),
            "materials handed over on the fourth day" to listOf("TRF-12-handover-3-days"),
        )
        val handovers = filed.objects("candidates")
        assertEquals(expected.keys.sorted(), handovers.map { it.str("name") }.sorted())
        for (candidate in handovers) {
            val name = candidate.str("name")
            val content = contentOf(candidate)
            val findings = checkRules(records, content, context)
            assertEquals(name, candidate.objects("findings").map { findingOf(it) }, findings)
            assertEquals(name, expected.getValue(name), findings.map { it.rule })
            val signed = signRecord(content, key)
            assertFalse(name, openDeadlines(records + signed, context).any { it.rule == "TRF-12-handover-3-days" })
        }
    }

    @Test fun breachedNormsAndASeizureResolutionAreSignedAndPreviewedAsCoreSays() {
        val case = Vectors.obj("penalty_and_preservation")
        val records = case.strings("case_records").map { CaseRecord.fromJson(it) }
        val expected = mapOf(
            "preservation resolved by a seizure with its measure" to listOf(),
            "preservation resolved by a seizure stating no measure" to listOf("ACL-18-19-approval"),
            "notice fining under the provision with the higher fine" to listOf(),
            "notice fining under a provision with a lower fine" to listOf("APL-29-higher-norm"),
        )
        val candidates = case.objects("candidates")
        assertEquals(expected.keys.sorted(), candidates.map { it.str("name") }.sorted())
        for (candidate in candidates) {
            val name = candidate.str("name")
            val content = contentOf(candidate)
            val signed = signRecord(content, key)
            assertEquals(name, content, signed.content())
            signed.verifySignature(publicKey)
            // The members survive signing, so the server reads what the phone previewed.
            val member = if (candidate.str("kind") == "notice.served") "\"breached_norms\":[" else "\"compulsion\":{"
            if (name != "preservation resolved by a seizure stating no measure") {
                assertTrue(name, signed.content().bodyJson.contains(member))
                assertTrue(name, signed.toJson().contains(member))
            }
            val findings = checkRules(records, content, context)
            assertEquals(name, candidate.objects("findings").map { findingOf(it) }, findings)
            assertEquals(name, expected.getValue(name), findings.map { it.rule })
        }
    }

    @Test fun aSeizureResolutionOpensItsMeasure() {
        val case = Vectors.obj("penalty_and_preservation")
        val records = case.strings("case_records").map { CaseRecord.fromJson(it) }
        val deadlines = openDeadlines(records, context)
        assertEquals(case.objects("open_deadlines").map { deadlineOf(it) }, deadlines)
        assertEquals(DeadlineKind.PreservationResolution("p1"), deadlines[0].kind)
        val resolution = case.objects("candidates").single { it.str("name") == "preservation resolved by a seizure with its measure" }
        val signed = signRecord(contentOf(resolution), key)
        val kinds = openDeadlines(records + signed, context).map { it.kind }
        assertTrue(kinds.contains(DeadlineKind.CompulsionEnd("m2")))
        assertFalse(kinds.contains(DeadlineKind.PreservationResolution("p1")))
    }
}
