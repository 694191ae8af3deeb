// Checking what custos says without trusting it, through the binding: a real case bundle and
// custody answer exported by a custos server (tests/bundle-verifier/export.py, directory in
// CUSTOS_FFI_EXPORT), and tampered copies of them, each refused with the verdict
// `custos verify` gives.
package custos.ffi.test

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import custos.ffi.BundleException
import custos.ffi.CustodyException
import custos.ffi.verifyBundle
import custos.ffi.verifyCustody
import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Test

class VerifyTest {
    private val export = File(System.getenv("CUSTOS_FFI_EXPORT") ?: error("CUSTOS_FFI_EXPORT is not set"))
    private fun read(name: String) = File(export, name).readBytes()
    private val key = String(read("verifier-key.txt")).trim()
    private val variants = JsonParser.parseString(String(read("variants.json"))).asJsonArray.map { it.asJsonObject }

    private fun JsonObject.pinned(): String? = get("pinned_key").takeUnless { it.isJsonNull }?.asString

    @Test fun theExportedBundleVerifies() {
        val verdict = verifyBundle(read("bundle.json"), key)
        assertEquals("bundle-check-case", verdict.caseId)
        assertEquals(listOf(10UL, 2UL, 1UL, 2UL), listOf(verdict.records, verdict.chains, verdict.forks, verdict.evidence))
    }

    @Test fun theExportedCustodyAnswerVerifies() {
        val verdict = verifyCustody(read("custody.json"), key)
        assertEquals(listOf("received", "downloaded"), verdict.events.take(2))
    }

    @Test fun everyVariantGetsTheVerdictCustosVerifyGives() {
        for (variant in variants) {
            val name = variant.get("name").asString
            val data = read(variant.get("file").asString)
            // The phone always pins the log's key (or the wrong one a variant names).
            val pinned = variant.pinned() ?: key
            val isBundle = variant.get("what").asString == "bundle"
            val call = { if (isBundle) verifyBundle(data, pinned) else verifyCustody(data, pinned) }
            if (variant.pinned() == null && !variant.get("verifies").asBoolean) {
                // Refused by `custos verify` only because it took the bundle's own (replaced)
                // key; the phone pins the log's and ignores it.
                call()
                continue
            }
            if (variant.get("verifies").asBoolean) {
                call()
                if (isBundle) assertEquals(name, 0, variant.get("custos_exit").asInt)
                continue
            }
            val error = try {
                call(); null
            } catch (error: Exception) {
                error
            }
            val verdict = variant.get("verdict").asString
            assertTrue("$name: expected $verdict, got $error", error != null && error::class.simpleName == verdict)
            if (isBundle) {
                val custos = variant.get("custos").asString
                assertEquals(name, 1, variant.get("custos_exit").asInt)
                when (error) {
                    is BundleException.Entry -> assertTrue(name, custos.contains("log entry ${error.logIndex}"))
                    is BundleException.Chain -> assertTrue(name, custos.contains("broken at seq ${error.seq}"))
                    else -> {}
                }
            } else {
                assertTrue(name, error is CustodyException)
            }
        }
    }

    @Test fun malformedInputIsItsOwnVerdict() {
        assertThrows(BundleException.Malformed::class.java) { verifyBundle("{\"format\":".toByteArray(), key) }
        assertThrows(CustodyException.Malformed::class.java) { verifyCustody("[]".toByteArray(), key) }
    }
}
