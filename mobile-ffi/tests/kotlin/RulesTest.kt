// The statutory rule checks through the binding: findings for candidate records, deadlines.
package custos.ffi.test

import com.google.gson.JsonObject
import custos.ffi.CaseDeadline
import custos.ffi.CaseRecord
import custos.ffi.CustosException
import custos.ffi.DeadlineKind
import custos.ffi.DeviceSigningKey
import custos.ffi.RuleFinding
import custos.ffi.Severity
import custos.ffi.checkRules
import custos.ffi.openDeadlines
import custos.ffi.signRecord
import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Test

private fun findingOf(vector: JsonObject) = RuleFinding(
    vector.str("rule"), vector.str("article"), vector.str("article_zh"), Severity.valueOf(vector.str("severity").uppercase()),
    vector.str("message_zh"), vector.str("message_en"), vector.str("detail"),
    vector.get("calendar_unpublished")?.asBoolean ?: false,
)

class RulesTest {
    private val rules = Vectors.obj("rules")
    private val context = rules.str("rule_context_json")
    private val caseRecords = rules.strings("case_records").map { CaseRecord.fromJson(it) }
    private val candidates = rules.getAsJsonArray("candidates").map { it.asJsonObject }

    @Test fun findingsReproduceEveryCandidate() {
        for (candidate in candidates) {
            val expected = candidate.getAsJsonArray("findings").map { findingOf(it.asJsonObject) }
            assertEquals(candidate.str("name"), expected, checkRules(caseRecords, contentOf(candidate), context))
        }
    }

    @Test fun openDeadlinesReproduceTheVector() {
        val expected = rules.getAsJsonArray("open_deadlines").map { it.asJsonObject }.map {
            assertEquals("decision", it.str("what"))
            CaseDeadline(
                DeadlineKind.Decision, it.str("rule"), it.str("last_day"), it.long("ends_before_us"),
                it.get("calendar_unpublished")?.asBoolean ?: false,
            )
        }
        // The case's 90 days end in 2027, whose official holidays the calendar lacks.
        assertEquals(true, expected.first().calendarUnpublished)
        assertEquals(expected, openDeadlines(caseRecords, context))
    }

    @Test fun aMissingCredentialsRecordIsAFinding() {
        val candidate = candidates.single { it.str("name") == "credentials not recorded" }
        assertEquals(listOf("APL-55-credentials-shown"), checkRules(caseRecords, contentOf(candidate), context).map { it.rule })
    }

    @Test fun malformedContextOrCaseIsInvalidInput() {
        val lawful = contentOf(candidates.first())
        assertThrows(CustosException.InvalidInput::class.java) { checkRules(caseRecords, lawful, "{\"certificates\": 7}") }
        val key = DeviceSigningKey.fromSeed(hexBytes(Vectors.obj("device_key").str("seed_hex")))
        val unknownKind = signRecord(contentOf(candidates.single { it.str("name") == "unknown kind" }), key)
        val error = assertThrows(CustosException.InvalidInput::class.java) {
            openDeadlines(caseRecords + unknownKind, context)
        }
        assertEquals("record 1 refused: unknown record kind \"case.reopened\"", error.reason)
    }
}
