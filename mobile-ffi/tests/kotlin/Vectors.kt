// Reads tests/vectors/ffi-vectors.json (path in CUSTOS_FFI_VECTORS) for the binding tests.
package custos.ffi.test

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import custos.ffi.RecordContent
import java.io.File

object Vectors {
    private val root: JsonObject by lazy {
        val path = System.getenv("CUSTOS_FFI_VECTORS") ?: error("CUSTOS_FFI_VECTORS is not set")
        JsonParser.parseString(File(path).readText()).asJsonObject
    }

    fun list(section: String): List<JsonObject> = root.getAsJsonArray(section).map { it.asJsonObject }

    fun obj(section: String): JsonObject = root.getAsJsonObject(section)
}

fun JsonObject.str(key: String): String = get(key).asString

fun JsonObject.long(key: String): Long = get(key).asLong

fun hexBytes(hex: String): ByteArray = ByteArray(hex.length / 2) { hex.substring(2 * it, 2 * it + 2).toInt(16).toByte() }

/** The content of a digest vector: its pattern repeated. */
fun patternContent(vector: JsonObject): ByteArray {
    val pattern = hexBytes(vector.str("pattern_hex"))
    val size = pattern.size * vector.long("repeat").toInt()
    return ByteArray(size) { pattern[it % pattern.size] }
}

fun tempFileWith(content: ByteArray): File =
    File.createTempFile("custos-ffi-", ".bin").apply {
        deleteOnExit()
        writeBytes(content)
    }

fun JsonObject.strings(key: String): List<String> = getAsJsonArray(key).map { it.asString }

/** `base64` with one bit of its decoded bytes flipped: a tampered hash or signature. */
fun tamperedBase64(base64: String, byteIndex: Int = 0): String {
    val bytes = java.util.Base64.getDecoder().decode(base64)
    bytes[byteIndex] = (bytes[byteIndex].toInt() xor 1).toByte()
    return java.util.Base64.getEncoder().encodeToString(bytes)
}

/** The content of a record vector, as an app would build it. */
fun contentOf(vector: JsonObject) = RecordContent(
    vector.str("chain"), vector.long("seq").toULong(),
    vector.get("prev").takeUnless { it.isJsonNull }?.asString, vector.str("kind"), vector.long("at_us"),
    vector.str("device"), vector.str("officer"), vector.str("body_json"),
)
