// Case records through the binding: canonical JSON, signing, parsing, tampering, chains.
package custos.ffi.test

import com.google.gson.GsonBuilder
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import custos.ffi.CaseRecord
import custos.ffi.ChainVerdict
import custos.ffi.CustosException
import custos.ffi.DeviceSigningKey
import custos.ffi.canonicalizeJson
import custos.ffi.recordSigningBytes
import custos.ffi.signRecord
import custos.ffi.verifyChain
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Test

private fun verdictOf(vector: JsonObject): ChainVerdict {
    vector.getAsJsonObject("valid")?.let { return ChainVerdict.Valid(it.str("head"), it.long("length").toULong()) }
    val broken = vector.getAsJsonObject("broken")
    return ChainVerdict.Broken(broken.long("seq").toULong(), broken.str("fault"))
}

class RecordTest {
    private val records = Vectors.list("records")
    private val deviceKey = Vectors.obj("device_key")
    private val key = DeviceSigningKey.fromSeed(hexBytes(deviceKey.str("seed_hex")))
    private val publicKey = deviceKey.str("public_key_base64")

    @Test fun canonicalJsonReproducesEveryVector() {
        val jcs = Vectors.obj("jcs")
        for (vector in jcs.getAsJsonArray("canonical").map { it.asJsonObject }) {
            assertEquals(vector.str("name"), vector.str("canonical"), canonicalizeJson(vector.str("input")))
        }
        for (vector in jcs.getAsJsonArray("refused").map { it.asJsonObject }) {
            val error = assertThrows(CustosException.InvalidInput::class.java) { canonicalizeJson(vector.str("input")) }
            assertEquals(vector.str("name"), vector.str("reason"), error.reason)
        }
    }

    @Test fun signingReproducesEveryRecord() {
        for (vector in records) {
            val record = signRecord(contentOf(vector), key)
            assertEquals(vector.str("json"), record.toJson())
            assertEquals(vector.str("hash"), record.hash())
            assertEquals(vector.str("sig"), record.sigBase64())
            assertArrayEquals(vector.str("signing_bytes").toByteArray(), record.signingBytes())
            assertArrayEquals(vector.str("signing_bytes").toByteArray(), recordSigningBytes(contentOf(vector)))
        }
    }

    @Test fun parsedRecordsGiveBackTheirContentAndVerify() {
        for (vector in records) {
            val record = CaseRecord.fromJson(vector.str("json"))
            assertEquals(contentOf(vector), record.content())
            assertEquals(vector.str("hash"), record.hash())
            record.verifySignature(publicKey)
        }
    }

    @Test fun keystoreSignatureAssemblesTheSameRecord() {
        for (vector in records) {
            val record = CaseRecord.assemble(contentOf(vector), vector.str("sig"))
            assertEquals(vector.str("json"), record.toJson())
        }
    }

    @Test fun anyTextOfARecordParsesToItsCanonicalForm() {
        // Gson pretty-prints and escapes `=` in the signature as \u003d: same JSON, other bytes.
        val gson = GsonBuilder().setPrettyPrinting().serializeNulls().create()
        for (vector in records) {
            val pretty = gson.toJson(JsonParser.parseString(vector.str("json")))
            assertEquals(vector.str("json"), CaseRecord.fromJson(pretty).toJson())
        }
    }

    @Test fun tamperedRecordsAreRefused() {
        val json = records[1].str("json")
        val changedOfficer = CaseRecord.fromJson(json.replace("officer-0042", "officer-0043"))
        assertThrows(CustosException.VerificationFailed::class.java) { changedOfficer.verifySignature(publicKey) }
        val sig = records[1].str("sig")
        val changedSig = CaseRecord.fromJson(json.replace(sig, tamperedBase64(sig, 40)))
        assertThrows(CustosException.VerificationFailed::class.java) { changedSig.verifySignature(publicKey) }
        val otherDevice = DeviceSigningKey.generate().publicKeyBase64()
        assertThrows(CustosException.InvalidInput::class.java) { CaseRecord.fromJson(json).verifySignature(otherDevice) }
    }

    @Test fun malformedRecordsAreInvalidInput() {
        val content = contentOf(records[0])
        val float = assertThrows(CustosException.InvalidInput::class.java) { signRecord(content.copy(bodyJson = "{\"speed\":1.5}"), key) }
        assertEquals("number at \"/speed\" is not an integer (signed json holds integers only)", float.reason)
        assertThrows(CustosException.InvalidInput::class.java) { signRecord(content.copy(bodyJson = "{\"a\":1,\"a\":2}"), key) }
        assertThrows(CustosException.InvalidInput::class.java) { signRecord(content.copy(bodyJson = "[1]"), key) }
        assertThrows(CustosException.InvalidInput::class.java) { signRecord(content.copy(prev = "ABC"), key) }
        assertThrows(CustosException.InvalidInput::class.java) {
            signRecord(content.copy(device = DeviceSigningKey.generate().deviceId()), key)
        }
        assertThrows(CustosException.InvalidInput::class.java) { CaseRecord.fromJson(records[0].str("json").replace("\"v\":1", "\"v\":2")) }
    }

    @Test fun chainVerdictsReproduceEveryVector() {
        for (vector in Vectors.list("chains")) {
            val chainRecords = vector.strings("records").map { CaseRecord.fromJson(it) }
            val verdict = verifyChain(vector.str("chain"), chainRecords, vector.strings("device_public_keys"))
            assertEquals(vector.str("name"), verdictOf(vector.getAsJsonObject("verdict")), verdict)
        }
    }

    @Test fun chainVerdictDoesNotDependOnRecordOrder() {
        val valid = Vectors.list("chains").first { it.str("name") == "valid" }
        val reversed = valid.strings("records").reversed().map { CaseRecord.fromJson(it) }
        assertEquals(verdictOf(valid.getAsJsonObject("verdict")), verifyChain(valid.str("chain"), reversed, listOf(publicKey)))
    }
}
