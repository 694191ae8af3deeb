// The custos log through the binding: inclusion and consistency proofs, signed checkpoints.
package custos.ffi.test

import custos.ffi.CustosException
import custos.ffi.LogCheckpoint
import custos.ffi.logLeafHash
import custos.ffi.openCheckpoint
import custos.ffi.verifyConsistency
import custos.ffi.verifyInclusion
import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Test

class LogTest {
    private val log = Vectors.obj("log")
    private val inclusion = log.getAsJsonArray("inclusion").map { it.asJsonObject }
    private val consistency = log.getAsJsonArray("consistency").map { it.asJsonObject }
    private val checkpoint = log.getAsJsonObject("checkpoint")

    private fun checkInclusion(vector: com.google.gson.JsonObject, leaf: ByteArray, proof: List<String>, root: String) =
        verifyInclusion(vector.long("index").toULong(), vector.long("size").toULong(), leaf, proof, root)

    @Test fun inclusionProofsVerify() {
        for (vector in inclusion) {
            val leaf = hexBytes(vector.str("leaf_hex"))
            assertEquals(vector.str("leaf_hash"), logLeafHash(leaf))
            checkInclusion(vector, leaf, vector.strings("proof"), vector.str("root_hash"))
        }
    }

    @Test fun tamperedInclusionIsRefused() {
        for (vector in inclusion) {
            val leaf = hexBytes(vector.str("leaf_hex"))
            val proof = vector.strings("proof")
            val root = vector.str("root_hash")
            val otherLeaf = leaf + byteArrayOf(0)
            assertThrows(CustosException.VerificationFailed::class.java) { checkInclusion(vector, otherLeaf, proof, root) }
            assertThrows(CustosException.VerificationFailed::class.java) { checkInclusion(vector, leaf, proof, tamperedBase64(root)) }
            assertThrows(CustosException.VerificationFailed::class.java) { checkInclusion(vector, leaf, proof + root, root) }
            if (proof.isNotEmpty()) {
                val changed = listOf(tamperedBase64(proof[0])) + proof.drop(1)
                assertThrows(CustosException.VerificationFailed::class.java) { checkInclusion(vector, leaf, changed, root) }
            }
        }
    }

    @Test fun leafOutsideTheTreeIsInvalidInput() {
        val vector = inclusion.first()
        val error = assertThrows(CustosException.InvalidInput::class.java) {
            verifyInclusion(vector.long("size").toULong(), vector.long("size").toULong(), hexBytes(vector.str("leaf_hex")),
                vector.strings("proof"), vector.str("root_hash"))
        }
        assertEquals("leaf index 7 is outside a tree of size 7", error.reason)
    }

    @Test fun consistencyProofsVerifyAndTamperedOnesDoNot() {
        for (vector in consistency) {
            val check = { oldRoot: String, proof: List<String> ->
                verifyConsistency(vector.long("old_size").toULong(), vector.long("new_size").toULong(), oldRoot,
                    vector.str("new_root_hash"), proof)
            }
            check(vector.str("old_root_hash"), vector.strings("proof"))
            assertThrows(CustosException.VerificationFailed::class.java) {
                check(tamperedBase64(vector.str("old_root_hash")), vector.strings("proof"))
            }
            assertThrows(CustosException.VerificationFailed::class.java) {
                check(vector.str("old_root_hash"), vector.strings("proof") + vector.str("new_root_hash"))
            }
        }
    }

    @Test fun signedCheckpointOpensWithTheLogKey() {
        val opened = openCheckpoint(checkpoint.str("signed"), checkpoint.str("verifier_key"))
        val expected = LogCheckpoint(checkpoint.str("origin"), checkpoint.long("size").toULong(), checkpoint.str("root_hash"), emptyList())
        assertEquals(expected, opened)
    }

    @Test fun tamperedCheckpointIsRefused() {
        val signed = checkpoint.str("signed")
        val key = checkpoint.str("verifier_key")
        val grown = signed.replaceFirst("\n10\n", "\n11\n")
        val error = assertThrows(CustosException.VerificationFailed::class.java) { openCheckpoint(grown, key) }
        assertEquals("invalid signature for key example.org/custos-test+b495bcdf", error.reason)
        val otherLog = key.replaceFirst("example.org/custos-test", "example.org/other-log")
        assertThrows(CustosException.InvalidInput::class.java) { openCheckpoint(signed, otherLog) }
        assertThrows(CustosException.InvalidInput::class.java) { openCheckpoint(signed, "not a verifier key") }
    }
}
