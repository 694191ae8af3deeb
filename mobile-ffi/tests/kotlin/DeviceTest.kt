// Device keys through the binding: the fixed-seed vector, keystore round trip, signatures.
package custos.ffi.test

import custos.ffi.CustosException
import custos.ffi.DeviceSigningKey
import custos.ffi.deviceIdOf
import custos.ffi.verifyDeviceSignature
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertNotEquals
import org.junit.Assert.assertThrows
import org.junit.Test

class DeviceTest {
    private val vector = Vectors.obj("device_key")
    private val message = hexBytes(vector.str("message_hex"))

    @Test fun seedReproducesTheVectorKey() {
        val key = DeviceSigningKey.fromSeed(hexBytes(vector.str("seed_hex")))
        assertEquals(vector.str("public_key_base64"), key.publicKeyBase64())
        assertEquals(vector.str("device_id"), key.deviceId())
        assertEquals(vector.str("signature_base64"), key.sign(message))
        assertArrayEquals(hexBytes(vector.str("seed_hex")), key.seed())
    }

    @Test fun deviceIdOfAnEnrolledKey() {
        assertEquals(vector.str("device_id"), deviceIdOf(vector.str("public_key_base64")))
    }

    @Test fun vectorSignatureVerifiesAndTamperedOnesDoNot() {
        val publicKey = vector.str("public_key_base64")
        val signature = vector.str("signature_base64")
        verifyDeviceSignature(publicKey, message, signature)
        val changedMessage = message.copyOf().also { it[0] = (it[0].toInt() xor 1).toByte() }
        assertThrows(CustosException.VerificationFailed::class.java) {
            verifyDeviceSignature(publicKey, changedMessage, signature)
        }
        assertThrows(CustosException.VerificationFailed::class.java) {
            verifyDeviceSignature(publicKey, message, tamperedBase64(signature, 40))
        }
    }

    @Test fun generatedKeySurvivesTheKeystoreRoundTrip() {
        val key = DeviceSigningKey.generate()
        val restored = DeviceSigningKey.fromSeed(key.seed())
        assertEquals(key.publicKeyBase64(), restored.publicKeyBase64())
        assertNotEquals(vector.str("public_key_base64"), key.publicKeyBase64())
        verifyDeviceSignature(key.publicKeyBase64(), message, restored.sign(message))
    }

    @Test fun malformedKeysAreInvalidInput() {
        val shortSeed = assertThrows(CustosException.InvalidInput::class.java) { DeviceSigningKey.fromSeed(ByteArray(31)) }
        assertEquals("seed must be 32 bytes, got 31", shortSeed.reason)
        assertThrows(CustosException.InvalidInput::class.java) { deviceIdOf("not base64") }
    }
}
