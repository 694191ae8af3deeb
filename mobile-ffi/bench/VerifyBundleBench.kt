// The Kotlin side of verify.sh: verifies one case bundle ROUNDS times through the binding
// (verifyBundle, as an app calls it with the bytes it downloaded), after warming up, and prints
// the median wall-clock and on-CPU milliseconds of one call, as
// examples/verify_bundle_rust.rs does for the same call in Rust.
package custos.ffi.bench

import custos.ffi.verifyBundle
import java.io.File
import java.util.Locale
import kotlin.system.exitProcess

/** Nanoseconds this thread has run on a CPU (Linux schedstat), the clock the Rust side reads. */
private fun threadCpuNs(): Long = File("/proc/thread-self/schedstat").readText().substringBefore(' ').toLong()

fun main(args: Array<String>) {
    if (args.size != 3) {
        System.err.println("custos: usage: VerifyBundleBench BUNDLE VERIFIER_KEY ROUNDS")
        exitProcess(2)
    }
    val bundle = File(args[0]).readBytes()
    val key = args[1]
    val rounds = args[2].toInt()
    // Loads the library and lets the JIT settle, so the timed calls measure verification.
    repeat(3) { verifyBundle(bundle, key) }
    val wall = mutableListOf<Double>()
    val cpu = mutableListOf<Double>()
    var records = 0UL
    repeat(rounds) {
        val cpuStarted = threadCpuNs()
        val started = System.nanoTime()
        records = verifyBundle(bundle, key).records
        wall += (System.nanoTime() - started) / 1e6
        cpu += (threadCpuNs() - cpuStarted) / 1e6
    }
    val median = { values: List<Double> -> values.sorted()[values.size / 2] }
    println(String.format(Locale.ROOT, "%d records  %.3f ms wall  %.3f ms cpu", records.toLong(), median(wall), median(cpu)))
}
