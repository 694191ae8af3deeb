// Evidence digests through the binding: vectors, progress, cancellation and typed errors.
package custos.ffi.test

import custos.ffi.CustosException
import custos.ffi.EvidenceHasher
import custos.ffi.HashProgress
import custos.ffi.InternalException
import custos.ffi.hashFile
import custos.ffi.sha256Hex
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertThrows
import org.junit.Assert.assertTrue
import org.junit.Test
import java.io.File

private const val MIB: ULong = 1_048_576UL

/** Remembers what it heard; says stop once `stopAt` bytes are hashed. */
private class Listener(val stopAt: ULong = ULong.MAX_VALUE) : HashProgress {
    val heard = mutableListOf<ULong>()

    override fun onProgress(bytesHashed: ULong): Boolean {
        heard.add(bytesHashed)
        return bytesHashed < stopAt
    }
}

class DigestTest {
    private val severalReads = Vectors.list("digests").single { it.str("name") == "several reads" }

    @Test fun hashFileReproducesEveryVector() {
        for (vector in Vectors.list("digests")) {
            val hashed = hashFile(tempFileWith(patternContent(vector)).path, null, 0UL)
            assertEquals(vector.str("name"), vector.str("sha256"), hashed.sha256)
            assertEquals(vector.str("name"), vector.long("size").toULong(), hashed.size)
        }
    }

    @Test fun sha256HexReproducesEveryVector() {
        for (vector in Vectors.list("digests")) {
            assertEquals(vector.str("name"), vector.str("sha256"), sha256Hex(patternContent(vector)))
        }
    }

    @Test fun hasherFedInFramesReproducesEveryVector() {
        for (vector in Vectors.list("digests")) {
            val content = patternContent(vector)
            EvidenceHasher().use { hasher ->
                // Uneven frames, as a camera pipeline delivers them.
                content.asIterable().chunked(70_001).forEach { hasher.update(it.toByteArray()) }
                assertEquals(content.size.toULong(), hasher.bytesHashed())
                val hashed = hasher.finish()
                assertEquals(vector.str("name"), vector.str("sha256"), hashed.sha256)
                assertEquals(vector.long("size").toULong(), hashed.size)
            }
        }
    }

    @Test fun oneChangedByteChangesTheDigest() {
        val content = patternContent(severalReads)
        content[content.size / 2] = (content[content.size / 2] + 1).toByte()
        assertNotEquals(severalReads.str("sha256"), hashFile(tempFileWith(content).path, null, 0UL).sha256)
    }

    @Test fun progressIsReportedAtTheChosenSpacing() {
        val listener = Listener()
        val hashed = hashFile(tempFileWith(patternContent(severalReads)).path, listener, MIB)
        assertEquals(severalReads.str("sha256"), hashed.sha256)
        assertEquals(listOf(MIB, 2UL * MIB), listener.heard)
    }

    @Test fun cancellingStopsTheHash() {
        val listener = Listener(stopAt = MIB)
        val error = assertThrows(CustosException.Cancelled::class.java) {
            hashFile(tempFileWith(patternContent(severalReads)).path, listener, MIB)
        }
        assertEquals(listOf(MIB), listener.heard)
        assertEquals("hashing was cancelled", error.reason)
    }

    @Test fun missingFileIsAnIoError() {
        val missing = File.createTempFile("custos-ffi-", ".bin").apply { delete() }
        val error = assertThrows(CustosException.Io::class.java) { hashFile(missing.path, null, 0UL) }
        assertTrue(error.reason, error.reason.contains("No such file"))
    }

    @Test fun savedStateMatchesCoreAndResumesTheHash() {
        val saved = Vectors.obj("hasher_state")
        val content = patternContent(severalReads)
        val prefix = saved.long("prefix_size").toInt()
        val first = EvidenceHasher()
        first.update(content.copyOfRange(0, prefix))
        assertEquals(saved.str("saved_hex"), first.saveState().joinToString("") { "%02x".format(it) })
        val resumed = EvidenceHasher.restore(hexBytes(saved.str("saved_hex")))
        resumed.update(content.copyOfRange(prefix, content.size))
        assertEquals(severalReads.str("sha256"), resumed.finish().sha256)
    }

    @Test fun damagedSavedStateIsRefused() {
        val damaged = hexBytes(Vectors.obj("hasher_state").str("saved_hex"))
        damaged[20] = (damaged[20].toInt() xor 1).toByte()
        val error = assertThrows(CustosException.InvalidInput::class.java) { EvidenceHasher.restore(damaged) }
        assertEquals("saved hashing state is damaged", error.reason)
    }

    @Test fun finishedHasherRefusesMoreWork() {
        val hasher = EvidenceHasher()
        hasher.finish()
        val error = assertThrows(CustosException.InvalidInput::class.java) { hasher.update(byteArrayOf(1)) }
        assertEquals("evidence hasher already finished", error.reason)
        assertThrows(CustosException.InvalidInput::class.java) { hasher.finish() }
        assertThrows(CustosException.InvalidInput::class.java) { hasher.saveState() }
    }

    // A listener that throws makes uniffi panic inside the Rust call (the callback returned no
    // value); the scaffolding catches that panic and the app gets an exception, not a crash.
    @Test fun panicInsideTheCallBecomesAnInternalException() {
        val throwing = object : HashProgress {
            override fun onProgress(bytesHashed: ULong): Boolean = throw IllegalStateException("listener broke")
        }
        val error = assertThrows(InternalException::class.java) {
            hashFile(tempFileWith(patternContent(severalReads)).path, throwing, MIB)
        }
        assertTrue(error.message, error.message!!.contains("listener broke"))
        // The library is still usable after the panic.
        assertEquals(severalReads.str("sha256"), sha256Hex(patternContent(severalReads)))
    }
}
