// The 双随机 draw through the binding: the known answers of core/tests/vectors/draw.py, an
// implementation independent of custos-core (path in CUSTOS_DRAW_VECTORS).
package custos.ffi.test

import com.google.gson.JsonObject
import com.google.gson.JsonParser
import custos.ffi.CustosException
import custos.ffi.DrawAssignment
import custos.ffi.DrawOutcome
import custos.ffi.DrawRequest
import custos.ffi.drawWithSeed
import custos.ffi.redoDraw
import java.io.File
import org.junit.Assert.assertEquals
import org.junit.Assert.assertThrows
import org.junit.Test

class DrawTest {
    private val draws: List<JsonObject> by lazy {
        val path = System.getenv("CUSTOS_DRAW_VECTORS") ?: error("CUSTOS_DRAW_VECTORS is not set")
        JsonParser.parseString(File(path).readText()).asJsonObject.getAsJsonArray("draws").map { it.asJsonObject }
    }

    private fun request(vector: JsonObject, teamSize: Long? = null, reversed: Boolean = false): DrawRequest {
        val inputs = vector.getAsJsonObject("inputs")
        val order = { list: List<String> -> if (reversed) list.reversed() + list.take(2) else list }
        return DrawRequest(inputs.str("draw"), inputs.str("org"), inputs.str("task"), inputs.str("domain"),
            inputs.long("count").toULong(), (teamSize ?: inputs.long("team_size")).toULong(),
            order(inputs.strings("targets")), order(inputs.strings("inspectors")))
    }

    private fun redo(vector: JsonObject, request: DrawRequest = request(vector)): DrawOutcome =
        if (vector.has("log_size")) redoDraw(request, vector.long("log_size").toULong(), vector.str("log_root"))
        else drawWithSeed(request, vector.str("seed"))

    @Test fun drawsMatchTheIndependentImplementation() {
        for (vector in draws) {
            val result = vector.getAsJsonObject("result")
            val assignments = result.getAsJsonArray("assignments").map {
                val assignment = it.asJsonObject
                DrawAssignment(assignment.str("target"), assignment.strings("inspectors"))
            }
            val expected = DrawOutcome(vector.str("inputs_sha256"), vector.str("seed"), result.strings("targets"), assignments)
            assertEquals(expected, redo(vector))
        }
    }

    @Test fun orderAndRepeatsOfTheListsDoNotMatter() {
        val vector = draws.first()
        assertEquals(redo(vector), redo(vector, request(vector, reversed = true)))
    }

    @Test fun aTeamOfOneIsInvalidInput() {
        val vector = draws.first()
        val error = assertThrows(CustosException.InvalidInput::class.java) { redo(vector, request(vector, teamSize = 1)) }
        assertEquals("team size 1 is below the two inspectors Art. 42 requires", error.reason)
    }
}
